package org.genlock.webconsole.internal;

import java.util.List;
import java.util.function.Function;

import org.genlock.api.backend.AudioStatus;
import org.genlock.api.tap.TapStatus;

/** What a channel's backend reports beyond ChannelControl's view: its taps and its audio meters. */
interface Backends {

	/** No taps and no audio for any channel. */
	Backends NONE = of(id -> List.of(), id -> AudioStatus.NONE);

	/** The taps of a channel, empty for one without taps or unknown. */
	List<TapStatus> taps(String channelId);

	/** The audio meters of a channel, {@link AudioStatus#NONE} for one without audio or unknown. */
	AudioStatus audio(String channelId);

	static Backends of(Function<String, List<TapStatus>> taps, Function<String, AudioStatus> audio) {
		return new Backends() {
			@Override
			public List<TapStatus> taps(String channelId) {
				return taps.apply(channelId);
			}

			@Override
			public AudioStatus audio(String channelId) {
				return audio.apply(channelId);
			}
		};
	}
}
