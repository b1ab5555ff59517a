package org.genlock.telemetry.internal;

import java.util.List;

import org.genlock.api.backend.AudioStatus;
import org.genlock.api.backend.ChannelStatus;

/**
 * Everything the expositions show of one channel, taken at once. Immutable.
 *
 * @param channelId        the channel
 * @param status           the last status polled, or {@code null} before the first poll
 * @param health           the verdict
 * @param windows          the 10 s, 1 min and 10 min windows, shortest first
 * @param completed        completions reported COMPLETED seen in the frame log since tracking began
 * @param overruns         frame log records lost because the poller fell behind
 * @param swaps            swap observations
 * @param underrunStreaks  underrun streaks started (observations with consecutive 1)
 * @param recoveries       recovery observations
 * @param taps             the channel's taps
 * @param audio            the channel's audio meters and counters
 */
record ChannelSnapshot(String channelId, ChannelStatus status, Health health, List<WindowStats> windows,
        long completed, long overruns, long swaps, long underrunStreaks, long recoveries,
        List<org.genlock.api.tap.TapStatus> taps, AudioStatus audio) {

    ChannelSnapshot {
        windows = List.copyOf(windows);
        taps = taps == null ? List.of() : List.copyOf(taps);
        audio = audio == null ? AudioStatus.NONE : audio;
    }

    /** A snapshot of a channel without audio. */
    ChannelSnapshot(String channelId, ChannelStatus status, Health health, List<WindowStats> windows,
            long completed, long overruns, long swaps, long underrunStreaks, long recoveries,
            List<org.genlock.api.tap.TapStatus> taps) {
        this(channelId, status, health, windows, completed, overruns, swaps, underrunStreaks, recoveries, taps,
                AudioStatus.NONE);
    }

    /** A snapshot of a channel without taps. */
    ChannelSnapshot(String channelId, ChannelStatus status, Health health, List<WindowStats> windows,
            long completed, long overruns, long swaps, long underrunStreaks, long recoveries) {
        this(channelId, status, health, windows, completed, overruns, swaps, underrunStreaks, recoveries, List.of());
    }

    /** The window of {@code seconds}, or {@code null}. */
    WindowStats window(int seconds) {
        for (WindowStats w : windows) {
            if (w.seconds() == seconds) {
                return w;
            }
        }
        return null;
    }
}
