package com.example.genlock.policy.internal;

import org.genlock.api.playout.CompletionObservation;
import org.genlock.api.playout.PlayoutPolicy;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.RecoveryDecision;
import org.genlock.api.video.VideoFormat;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Playout policy {@value #ID}. A channel selects it with
 * {@code policy.target=(genlock.policy.id=example)}. Immediate, so it is registered (and
 * selectable) as soon as the bundle starts; {@link Modified} applies a configuration change
 * in place without re-registering the service, so the channel keeps it bound.
 */
@Component(service = PlayoutPolicy.class, immediate = true, configurationPid = ExamplePolicy.PID,
		property = "genlock.policy.id=" + ExamplePolicy.ID)
@Designate(ocd = Config.class)
public class ExamplePolicy implements PlayoutPolicy {

	static final String ID = "example";
	static final String PID = "com.example.genlock.policy";

	@Reference(service = LoggerFactory.class)
	private Logger log;

	/** Read on the completion worker, replaced on SCR's thread. */
	private volatile Tuning tuning;

	@Activate
	@Modified
	void configure(Config config) {
		Tuning previous = tuning;
		try {
			tuning = Tuning.of(config);
		} catch (IllegalArgumentException e) {
			if (previous == null) {
				// a bad configuration at start: run on the defaults rather than not at all
				tuning = defaults();
			}
			log.error("{} configuration rejected: {}. The previous settings stay in force: {}", PID, e.getMessage(),
					tuning);
		}
	}

	static Tuning defaults() {
		return new Tuning(4, Variant.TARGET_READY_FRAMES, 4, 3, 2);
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public PlayoutSettings settings(VideoFormat format) {
		return tuning.settings(format);
	}

	@Override
	public void onCompletion(CompletionObservation in, RecoveryDecision out) {
		tuning.decide(in, out);
	}
}
