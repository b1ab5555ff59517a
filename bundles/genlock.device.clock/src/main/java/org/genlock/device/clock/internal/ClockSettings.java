package org.genlock.device.clock.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import org.genlock.support.ConfigCheck;
import org.genlock.support.ConfigRejected;

/**
 * One validated configuration of the clock device. Immutable: the component swaps a whole new
 * instance in (one volatile write) and each pacing thread reads it once per frame.
 *
 * @param id                 the device id ({@code genlock.device.id})
 * @param mode               paced or unpaced
 * @param sink               where aired frames go
 * @param sinkPath           sink file template; empty for the default under {@code .genlock/output/}
 * @param wavPath            WAV file template for the aired audio; empty for no WAV
 * @param snapshotPath       snapshot file template; empty for no snapshot
 * @param snapshotIntervalMs minimum time between two snapshots
 * @param spinMicros         how early before a deadline to stop parking and spin
 * @param maxBufferedFrames  frames a session holds scheduled at once
 * @param stallMs            fault: stall length, 0 = off
 * @param stallEvery         fault: stall after every Nth aired frame, 0 = off
 * @param lateEvery          fault: every Nth aired frame reported {@code DISPLAYED_LATE}, 0 = off
 * @param dropEvery          fault: every Nth frame reaching its slot is {@code DROPPED}, 0 = off
 */
