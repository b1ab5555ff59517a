package org.genlock.underrun.repeat.internal;

import org.genlock.api.playout.UnderrunAction;
import org.genlock.api.playout.UnderrunContext;
import org.genlock.api.playout.UnderrunStrategy;
import org.genlock.support.ConfigCheck;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The underrun strategy for visual continuity: a short underrun repeats the newest rendered
 * frame (or, if none exists yet, the last scheduled one), which a viewer rarely notices; a
 * long one stops freezing the picture and airs the configured fallback.
 *
 * <p>Keying: an opaque fill (black or the slate) over a keyed output would punch a solid
 * hole into the downstream programme, so with {@code keySafeWhenKeyed} a keyed output gets
 * transparent black instead. Repeats are kept while keyed: a repeated key is the same key.
 */
@Component(service = UnderrunStrategy.class, immediate = true, configurationPid = RepeatStrategy.PID,
		configurationPolicy = ConfigurationPolicy.OPTIONAL,
		property = RepeatStrategy.ID_PROPERTY + "=" + RepeatStrategy.ID)
@Designate(ocd = RepeatStrategy.Config.class)
public class RepeatStrategy implements UnderrunStrategy {

	/** The configuration PID, the bundle symbolic name. */
	static final String PID = "genlock.underrun.repeat";
	/** The strategy id, in telemetry and in {@code strategy.target} filters. */
	static final String ID = "repeat";
	/** The service property channels select a strategy by. */
	static final String ID_PROPERTY = "genlock.strategy.id";

	/** 0.5 s at 50p: long enough to bridge a hiccup, short enough not to look frozen. */
	static final int DEFAULT_MAX_REPEATS = 25;
	/** Largest accepted repeat count (about 33 minutes at 50p). */
	static final int MAX_REPEATS = 100_000;

	/** What airs once repeating is over. */
	enum Fallback {
		/** Opaque black (key-safe black on a keyed output with {@code keySafeWhenKeyed}). */
		BLACK,
		/** The slate, or black if none is drawn (key-safe black on a keyed output with {@code keySafeWhenKeyed}). */
		SLATE,
		/** Transparent black, always. */
		KEY_SAFE_BLACK
	}

	@ObjectClassDefinition(name = "Genlock underrun strategy: repeat",
			description = "Repeats the newest frame during short underruns, then airs a fallback.")
	@interface Config {
		@AttributeDefinition(name = "Maximum repeats", min = "0", max = "100000",
				description = "Consecutive underrun frames that repeat the newest frame before the fallback airs "
						+ "(25 = 0.5 s at 50p); 0 airs the fallback at once")
		int maxRepeats() default DEFAULT_MAX_REPEATS;

		@AttributeDefinition(name = "Fallback", description = "What airs after the repeats, or when nothing can be "
				+ "repeated", options = {@Option(label = "Black", value = "black"),
						@Option(label = "Slate (black if none)", value = "slate"),
						@Option(label = "Key-safe black (transparent)", value = "key-safe-black")})
		String fallback() default "black";

		@AttributeDefinition(name = "Key-safe when keyed",
				description = "On a keyed output, air transparent black instead of an opaque fallback")
		boolean keySafeWhenKeyed() default true;
	}

	/**
	 * The validated configuration, swapped whole.
	 *
	 * @param maxRepeats       consecutive underruns that may repeat
	 * @param fallback         what airs after that
	 * @param keySafeWhenKeyed whether a keyed output gets key-safe black instead of an opaque fill
	 */
	record Rules(int maxRepeats, Fallback fallback, boolean keySafeWhenKeyed) {

		static final Rules DEFAULTS = new Rules(DEFAULT_MAX_REPEATS, Fallback.BLACK, true);

		static Rules of(Config config) {
			ConfigCheck check = ConfigCheck.of(PID);
			return new Rules(check.range("maxRepeats", config.maxRepeats(), 0, MAX_REPEATS),
					check.oneOf("fallback", config.fallback(), Fallback.class), config.keySafeWhenKeyed());
		}
	}

	private static final Logger LOG = LoggerFactory.getLogger(RepeatStrategy.class);

	private volatile Rules rules = Rules.DEFAULTS;

	@Activate
	@Modified
	void configure(Config config) {
		rules = ConfigCheck.orPrevious(() -> Rules.of(config), rules, LOG::error);
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public UnderrunAction onUnderrun(UnderrunContext context) {
		Rules r = rules;
		if (context.consecutiveUnderruns() <= r.maxRepeats()) {
			if (context.hasNewestCompleted()) {
				return UnderrunAction.REPEAT_NEWEST;
			}
			if (context.hasLastScheduled()) {
				return UnderrunAction.REPEAT_LAST_SCHEDULED;
			}
		}
		if (r.fallback() == Fallback.KEY_SAFE_BLACK || r.keySafeWhenKeyed() && context.keyingEnabled()) {
			return UnderrunAction.KEY_SAFE_BLACK;
		}
		return r.fallback() == Fallback.SLATE && context.slateAvailable() ? UnderrunAction.SLATE : UnderrunAction.BLACK;
	}

	Rules rules() {
		return rules;
	}
}
