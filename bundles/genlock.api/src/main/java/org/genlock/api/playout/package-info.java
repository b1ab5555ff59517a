/**
 * Playout decisions, pluggable and hot-swappable: a {@link
 * org.genlock.api.playout.PlayoutPolicy} sets buffer depths ({@link
 * org.genlock.api.playout.PlayoutSettings}) and decides measured recovery from late and
 * dropped frames; an {@link org.genlock.api.playout.UnderrunStrategy} decides what goes to
 * air when no fresh frame is ready.
 *
 * <p>Per-frame calls take backend-owned, reused objects ({@link
 * org.genlock.api.playout.CompletionObservation}, {@link
 * org.genlock.api.playout.RecoveryDecision}, {@link org.genlock.api.playout.UnderrunContext})
 * so the hot path allocates nothing. Implementations must be fast, must not block and must
 * not allocate; the backend may time them and report slow ones.
 */
@Export
@Version("1.0.0")
package org.genlock.api.playout;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
