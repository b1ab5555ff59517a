package org.genlock.device.clock.internal;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageOutputStream;

import org.genlock.api.frame.FrameBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a JPEG of the latest aired frame on disk. The pacing thread only copies the frame into
 * a reused buffer (a memcpy) when the interval has passed and the encoder is idle; a
 * low-priority encoder thread converts and writes it to a temporary file that is then moved
 * over the target, so a reader never sees half a picture. After a write failure (the directory
 * removed or not writable, a full disk) snapshots keep being attempted at the interval, the
 * directory is created again, and the first success ends the episode: one log line when it
 * starts and one when it ends, never one per attempt.
 *
 * <p>The encoder reuses one image whose bytes are interleaved R, G, B, the layout the JPEG
 * writer consumes without converting the picture (an {@code int} RGB image made it allocate
 * about 25 MB per 1080p snapshot; this one about 0.44 MB, the writer's own row buffers), and
 * one JPEG writer.
 */
final class Snapshotter {

    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

    private final String sessionName;
    private final FrameCopy copy;
    private final int width;
    private final int height;

    // pacing thread only
    private long intervalNanos;
    private long lastNanos;
    private boolean taken;
    private Thread encoder;

    // handed between the pacing thread and the encoder
    private volatile Path target;
    private volatile boolean busy;
    private volatile boolean closing;
    private BufferedImage image;
    private ImageWriter writer;
    private Path preparedDir; // encoder thread: the directory already created for the target
    // encoder thread: the failing episode, if any
    private Path failingFile;
    private int failedAttempts;

    Snapshotter(String sessionName, int width, int height, int frameBytes) {
        this.sessionName = sessionName;
        this.width = width;
        this.height = height;
        this.copy = new FrameCopy(frameBytes);
    }

    /** Applies new settings (pacing thread; off the per-frame path). */
    void configure(Path file, int intervalMs) {
        target = file;
        intervalNanos = intervalMs * 1_000_000L;
    }

    /** Called on the pacing thread for each aired frame; copies it when a snapshot is due. */
    void offer(FrameBuffer frame, long nowNanos) {
        if (target == null || busy || (taken && nowNanos - lastNanos < intervalNanos)) {
            return;
        }
        copy.copy(frame);
        taken = true;
        lastNanos = nowNanos;
        busy = true;
        if (encoder == null) {
            encoder = new Thread(this::encodeLoop, sessionName + "-snapshot");
            encoder.setDaemon(true);
            encoder.setPriority(Thread.MIN_PRIORITY);
            encoder.start();
        } else {
            LockSupport.unpark(encoder);
        }
    }

    /** Ends the encoder thread after the snapshot in progress, if any (control path). */
    void close() {
        closing = true;
        Thread t = encoder;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An sRGB image whose raster holds R, G, B bytes per pixel, in that order. */
    static BufferedImage rgbImage(int width, int height) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 3 * width, 3,
                new int[] {0, 1, 2}, null);
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(model, raster, false, null);
    }

    private static ImageWriter jpegWriter() throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpg");
        if (!writers.hasNext()) {
            throw new IOException("no JPEG writer in this JVM (javax.imageio)");
        }
        return writers.next();
    }

    private void encodeLoop() {
        while (!closing) {
            if (busy) {
                Path file = target;
                if (file != null) {
                    write(file);
                }
                busy = false;
            }
            LockSupport.park(this);
        }
        if (busy) {
            Path file = target; // the last frame before closing is still worth keeping
            if (file != null) {
                write(file);
            }
        }
        if (writer != null) {
            writer.dispose();
        }
    }

    private void write(Path file) {
        try {
            if (image == null) {
                image = rgbImage(width, height);
                writer = jpegWriter();
            }
            byte[] rgb = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            byte[] src = copy.data();
            int stride = copy.rowBytes();
            for (int y = 0; y < height; y++) {
                int p = y * stride;
                int o = 3 * y * width;
                for (int x = 0; x < width; x++, p += 4, o += 3) {
                    rgb[o] = src[p + 2];
                    rgb[o + 1] = src[p + 1];
                    rgb[o + 2] = src[p];
                }
            }
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && !dir.equals(preparedDir)) {
                Files.createDirectories(dir); // once per target directory, not per snapshot
                preparedDir = dir;
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp); // the stream overwrites in place: no tail of a longer file
            try (ImageOutputStream out = new FileImageOutputStream(tmp.toFile())) {
                writer.setOutput(out);
                writer.write(image);
            } finally {
                writer.setOutput(null);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            succeeded(file);
        } catch (IOException | RuntimeException e) {
            failed(file, e);
        }
    }

    private void succeeded(Path file) {
        if (failingFile != null) {
            LOG.info("{}: snapshot written again to {} after {} failed attempt(s)", sessionName, file, failedAttempts);
            failingFile = null;
            failedAttempts = 0;
        }
    }

    private void failed(Path file, Exception e) {
        preparedDir = null; // the directory may have gone: create it again on the next try
        if (writer != null) {
            writer.reset(); // a write that broke off must not leave the reused writer half-configured
        }
        failedAttempts++;
        if (!file.equals(failingFile)) {
            failingFile = file;
            failedAttempts = 1;
            LOG.error("{}: cannot write the snapshot {}: {}; retrying every snapshot interval (logged again only "
                    + "when it succeeds), playout continues", sessionName, file, e.toString());
        }
    }
}
