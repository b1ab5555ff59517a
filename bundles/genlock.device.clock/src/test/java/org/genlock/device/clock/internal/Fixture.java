package org.genlock.device.clock.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.genlock.api.device.DeviceException;
import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.Rational;
import org.genlock.api.video.ScanMode;
import org.genlock.api.video.VideoFormat;

/** Small, fast formats and a device configured for one test. */
final class Fixture {

    static final VideoFormat FPS200 = VideoFormat.of(32, 18, Rational.of(200), PixelFormat.BGRA8,
            ScanMode.PROGRESSIVE);
    static final VideoFormat FPS100 = VideoFormat.of(32, 18, Rational.of(100), PixelFormat.BGRA8,
            ScanMode.PROGRESSIVE);
    static final VideoFormat FPS50 = VideoFormat.of(32, 18, Rational.of(50), PixelFormat.BGRA8,
            ScanMode.PROGRESSIVE);
    static final VideoFormat FPS24 = VideoFormat.of(32, 18, Rational.of(24), PixelFormat.BGRA8,
            ScanMode.PROGRESSIVE);

    private Fixture() {}

    /** A device (not registered) with the test formats and the given configuration; snapshots off. */
    static ClockDevice device(Object... keyValues) {
        Map<String, Object> props = new HashMap<>();
        props.put(ClockSettings.KEY_SNAPSHOT_PATH, "");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        ClockDevice device = new ClockDevice(List.of(FPS200, FPS100, FPS50, FPS24));
        if (!device.apply(props, true)) {
            throw new AssertionError("test configuration rejected: " + props);
        }
        return device;
    }

    static ClockSession open(ClockDevice device, VideoFormat format, RecordingListener listener) {
        return open(device, format, 0, listener);
    }

    static ClockSession open(ClockDevice device, VideoFormat format, int audioChannels, RecordingListener listener) {
        try {
            return (ClockSession) device.open(format, audioChannels, listener);
        } catch (DeviceException e) {
            throw new AssertionError(e);
        }
    }

    static TestFrame[] frames(int n, VideoFormat format) {
        TestFrame[] frames = new TestFrame[n];
        for (int i = 0; i < n; i++) {
            frames[i] = TestFrame.of(i, format).pattern(i);
        }
        return frames;
    }
}
