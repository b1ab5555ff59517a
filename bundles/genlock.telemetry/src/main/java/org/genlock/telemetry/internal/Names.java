package org.genlock.telemetry.internal;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;

/** The label values used for outcomes and results in every exposition, in one place. */
final class Names {

    private Names() {}

    static String outcome(FrameOutcome o) {
        return switch (o) {
            case FRESH -> "fresh";
            case REPEAT -> "repeat";
            case BLACK -> "black";
            case SLATE -> "slate";
            case SKIP -> "skip";
        };
    }

    static String result(CompletionResult r) {
        return switch (r) {
            case COMPLETED -> "completed";
            case DISPLAYED_LATE -> "late";
            case DROPPED -> "dropped";
            case FLUSHED -> "flushed";
        };
    }
}
