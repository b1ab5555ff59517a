package org.genlock.telemetry.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the health telemetry: the thresholds of the DEGRADED verdict. */
@ObjectClassDefinition(name = "Genlock health telemetry",
        description = "Thresholds above which a channel's health verdict is DEGRADED (counted over the last 10 s).")
@interface TelemetryConfig {

    @AttributeDefinition(name = "Late frames per 10 s", min = "0", max = "100000",
            description = "Late completions tolerated in 10 s; more make the channel DEGRADED.")
    int lateFramesPer10s() default 1;

    @AttributeDefinition(name = "Dropped frames per 10 s", min = "0", max = "100000",
            description = "Dropped completions tolerated in 10 s; more make the channel DEGRADED.")
    int droppedFramesPer10s() default 1;

    @AttributeDefinition(name = "Underrun ratio (%)", type = AttributeType.DOUBLE, min = "0", max = "100",
            description = "Display indices without a fresh frame tolerated, in percent of the frames of the last 10 s.")
    double underrunRatioPercent() default 1.0;
}
