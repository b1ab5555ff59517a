package org.genlock.device.clock.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.frame.FrameBuffer;

/**
 * Appends each aired frame's audio ({@link AudioBuffer#samples()}, interleaved int32 LE, as it
 * is) to a WAV file (see {@link WavHeader}), in display order. The sizes in the header are
 * rewritten on every {@link #flush()} and every {@link #FLUSH_EVERY} frames, so a process that
 * is killed leaves a file that reads up to its last flush; past 4 GiB the header turns into
 * RF64. Frames without audio (0 channels) add nothing.
 *
 * <p>The samples are copied with an absolute bulk get into a reused direct buffer (the slot's
 * buffer must keep its position and limit) and written from there; header and copy buffers
 * are allocated once, so {@link #write} allocates nothing.
 */
final class WavSink implements FrameSink {

    /** Frames between two header rewrites: one second at 25p. */
    static final int FLUSH_EVERY = 25;

    private final FileChannel channel;
    private final int channels;
    private final ByteBuffer header = ByteBuffer.allocateDirect(WavHeader.SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private ByteBuffer scratch;
    private long dataBytes;
    private int unflushed;

    /**
     * Creates or truncates the file and writes the header of an empty file.
     *
     * @param file         the WAV file
     * @param channels     the session's audio channels, 1..16
     * @param maxFrameBytes the largest audio of one frame, for the copy buffer
     */
    WavSink(Path file, int channels, int maxFrameBytes) throws IOException {
        this(file, channels, maxFrameBytes, 0);
    }

    /**
     * A sink whose file already holds {@code dataBytes} of samples (a hole in a sparse file):
     * lets a test cross 4 GiB without writing it.
     */
    WavSink(Path file, int channels, int maxFrameBytes, long dataBytes) throws IOException {
        if (channels < 1 || channels > 16) {
            throw new IllegalArgumentException("a WAV file needs 1 to 16 channels, got " + channels);
        }
        this.channels = channels;
        this.scratch = ByteBuffer.allocateDirect(maxFrameBytes);
        this.dataBytes = dataBytes;
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        writeHeader();
        channel.position(WavHeader.SIZE + dataBytes);
    }

    @Override
    public void write(FrameBuffer frame, long displayIndex) throws IOException {
        AudioBuffer audio = frame.audio();
        int c = audio.channels();
        if (c == 0) {
            return;
        }
        if (c != channels) {
            throw new IOException("display index " + displayIndex + " carries " + c + " audio channels but the WAV "
                    + "file has " + channels + " (the session's audio channels)");
        }
        int n = audio.byteCount();
        if (scratch.capacity() < n) {
            scratch = ByteBuffer.allocateDirect(n);
        }
        scratch.clear();
        scratch.put(0, audio.samples(), 0, n);
        scratch.limit(n);
        while (scratch.hasRemaining()) {
            channel.write(scratch);
        }
        dataBytes += n;
        if (++unflushed >= FLUSH_EVERY) {
            flush();
        }
    }

    /** Rewrites the header with the sizes written so far (RF64 once they need it). */
    @Override
    public void flush() throws IOException {
        unflushed = 0;
        writeHeader();
    }

    private void writeHeader() throws IOException {
        WavHeader.write(header, channels, dataBytes);
        header.clear();
        long at = 0;
        while (header.hasRemaining()) {
            at += channel.write(header, at);
        }
    }

    /** Bytes of samples written (for tests). */
    long dataBytes() {
        return dataBytes;
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}
