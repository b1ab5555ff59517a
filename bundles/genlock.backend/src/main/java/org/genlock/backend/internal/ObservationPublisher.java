package org.genlock.backend.internal;

import org.genlock.api.telemetry.Observation;

/**
 * Publishes observations beyond the bound telemetry sinks (to EventAdmin). A service private
 * to this bundle, so the channel component never loads EventAdmin classes itself and runs
 * without EventAdmin.
 */
interface ObservationPublisher {

	/** Publishes asynchronously; must not block. */
	void publish(Observation observation);
}
