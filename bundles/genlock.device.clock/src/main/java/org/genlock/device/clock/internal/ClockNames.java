package org.genlock.device.clock.internal;

/**
 * The names this bundle shares with configurations and other bundles, in one place.
 */
final class ClockNames {

    /** Configuration PID (= bundle symbolic name). */
    static final String PID = "genlock.device.clock";

    /** Service property that channel configurations select devices by ({@code device.target}). */
    static final String DEVICE_ID_PROPERTY = "genlock.device.id";

    /** Device id when none is configured. */
    static final String DEFAULT_ID = "clock";

    /** Human-readable device name reported in {@code DeviceInfo}. */
    static final String DEVICE_NAME = "Clock (virtual)";

    /** Directory (relative to the working directory) for default output files. */
    static final String OUTPUT_DIR = ".genlock/output/";

    /** Path token replaced by the device id. */
    static final String ID_TOKEN = "{id}";

    /** Path token replaced by the session number (1 for the first open session). */
    static final String SESSION_TOKEN = "{session}";

    /** Default snapshot file. */
    static final String DEFAULT_SNAPSHOT_PATH = OUTPUT_DIR + ID_TOKEN + "-snapshot.jpg";

    private ClockNames() {}
}
