/**
 * Frame memory: the pooled {@link org.genlock.api.frame.FrameBuffer} that renderers write
 * and devices read, and the {@link org.genlock.api.frame.FrameAllocator} through which a
 * device supplies the memory behind pool slots.
 *
 * <h2>Ownership</h2> The backend owns every frame buffer of a channel in its pool. A slot
 * is in exactly one state at any instant — free, rendering, ready, scheduled (or parked,
 * when it can never be trusted again) — and the invariant
 * {@code free + rendering + ready + scheduled + parked == pool size} holds at every instant.
 * Buffers are <em>lent</em>, never given: whoever receives one may use it only inside the
 * window its contract states, and the slot's {@link
 * org.genlock.api.frame.FrameBuffer#generation() generation} changes every time the slot is
 * reused, so a stale holder is detectable.
 */
@Export
@Version("1.1.0")
package org.genlock.api.frame;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
