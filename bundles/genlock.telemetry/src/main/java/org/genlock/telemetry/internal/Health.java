package org.genlock.telemetry.internal;

import java.util.List;

/**
 * A verdict with the reasons for it, for operators.
 *
 * @param verdict the verdict
 * @param reasons why, e.g. {@code "3 late frames in last 10 s"}; empty for OK
 */
record Health(Verdict verdict, List<String> reasons) {

    static final Health OK = new Health(Verdict.OK, List.of());

    Health {
        if (verdict == null) {
            throw new IllegalArgumentException("Health.verdict must not be null");
        }
        reasons = List.copyOf(reasons);
    }
}
