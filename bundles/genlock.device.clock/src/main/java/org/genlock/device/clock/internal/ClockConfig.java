package org.genlock.device.clock.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Metatype description of {@code genlock.device.clock}, for the Web Console's configuration
 * page. The component reads the raw properties itself ({@link ClockSettings#parse}) so a bad
 * value is reported with its key and text instead of being coerced.
 */
@ObjectClassDefinition(id = ClockNames.PID, name = "Genlock clock device",
        description = "A virtual output paced by the machine's monotonic clock, emulating DeckLink scheduled "
                + "playback. Sink, snapshot and fault settings apply to running sessions at the next frame; "
                + "the others to sessions opened afterwards.")
@interface ClockConfig {

    @AttributeDefinition(name = "Device id", description = "Value of the genlock.device.id service property "
            + "that channels select the device by; letters, digits, '.', '_' and '-'. A change re-registers the "
            + "device service; open sessions keep running.")
    String id() default ClockNames.DEFAULT_ID;

    @AttributeDefinition(name = "Mode", description = "paced: each slot airs at its time on the monotonic clock; "
            + "unpaced: a slot airs as soon as its frame is scheduled (throughput benchmarks).",
            options = { @Option(label = "paced", value = "paced"), @Option(label = "unpaced", value = "unpaced") })
    String mode() default "paced";

    @AttributeDefinition(name = "Sink", description = "Where aired frames go: discard; hashlog (text lines "
            + "'<displayIndex> <sha256 hex> audio=<sha256 hex|->'); raw (pixel bytes appended); y4m (YUV4MPEG2 4:2:0, BT.709 limited range).",
            options = { @Option(label = "discard", value = "discard"), @Option(label = "hashlog", value = "hashlog"),
                @Option(label = "raw", value = "raw"), @Option(label = "y4m", value = "y4m") })
    String sink() default "discard";

    @AttributeDefinition(name = "Sink file", description = "File for hashlog/raw/y4m, truncated when a session "
            + "opens it. Empty: .genlock/output/<id>.<hashlog|bgra|y4m>. Tokens: {id}, {session}; without "
            + "{session}, sessions after the first get '-<n>' before the extension.", required = false)
    String sink_path() default "";

    @AttributeDefinition(name = "WAV file", description = "The aired frames' audio as a WAV file (48 kHz, "
            + "32-bit integer PCM, WAVE_FORMAT_EXTENSIBLE; RF64 past 4 GiB), beside any sink, truncated when a "
            + "session opens it; sessions opened without audio write none. Empty: no WAV. Tokens as for the sink "
            + "file.", required = false)
    String wav_path() default "";

    @AttributeDefinition(name = "Snapshot file", description = "JPEG of the latest aired frame, replaced "
            + "atomically. Empty: no snapshot. Tokens as for the sink file.", required = false)
    String snapshot_path() default ClockNames.DEFAULT_SNAPSHOT_PATH;

    @AttributeDefinition(name = "Snapshot interval (ms)", min = "100", max = "3600000", type = AttributeType.INTEGER)
    int snapshot_interval_ms() default 1000;

    @AttributeDefinition(name = "Spin (µs)", description = "How long before a deadline the pacing thread stops "
            + "parking and spins.", min = "0", max = "10000", type = AttributeType.INTEGER)
    int spin_micros() default 200;

    @AttributeDefinition(name = "Max buffered frames", description = "Frames a session holds scheduled at once; "
            + "reported in DeviceInfo.", min = "1", max = "1024", type = AttributeType.INTEGER)
    int maxBufferedFrames() default 16;

    @AttributeDefinition(name = "Fault: stall (ms)", description = "Stall the pacing thread this long "
            + "(with fault.stall.every); 0 = off.", min = "0", max = "10000", type = AttributeType.INTEGER)
    int fault_stall_ms() default 0;

    @AttributeDefinition(name = "Fault: stall every N frames", min = "0", max = "1000000", type = AttributeType.INTEGER)
    int fault_stall_every() default 0;

    @AttributeDefinition(name = "Fault: every Nth aired frame reported DISPLAYED_LATE", min = "0", max = "1000000",
            type = AttributeType.INTEGER)
    int fault_late_every() default 0;

    @AttributeDefinition(name = "Fault: every Nth frame DROPPED (not aired)", min = "0", max = "1000000",
            type = AttributeType.INTEGER)
    int fault_drop_every() default 0;
}
