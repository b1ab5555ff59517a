package org.genlock.underrun.black.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.genlock.api.playout.UnderrunAction.BLACK;
import static org.genlock.api.playout.UnderrunAction.KEY_SAFE_BLACK;

import java.util.List;
import java.util.Map;

import org.genlock.api.playout.UnderrunAction;
import org.genlock.api.playout.UnderrunStrategy;
import org.genlock.itest.support.swap.LiveSwapContract;
import org.genlock.itest.support.underrun.FakeContext;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

/**
 * genlock.underrun.black in a real framework: the live-swap contract with the documented
 * defaults (README), the behaviour being the action on an unkeyed and on a keyed output.
 */
class BlackStrategyTest extends LiveSwapContract<UnderrunStrategy> {

	static final String FILTER = "(genlock.strategy.id=black)";
	/** A frame to repeat and a slate exist: black must air all the same. */
	static final FakeContext UNKEYED = FakeContext.running(1).withSlate();
	static final FakeContext KEYED = UNKEYED.keyed();

	/**
	 * The action on each output.
	 *
	 * @param unkeyed on an unkeyed output
	 * @param keyed   on a keyed output
	 */
	record Actions(UnderrunAction unkeyed, UnderrunAction keyed) {
	}

	BlackStrategyTest() {
		super(UnderrunStrategy.class, "genlock.underrun.black", "genlock.strategy.id", "black");
	}

	@Override
	protected String idOf(UnderrunStrategy strategy) {
		return strategy.id();
	}

	@Override
	protected Object behaviour(UnderrunStrategy strategy) {
		return new Actions(strategy.onUnderrun(UNKEYED), strategy.onUnderrun(KEYED));
	}

	@Override
	protected void assertDefaults(Object behaviour) {
		assertThat(behaviour).as("mode auto").isEqualTo(new Actions(BLACK, KEY_SAFE_BLACK));
	}

	@Override
	protected Map<String, Object> configuration() {
		return Map.of("mode", "opaque");
	}

	@Override
	protected void assertConfigured(Object behaviour) {
		assertThat(behaviour).as("mode opaque").isEqualTo(new Actions(BLACK, BLACK));
	}

	@Override
	protected List<Map<String, Object>> rejectedConfigurations() {
		return List.of(with("mode", "grey"), // not an option
				with("keySafe", true)); // contradicts mode opaque
	}

	@Override
	protected List<Attr> metatype() {
		return List.of(Attr.choice("mode", "Mode", "auto", "auto", "opaque", "key-safe"),
				Attr.flag("keySafe", "Always key-safe", false));
	}

	@Test
	void keySafeModeAndShorthandAirTransparentBlackEverywhere(
			@InjectService(filter = FILTER, timeout = 10_000) ServiceAware<UnderrunStrategy> strategy) throws Exception {
		Actions transparent = new Actions(KEY_SAFE_BLACK, KEY_SAFE_BLACK);
		update(Map.of("mode", "key-safe"));
		eventually("mode key-safe", () -> assertThat(behaviour(strategy.getService())).isEqualTo(transparent));
		update(Map.of("mode", "opaque"));
		eventually("mode opaque", () -> assertThat(behaviour(strategy.getService())).isEqualTo(new Actions(BLACK, BLACK)));
		update(Map.of("keySafe", true)); // with mode auto
		eventually("keySafe true", () -> assertThat(behaviour(strategy.getService())).isEqualTo(transparent));
	}
}
