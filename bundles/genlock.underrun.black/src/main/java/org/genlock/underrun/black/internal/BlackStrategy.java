package org.genlock.underrun.black.internal;

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
 * The underrun strategy that never shows a stale picture: every underrun airs black. Opaque
 * black over a keyed output would cut a black hole into the downstream programme, so by
 * default ({@code mode = auto}) a keyed output gets transparent (key-safe) black instead.
 */
@Component(service = UnderrunStrategy.class, immediate = true, configurationPid = BlackStrategy.PID,
		configurationPolicy = ConfigurationPolicy.OPTIONAL,
		property = BlackStrategy.ID_PROPERTY + "=" + BlackStrategy.ID)
@Designate(ocd = BlackStrategy.Config.class)
public class BlackStrategy implements UnderrunStrategy {

	/** The configuration PID, the bundle symbolic name. */
	static final String PID = "genlock.underrun.black";
	/** The strategy id, in telemetry and in {@code strategy.target} filters. */
	static final String ID = "black";
	/** The service property channels select a strategy by. */
	static final String ID_PROPERTY = "genlock.strategy.id";

	/** Which black airs. */
	enum Mode {
		/** Always opaque black (alpha 1). */
		OPAQUE,
		/** Always transparent black (alpha 0). */
		KEY_SAFE,
		/** Transparent on a keyed output, opaque otherwise. */
		AUTO
	}

	@ObjectClassDefinition(name = "Genlock underrun strategy: black",
			description = "Airs black whenever no fresh frame is ready; transparent black on a keyed output.")
	@interface Config {
		@AttributeDefinition(name = "Mode", description = "Which black airs on an underrun", options = {
				@Option(label = "Auto: key-safe when the output is keyed, otherwise opaque", value = "auto"),
				@Option(label = "Opaque black", value = "opaque"),
				@Option(label = "Key-safe (transparent) black", value = "key-safe")})
		String mode() default "auto";

		@AttributeDefinition(name = "Always key-safe",
				description = "Shorthand for mode key-safe: transparent black on every output (cannot be combined "
						+ "with mode opaque)")
		boolean keySafe() default false;
	}

	/**
	 * The validated configuration, swapped whole.
	 *
	 * @param alwaysKeySafe     transparent black on every output
	 * @param keySafeWhenKeyed  transparent black on keyed outputs
	 */
	record Rules(boolean alwaysKeySafe, boolean keySafeWhenKeyed) {

		static final Rules DEFAULTS = new Rules(false, true);

		static Rules of(Config config) {
			ConfigCheck check = ConfigCheck.of(PID);
			Mode mode = check.oneOf("mode", config.mode(), Mode.class);
			if (config.keySafe() && mode == Mode.OPAQUE) {
				throw check.reject("keySafe", true, "false when mode is opaque (the two contradict each other)");
			}
			boolean always = config.keySafe() || mode == Mode.KEY_SAFE;
			return new Rules(always, always || mode == Mode.AUTO);
		}
	}

	private static final Logger LOG = LoggerFactory.getLogger(BlackStrategy.class);

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
		return r.alwaysKeySafe() || r.keySafeWhenKeyed() && context.keyingEnabled() ? UnderrunAction.KEY_SAFE_BLACK
				: UnderrunAction.BLACK;
	}

	Rules rules() {
		return rules;
	}
}