record ClockSettings(String id, Mode mode, SinkKind sink, String sinkPath, String wavPath,
        String snapshotPath, int snapshotIntervalMs, int spinMicros, int maxBufferedFrames, int stallMs,
        int stallEvery, int lateEvery, int dropEvery) {

    /** How the pacing thread decides when a slot airs. */
    enum Mode {
        /** At the slot's deadline on the monotonic clock. */
        PACED,
        /** As soon as the slot's frame is scheduled. */
        UNPACED
    }

    /** Where aired frames are written. */
    enum SinkKind {
        DISCARD(""), HASHLOG("hashlog"), RAW("bgra"), Y4M("y4m");

        private final String extension;

        SinkKind(String extension) {
            this.extension = extension;
        }

        String extension() {
            return extension;
        }
    }

    static final String KEY_ID = "id";
    static final String KEY_MODE = "mode";
    static final String KEY_SINK = "sink";
    static final String KEY_SINK_PATH = "sink.path";
    static final String KEY_WAV_PATH = "wav.path";
    static final String KEY_SNAPSHOT_PATH = "snapshot.path";
    static final String KEY_SNAPSHOT_INTERVAL = "snapshot.interval.ms";
    static final String KEY_SPIN = "spin.micros";
    static final String KEY_MAX_BUFFERED = "maxBufferedFrames";
    static final String KEY_STALL_MS = "fault.stall.ms";
    static final String KEY_STALL_EVERY = "fault.stall.every";
    static final String KEY_LATE_EVERY = "fault.late.every";
    static final String KEY_DROP_EVERY = "fault.drop.every";

    /** The settings when nothing is configured (must match {@link ClockConfig}'s defaults). */
    static final ClockSettings DEFAULTS = new ClockSettings(ClockNames.DEFAULT_ID, Mode.PACED, SinkKind.DISCARD, "", "",
            ClockNames.DEFAULT_SNAPSHOT_PATH, 1000, 200, 16, 0, 0, 0, 0);

    private static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9._-]+");
    private static final int MAX_EVERY = 1_000_000;

    /**
     * Validates a complete configuration; a missing key takes its default.
     *
     * @param props the configuration properties (values as strings or numbers)
     * @return the settings
     * @throws ConfigRejected naming the PID, the first bad key, its value and what is allowed
     */
    static ClockSettings parse(Map<String, ?> props) {
        ConfigCheck check = ConfigCheck.of(ClockNames.PID);
        String id = check.notBlank(KEY_ID, text(props, KEY_ID, DEFAULTS.id()));
        if (!ID_PATTERN.matcher(id).matches()) {
            throw check.reject(KEY_ID, id, "letters, digits, '.', '_' and '-' (it names the device and its files)");
        }
        Mode mode = check.oneOf(KEY_MODE, text(props, KEY_MODE, "paced"), Mode.class);
        SinkKind sink = check.oneOf(KEY_SINK, text(props, KEY_SINK, "discard"), SinkKind.class);
        String sinkPath = path(check, KEY_SINK_PATH, text(props, KEY_SINK_PATH, DEFAULTS.sinkPath()));
        String wavPath = path(check, KEY_WAV_PATH, text(props, KEY_WAV_PATH, DEFAULTS.wavPath()));
        if (!wavPath.isEmpty() && sink != SinkKind.DISCARD && wavPath.equals(sinkPath)) {
            throw check.reject(KEY_WAV_PATH, wavPath, "a file other than sink.path (both would truncate and write it)");
        }
        String snapshotPath = path(check, KEY_SNAPSHOT_PATH, text(props, KEY_SNAPSHOT_PATH, DEFAULTS.snapshotPath()));
        int interval = integer(check, props, KEY_SNAPSHOT_INTERVAL, DEFAULTS.snapshotIntervalMs(), 100, 3_600_000);
        int spin = integer(check, props, KEY_SPIN, DEFAULTS.spinMicros(), 0, 10_000);
        int maxBuffered = integer(check, props, KEY_MAX_BUFFERED, DEFAULTS.maxBufferedFrames(), 1, 1024);
        int stallMs = integer(check, props, KEY_STALL_MS, 0, 0, 10_000);
        int stallEvery = integer(check, props, KEY_STALL_EVERY, 0, 0, MAX_EVERY);
        int lateEvery = integer(check, props, KEY_LATE_EVERY, 0, 0, MAX_EVERY);
        int dropEvery = integer(check, props, KEY_DROP_EVERY, 0, 0, MAX_EVERY);
        return new ClockSettings(id, mode, sink, sinkPath, wavPath, snapshotPath, interval, spin, maxBuffered,
                stallMs, stallEvery, lateEvery, dropEvery);
    }

    /**
     * Returns the sink file for a session, or {@code null} for {@link SinkKind#DISCARD}.
     *
     * @param session the session number, 1 for the first open session
     * @return the absolute file
     */
    Path sinkFile(int session) {
        if (sink == SinkKind.DISCARD) {
            return null;
        }
        String template = sinkPath.isEmpty()
                ? ClockNames.OUTPUT_DIR + ClockNames.ID_TOKEN + "." + sink.extension()
                : sinkPath;
        return resolve(template, session);
    }

    /**
     * Returns the WAV file for a session, or {@code null} when no WAV is written.
     *
     * @param session the session number, 1 for the first open session
     * @return the absolute file
     */
    Path wavFile(int session) {
        return wavPath.isEmpty() ? null : resolve(wavPath, session);
    }

    /**
     * Returns the snapshot file for a session, or {@code null} when snapshots are off.
     *
     * @param session the session number, 1 for the first open session
     * @return the absolute file
     */
    Path snapshotFile(int session) {
        return snapshotPath.isEmpty() ? null : resolve(snapshotPath, session);
    }

    /** Expands the tokens; sessions after the first get their own file so they never interleave. */
    private Path resolve(String template, int session) {
        String s = template.replace(ClockNames.ID_TOKEN, id);
        if (s.contains(ClockNames.SESSION_TOKEN)) {
            s = s.replace(ClockNames.SESSION_TOKEN, Integer.toString(session));
        } else if (session > 1) {
            Path p = Path.of(s);
            String name = p.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String suffixed = dot > 0
                    ? name.substring(0, dot) + "-" + session + name.substring(dot)
                    : name + "-" + session;
            s = p.resolveSibling(suffixed).toString();
        }
        return Path.of(s).toAbsolutePath().normalize();
    }

    private static String text(Map<String, ?> props, String key, String fallback) {
        Object v = props.get(key);
        return v == null ? fallback : String.valueOf(v);
    }

    private static String path(ConfigCheck check, String key, String value) {
        String s = value.strip();
        if (s.isEmpty()) {
            return s;
        }
        try {
            Path.of(s.replace(ClockNames.ID_TOKEN, "x").replace(ClockNames.SESSION_TOKEN, "1"));
        } catch (InvalidPathException e) {
            throw check.reject(key, value, "a file path (" + e.getReason() + ")");
        }
        if (s.endsWith("/") || s.endsWith("\\")) {
            throw check.reject(key, value, "a file path, not a directory");
        }
        return s;
    }

    private static int integer(ConfigCheck check, Map<String, ?> props, String key, int fallback, int min,
            int max) {
        Object v = props.get(key);
        if (v == null) {
            return fallback;
        }
        long value;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            value = ((Number) v).longValue();
        } else {
            String s = String.valueOf(v).strip();
            try {
                value = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw check.reject(key, v, "an integer from " + min + " to " + max);
            }
        }
        return (int) check.range(key, value, min, max);
    }
}
