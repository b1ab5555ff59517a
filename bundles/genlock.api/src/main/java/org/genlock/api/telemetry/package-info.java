/**
 * Rare channel events as immutable {@link org.genlock.api.telemetry.Observation}s —
 * lifecycle transitions, swaps, underruns, recovery decisions, pool events, failures —
 * delivered to {@link org.genlock.api.telemetry.TelemetrySink} services and published on
 * EventAdmin under the {@link org.genlock.api.telemetry.Topics}.
 *
 * <p>Per-frame data is not here: it lives in the allocation-free
 * {@link org.genlock.api.backend.FrameLog} and the counters of
 * {@link org.genlock.api.backend.ChannelStatus}.
 */
@Export
@Version("1.1.0")
package org.genlock.api.telemetry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
