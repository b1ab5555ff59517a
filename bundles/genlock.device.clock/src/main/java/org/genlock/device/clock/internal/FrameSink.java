package org.genlock.device.clock.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/**
 * Where a session writes the frames it airs. Called on the pacing thread right after a frame
 * goes to air, so {@link #write} must fit in a frame period and must not allocate in steady
 * state.
 */
interface FrameSink extends Closeable {

    /**
     * Writes one aired frame.
     *
     * @param frame        the frame, readable until the call returns
     * @param displayIndex the slot it aired in
     * @throws IOException if the file cannot be written; the caller switches the sink off
     */
    void write(FrameBuffer frame, long displayIndex) throws IOException;

    /**
     * Pushes buffered output to the file (at stop and from time to time).
     *
     * @throws IOException if the file cannot be written
     */
    void flush() throws IOException;

    /**
     * Opens a sink, creating the file's directory and truncating the file.
     *
     * @param kind   the sink kind, not {@code DISCARD}
     * @param file   the file
     * @param format the session's format
     * @param maxAudioBytes the largest audio of one frame in the session (0 without audio)
     * @return the open sink
     * @throws IOException if the file cannot be created
     */
    static FrameSink open(ClockSettings.SinkKind kind, Path file, VideoFormat format, int maxAudioBytes)
            throws IOException {
        createDirectory(file);
        return switch (kind) {
            case HASHLOG -> new HashLogSink(file, format, maxAudioBytes);
            case RAW -> new RawSink(file, format);
            case Y4M -> new Y4mSink(file, format);
            case DISCARD -> throw new IllegalArgumentException("the discard sink has no file");
        };
    }

    /**
     * Opens a WAV sink for the session's audio, creating the file's directory and truncating
     * the file.
     *
     * @param file          the file
     * @param channels      the session's audio channels, 1..16
     * @param maxAudioBytes the largest audio of one frame
     * @return the open sink
     * @throws IOException if the file cannot be created
     */
    static FrameSink openWav(Path file, int channels, int maxAudioBytes) throws IOException {
        createDirectory(file);
        return new WavSink(file, channels, maxAudioBytes);
    }

    private static void createDirectory(Path file) throws IOException {
        Path dir = file.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
    }
}
