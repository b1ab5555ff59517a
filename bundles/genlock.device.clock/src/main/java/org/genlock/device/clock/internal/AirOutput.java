package org.genlock.device.clock.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a frame when it airs in one session: the configured sink and the snapshot.
 * Used on the pacing thread only. Settings are re-applied when a new settings object is
 * seen (once per frame, an identity check); reopening a sink happens only when its kind or
 * file changed. An I/O error is logged once and switches the sink off until its settings
 * change; playout never stops for it.
 */
final class AirOutput {

    private static final Logger LOG = LoggerFactory.getLogger(AirOutput.class);

    private final String sessionName;
    private final int sessionNumber;
    private final VideoFormat format;
    private final Snapshotter snapshot;

    private ClockSettings applied;
    private ClockSettings.SinkKind sinkKind = ClockSettings.SinkKind.DISCARD;
    private Path sinkFile;
    private FrameSink sink;

    AirOutput(String sessionName, int sessionNumber, VideoFormat format) {
        this.sessionName = sessionName;
        this.sessionNumber = sessionNumber;
        this.format = format;
        this.snapshot = new Snapshotter(sessionName, format.width(), format.height(), format.frameBytes());
    }

    /** Applies settings if they are not the ones already applied. */
    void configure(ClockSettings s) {
        if (s == applied) {
            return;
        }
        applied = s;
        snapshot.configure(s.snapshotFile(sessionNumber), s.snapshotIntervalMs());
        Path file = s.sinkFile(sessionNumber);
        if (s.sink() == sinkKind && Objects.equals(file, sinkFile)) {
            return;
        }
        closeSink();
        sinkKind = s.sink();
        sinkFile = file;
        if (file == null) {
            return;
        }
        try {
            sink = FrameSink.open(sinkKind, file, format);
            LOG.info("{}: writing aired frames as {} to {}", sessionName, sinkKind.name().toLowerCase(Locale.ROOT), file);
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: cannot open the {} sink file {}: {}; frames are discarded until sink or sink.path "
                    + "changes, playout continues", sessionName, sinkKind.name().toLowerCase(Locale.ROOT), file, e.toString());
        }
    }

    /** Writes an aired frame to the sink and offers it to the snapshot. */
    void air(FrameBuffer frame, long displayIndex, long nowNanos) {
        FrameSink s = sink;
        if (s != null) {
            try {
                s.write(frame, displayIndex);
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        }
        snapshot.offer(frame, nowNanos);
    }

    /** Pushes buffered sink output to its file. */
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

    /** Closes the sink and ends the snapshot encoder. */
    void close() {
        closeSink();
        snapshot.close();
    }

    private void fail(Exception e) {
        LOG.error("{}: writing the {} sink file {} failed: {}; the sink is off until sink or sink.path changes, "
                + "playout continues", sessionName, sinkKind.name().toLowerCase(Locale.ROOT), sinkFile, e.toString());
        FrameSink s = sink;
        sink = null;
        try {
            s.close();
        } catch (IOException | RuntimeException ignored) {
            // already reported the failure that matters
        }
    }

    private void closeSink() {
        FrameSink s = sink;
        sink = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.error("{}: closing the sink file {} failed: {}", sessionName, sinkFile, e.toString());
            }
        }
    }
}
