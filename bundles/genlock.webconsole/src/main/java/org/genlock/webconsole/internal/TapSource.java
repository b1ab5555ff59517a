package org.genlock.webconsole.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.genlock.api.backend.VideoBackend;
import org.genlock.api.tap.TapStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Each channel's taps, straight from its backend (ChannelControl's view has no taps). */
@Component(service = TapSource.class)
public class TapSource {

	private final Map<VideoBackend, Boolean> backends = new ConcurrentHashMap<>();

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addBackend(VideoBackend b) {
		backends.put(b, Boolean.TRUE);
	}

	void removeBackend(VideoBackend b) {
		backends.remove(b);
	}

	/** The taps of a channel, empty for one without taps or unknown. */
	List<TapStatus> taps(String channelId) {
		for (VideoBackend b : backends.keySet()) {
			try {
				if (channelId.equals(b.channelId())) {
					return b.taps();
				}
			} catch (RuntimeException gone) {
				// a backend deactivating meanwhile
			}
		}
		return List.of();
	}
}
