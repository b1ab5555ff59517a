package org.genlock.webconsole.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.genlock.api.backend.AudioStatus;
import org.genlock.api.backend.VideoBackend;
import org.genlock.api.tap.TapStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Each channel's taps and audio meters, straight from its backend (ChannelControl's view has neither). */
@Component(service = BackendSource.class)
public class BackendSource implements Backends {

	private final Map<VideoBackend, Boolean> backends = new ConcurrentHashMap<>();

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addBackend(VideoBackend b) {
		backends.put(b, Boolean.TRUE);
	}

	void removeBackend(VideoBackend b) {
		backends.remove(b);
	}

	@Override
	public List<TapStatus> taps(String channelId) {
		return ask(channelId, VideoBackend::taps, List.of());
	}

	@Override
	public AudioStatus audio(String channelId) {
		return ask(channelId, VideoBackend::audio, AudioStatus.NONE);
	}

	private <T> T ask(String channelId, Function<VideoBackend, T> question, T none) {
		for (VideoBackend b : backends.keySet()) {
			try {
				if (channelId.equals(b.channelId())) {
					return question.apply(b);
				}
			} catch (RuntimeException gone) {
				// a backend deactivating meanwhile
			}
		}
		return none;
	}
}
