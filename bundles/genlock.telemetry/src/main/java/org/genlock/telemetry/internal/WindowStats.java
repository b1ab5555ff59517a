package org.genlock.telemetry.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The statistics of one rolling window.
 *
 * @param seconds      the window length
 * @param frames       frame records by outcome label ({@link Names#outcome})
 * @param completions  completions by result label ({@link Names#result})
 * @param underruns    underrun fills aired or scheduled (repeat, black, slate; skips not counted)
 * @param depthAverage mean ready depth sampled
 * @param depthMax     highest ready depth sampled
 * @param render       render time quantiles, or {@code null} beyond the histogram horizon
 * @param lateness     lateness quantiles (early counts as 0), or {@code null} beyond it
 */
record WindowStats(int seconds, Map<String, Long> frames, Map<String, Long> completions, long underruns,
        double depthAverage, int depthMax, Quantiles render, Quantiles lateness) {

    WindowStats {
        frames = Collections.unmodifiableMap(new LinkedHashMap<>(frames));
        completions = Collections.unmodifiableMap(new LinkedHashMap<>(completions));
    }
}
