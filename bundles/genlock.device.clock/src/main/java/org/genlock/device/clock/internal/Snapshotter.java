package org.genlock.device.clock.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.locks.LockSupport;

import javax.imageio.ImageIO;

import org.genlock.api.frame.FrameBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a JPEG of the latest aired frame on disk. The pacing thread only copies the frame into
 * a reused buffer (a memcpy) when the interval has passed and the encoder is idle; a
 * low-priority encoder thread converts and writes it to a temporary file that is then moved
 * over the target, so a reader never sees half a picture. A write failure is logged once and
 * switches snapshots off until the snapshot settings change.
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
    private volatile boolean failed;
    private volatile boolean closing;
    private BufferedImage image;

    Snapshotter(String sessionName, int width, int height, int frameBytes) {
        this.sessionName = sessionName;
        this.width = width;
        this.height = height;
        this.copy = new FrameCopy(frameBytes);
    }

    /** Applies new settings (pacing thread; off the per-frame path). */
    void configure(Path file, int intervalMs) {
        if (file != null && !file.equals(target)) {
            failed = false;
        }
        target = file;
        intervalNanos = intervalMs * 1_000_000L;
    }

    /** Called on the pacing thread for each aired frame; copies it when a snapshot is due. */
    void offer(FrameBuffer frame, long nowNanos) {
        if (target == null || failed || busy || (taken && nowNanos - lastNanos < intervalNanos)) {
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
    }

    private void write(Path file) {
        try {
            if (image == null) {
                image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            }
            int[] rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            byte[] src = copy.data();
            int stride = copy.rowBytes();
            for (int y = 0; y < height; y++) {
                int p = y * stride;
                int o = y * width;
                for (int x = 0; x < width; x++, p += 4) {
                    rgb[o + x] = (src[p + 2] & 0xFF) << 16 | (src[p + 1] & 0xFF) << 8 | (src[p] & 0xFF);
                }
            }
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            if (!ImageIO.write(image, "jpg", tmp.toFile())) {
                throw new IOException("no JPEG writer in this JVM (javax.imageio)");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            LOG.error("{}: cannot write the snapshot {}: {}; snapshots are off for this session until "
                    + "snapshot.path changes, playout continues", sessionName, file, e.toString());
        }
    }
}
