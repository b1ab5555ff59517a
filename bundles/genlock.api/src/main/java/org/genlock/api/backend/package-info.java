/**
 * The channel: a {@link org.genlock.api.backend.VideoBackend} service per output channel,
 * its lifecycle ({@link org.genlock.api.backend.BackendState}, validated
 * {@link org.genlock.api.backend.StateTransition transitions}), status snapshots
 * ({@link org.genlock.api.backend.ChannelStatus}) and the per-frame
 * {@link org.genlock.api.backend.FrameLog}.
 *
 * <p>Telemetry costs the hot path nothing: the backend writes one fixed-size record per
 * display index into a preallocated ring and bumps primitive counters; readers poll the ring
 * with their own cursor and detect overrun. Rare events travel as objects through
 * {@link org.genlock.api.telemetry.TelemetrySink}.
 */
@Export
@Version("1.3.0")
package org.genlock.api.backend;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
