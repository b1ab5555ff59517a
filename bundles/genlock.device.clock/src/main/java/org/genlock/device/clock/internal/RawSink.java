package org.genlock.device.clock.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/**
 * Appends each aired frame's pixel bytes ({@code rowBytes * height}) to a file, e.g. for
 * {@code ffplay -f rawvideo -pixel_format bgra}. The frame is copied direct-to-direct into a
 * reused scratch buffer (the shared frame buffer's position must not move) and written from
 * there.
 */
final class RawSink implements FrameSink {

    private final FileChannel channel;
    private ByteBuffer scratch;

    RawSink(Path file, VideoFormat format) throws IOException {
        scratch = ByteBuffer.allocateDirect(format.frameBytes());
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public void write(FrameBuffer frame, long displayIndex) throws IOException {
        int n = FrameCopy.frameBytes(frame);
        if (scratch.capacity() < n) {
            scratch = ByteBuffer.allocateDirect(n);
        }
        scratch.clear();
        scratch.put(0, frame.pixels(), 0, n);
        scratch.limit(n);
        while (scratch.hasRemaining()) {
            channel.write(scratch);
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
