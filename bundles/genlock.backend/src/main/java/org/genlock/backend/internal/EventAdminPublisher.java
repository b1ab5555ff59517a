package org.genlock.backend.internal;

import java.util.Map;

import org.genlock.api.telemetry.Observation;
import org.genlock.api.telemetry.Topics;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Posts channel observations to EventAdmin under the {@link Topics}. Exists only while an
 * EventAdmin service is present; channels bind it optionally and dynamically.
 */
@Component(service = ObservationPublisher.class)
public class EventAdminPublisher implements ObservationPublisher {

	@Reference
	EventAdmin eventAdmin;

	@Override
	public void publish(Observation o) {
		eventAdmin.postEvent(new Event(o.topic(),
				Map.of(Topics.PROPERTY_CHANNEL, o.channelId(), Topics.PROPERTY_OBSERVATION, o)));
	}
}
