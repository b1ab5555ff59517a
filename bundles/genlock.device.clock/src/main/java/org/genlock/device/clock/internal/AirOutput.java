package org.genlock.device.clock.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a frame when it airs in one session: the configured sink, the WAV file of
 * its audio and the snapshot. Used on the pacing thread only. Settings are re-applied when a
 * new settings object is seen (once per frame, an identity check); reopening a file happens
 * only when its kind or path changed. An I/O error is logged once and switches that file off
 * until its settings change; playout never stops for it.
 */
final class AirOutput {

    private static final Logger LOG = LoggerFactory.getLogger(AirOutput.class);

    private final String sessionName;
    private final int sessionNumber;
    private final VideoFormat format;
    private final int audioChannels;
    private final int maxAudioBytes;
    private final Snapshotter snapshot;
    private final Output video = new Output("sink", "sink or sink.path");
    private final Output wav = new Output("wav", ClockSettings.KEY_WAV_PATH);

    private ClockSettings applied;

    /**
     * @param audioChannels the session's audio channels, 0 for none
     */
    AirOutput(String sessionName, int sessionNumber, VideoFormat format, int audioChannels) {
        this.sessionName = sessionName;
        this.sessionNumber = sessionNumber;
        this.format = format;
        this.audioChannels = audioChannels;
        this.maxAudioBytes = audioChannels * format.frameTime().maxAudioSamples(AudioBuffer.SAMPLE_RATE)
                * AudioBuffer.BYTES_PER_SAMPLE;
        this.snapshot = new Snapshotter(sessionName, format.width(), format.height(), format.frameBytes());
    }

    /** Applies settings if they are not the ones already applied. */
    void configure(ClockSettings s) {
        if (s == applied) {
            return;
        }
        applied = s;
        snapshot.configure(s.snapshotFile(sessionNumber), s.snapshotIntervalMs());
        ClockSettings.SinkKind kind = s.sink();
        Path file = s.sinkFile(sessionNumber);
        if (video.changed(kind, file)) {
            video.open(kind, file, () -> FrameSink.open(kind, file, format, maxAudioBytes),
                    "aired frames as " + kind.name().toLowerCase(Locale.ROOT));
        }
        Path wavFile = s.wavFile(sessionNumber);
        if (wav.changed("wav", wavFile)) {
            if (wavFile != null && audioChannels == 0) {
                LOG.info("{}: the session carries no audio, so no WAV file is written to {}", sessionName, wavFile);
                wav.open("wav", wavFile, null, null);
            } else {
                wav.open("wav", wavFile, () -> FrameSink.openWav(wavFile, audioChannels, maxAudioBytes),
                        "the aired audio (" + audioChannels + " channels, 48 kHz) as wav");
            }
        }
    }

    /** Writes an aired frame to the sink and the WAV file and offers it to the snapshot. */
    void air(FrameBuffer frame, long displayIndex, long nowNanos) {
        video.write(frame, displayIndex);
        wav.write(frame, displayIndex);
        snapshot.offer(frame, nowNanos);
    }

    /** Pushes buffered output to the files (the WAV's header gets its sizes). */
    void flush() {
        video.flush();
        wav.flush();
    }

    /** Closes the files and ends the snapshot encoder. */
    void close() {
        video.close();
        wav.close();
        snapshot.close();
    }

    /** Opens a sink. */
    @FunctionalInterface
    private interface Opener {
        FrameSink open() throws IOException;
    }

    /** One file the session writes aired frames to, and what went wrong with it. */
    private final class Output {

        private final String label;
        private final String keys;
        private Object kind;
        private Path file;
        private FrameSink sink;

        Output(String label, String keys) {
            this.label = label;
            this.keys = keys;
        }

        boolean changed(Object newKind, Path newFile) {
            return !Objects.equals(newKind, kind) || !Objects.equals(newFile, file);
        }

        /** Closes the current file and opens the new one; {@code opener} null: nothing to open. */
        void open(Object newKind, Path newFile, Opener opener, String what) {
            close();
            kind = newKind;
            file = newFile;
            if (newFile == null || opener == null) {
                return;
            }
            try {
                sink = opener.open();
                LOG.info("{}: writing {} to {}", sessionName, what, newFile);
            } catch (IOException | RuntimeException e) {
                LOG.error("{}: cannot open the {} file {}: {}; it is not written until {} changes, playout "
                        + "continues", sessionName, name(), newFile, e.toString(), keys);
            }
        }

        void write(FrameBuffer frame, long displayIndex) {
            FrameSink s = sink;
            if (s != null) {
                try {
                    s.write(frame, displayIndex);
                } catch (IOException | RuntimeException e) {
                    fail(e);
                }
            }
        }

        void flush() {
            FrameSink s = sink;
            if (s != null) {
                try {
                    s.flush();
                } catch (IOException | RuntimeException e) {
                    fail(e);
                }
            }
        }

        private void fail(Exception e) {
            LOG.error("{}: writing the {} file {} failed: {}; it is off until {} changes, playout continues",
                    sessionName, name(), file, e.toString(), keys);
            FrameSink s = sink;
            sink = null;
            try {
                s.close();
            } catch (IOException | RuntimeException ignored) {
                // already reported the failure that matters
            }
        }

        void close() {
            FrameSink s = sink;
            sink = null;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    LOG.error("{}: closing the {} file {} failed: {}", sessionName, name(), file, e.toString());
                }
            }
        }

        private String name() {
            return kind instanceof ClockSettings.SinkKind k ? k.name().toLowerCase(Locale.ROOT) + " sink" : label;
        }
    }
}
