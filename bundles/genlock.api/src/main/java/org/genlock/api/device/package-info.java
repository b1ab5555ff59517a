/**
 * Output devices: a {@link org.genlock.api.device.VideoOutputDevice} opens an
 * {@link org.genlock.api.device.OutputSession} for one format, accepts frames scheduled for
 * display indices and reports each one back exactly once through an
 * {@link org.genlock.api.device.OutputListener}.
 *
 * <p>The contract mirrors DeckLink's {@code IDeckLinkOutput} and
 * {@code IDeckLinkVideoOutputCallback} so a DeckLink device is a thin adapter, and a
 * software clock device behaves like hardware. Scheduling never blocks; completions arrive
 * on the device's own thread and are handled without blocking or allocating.
 */
@Export
@Version("1.2.0")
package org.genlock.api.device;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
