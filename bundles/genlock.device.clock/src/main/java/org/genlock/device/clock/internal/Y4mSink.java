package org.genlock.device.clock.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/**
 * Writes aired frames as YUV4MPEG2 4:2:0 8-bit (BT.709, limited range), playable with
 * {@code ffplay} or {@code mpv}: one header when the file is opened, then {@code FRAME\n}
 * and the Y, Cb and Cr planes per frame. BGRA is converted into one reused byte array that
 * holds the frame marker and the three planes, written in one call.
 */
final class Y4mSink implements FrameSink {

    static final byte[] FRAME_MARKER = "FRAME\n".getBytes(StandardCharsets.US_ASCII);

    private final FileChannel channel;
    private final FrameCopy copy;
    private final int width;
    private final int height;
    private final byte[] frame;
    private final ByteBuffer frameOut;

    Y4mSink(Path file, VideoFormat format) throws IOException {
        width = format.width();
        height = format.height();
        copy = new FrameCopy(format.frameBytes());
        frame = new byte[FRAME_MARKER.length + I420.planeBytes(width, height)];
        System.arraycopy(FRAME_MARKER, 0, frame, 0, FRAME_MARKER.length);
        frameOut = ByteBuffer.wrap(frame);
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        writeFully(ByteBuffer.wrap(header(format).getBytes(StandardCharsets.US_ASCII)));
    }

    /** The stream header: size, exact rate, field order, square pixels, 4:2:0 with centred chroma. */
    static String header(VideoFormat format) {
        char interlace = switch (format.scan()) {
            case PROGRESSIVE -> 'p';
            case INTERLACED_UPPER_FIRST -> 't';
            case INTERLACED_LOWER_FIRST -> 'b';
        };
        return "YUV4MPEG2 W" + format.width() + " H" + format.height() + " F" + format.frameRate().numerator() + ":"
                + format.frameRate().denominator() + " I" + interlace + " A1:1 C420jpeg XCOLORRANGE=LIMITED\n";
    }

    @Override
    public void write(FrameBuffer f, long displayIndex) throws IOException {
        copy.copy(f);
        I420.fromBgra(copy.data(), copy.rowBytes(), width, height, frame, FRAME_MARKER.length);
        frameOut.clear();
        writeFully(frameOut);
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    @Override
    public void flush() {
        // FileChannel writes go straight to the OS
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
