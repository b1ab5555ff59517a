package org.genlock.underrun.repeat.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.genlock.api.playout.UnderrunAction.BLACK;
import static org.genlock.api.playout.UnderrunAction.KEY_SAFE_BLACK;
import static org.genlock.api.playout.UnderrunAction.REPEAT_LAST_SCHEDULED;
import static org.genlock.api.playout.UnderrunAction.REPEAT_NEWEST;
import static org.genlock.api.playout.UnderrunAction.SLATE;

import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * genlock.underrun.repeat in a real framework: the live-swap contract with the documented
 * defaults (README), the behaviour being the action for a set of underrun situations.
 */
class RepeatStrategyTest extends LiveSwapContract<UnderrunStrategy> {

	static final String FILTER = "(genlock.strategy.id=repeat)";

	/** The situations the behaviour is probed in, by name. */
	static final Map<String, FakeContext> SITUATIONS = new LinkedHashMap<>();
	static {
		SITUATIONS.put("3rd underrun", FakeContext.running(3));
		SITUATIONS.put("4th underrun", FakeContext.running(4));
		SITUATIONS.put("25th underrun", FakeContext.running(25));
		SITUATIONS.put("26th underrun", FakeContext.running(26));
		SITUATIONS.put("26th underrun, keyed", FakeContext.running(26).keyed());
		SITUATIONS.put("26th underrun, slate drawn", FakeContext.running(26).withSlate());
		SITUATIONS.put("26th underrun, keyed, slate drawn", FakeContext.running(26).keyed().withSlate());
		SITUATIONS.put("1st underrun, nothing completed yet", FakeContext.running(1).nothingCompleted());
		SITUATIONS.put("1st underrun, nothing to repeat, slate drawn",
				FakeContext.running(1).nothingToRepeat().withSlate());
	}

	RepeatStrategyTest() {
		super(UnderrunStrategy.class, "genlock.underrun.repeat", "genlock.strategy.id", "repeat");
	}

	@Override
	protected String idOf(UnderrunStrategy strategy) {
		return strategy.id();
	}

	@Override
	protected Object behaviour(UnderrunStrategy strategy) {
		Map<String, UnderrunAction> actions = new LinkedHashMap<>();
		SITUATIONS.forEach((name, context) -> actions.put(name, strategy.onUnderrun(context)));
		return actions;
	}

	/** Returns the expected actions, in the order of {@link #SITUATIONS}. */
	static Map<String, UnderrunAction> expect(UnderrunAction... actions) {
		Map<String, UnderrunAction> expected = new LinkedHashMap<>();
		int i = 0;
		for (String name : SITUATIONS.keySet()) {
			expected.put(name, actions[i++]);
		}
		return expected;
	}

	@Override
	protected void assertDefaults(Object behaviour) {
		// 25 repeats, then opaque black, key-safe black on a keyed output; the slate is not the fallback
		assertThat(behaviour).isEqualTo(expect(REPEAT_NEWEST, REPEAT_NEWEST, REPEAT_NEWEST, BLACK, KEY_SAFE_BLACK,
				BLACK, KEY_SAFE_BLACK, REPEAT_LAST_SCHEDULED, BLACK));
	}

	@Override
	protected Map<String, Object> configuration() {
		return Map.of("maxRepeats", 3, "fallback", "slate", "keySafeWhenKeyed", false);
	}

	@Override
	protected void assertConfigured(Object behaviour) {
		// 3 repeats, then the slate where one is drawn (black otherwise), keyed or not
		assertThat(behaviour).isEqualTo(expect(REPEAT_NEWEST, BLACK, BLACK, BLACK, BLACK, SLATE, SLATE,
				REPEAT_LAST_SCHEDULED, SLATE));
	}

	@Override
	protected List<Map<String, Object>> rejectedConfigurations() {
		return List.of(with("maxRepeats", -1), with("maxRepeats", 100_001), // out of range
				with("fallback", "grey"), with("fallback", "")); // not an option
	}

	@Override
	protected List<Attr> metatype() {
		return List.of(Attr.integer("maxRepeats", "Maximum repeats", 25, 0, 100_000),
				Attr.choice("fallback", "Fallback", "black", "black", "slate", "key-safe-black"),
				Attr.flag("keySafeWhenKeyed", "Key-safe when keyed", true));
	}

	@Test
	void keySafeBlackFallbackAirsAtOnceWithNoRepeats(
			@InjectService(filter = FILTER, timeout = 10_000) ServiceAware<UnderrunStrategy> strategy) throws Exception {
		update(Map.of("maxRepeats", 0, "fallback", "key-safe-black"));
		eventually("key-safe black on the first underrun of an unkeyed output",
				() -> assertThat(strategy.getService().onUnderrun(FakeContext.running(1))).isEqualTo(KEY_SAFE_BLACK));
		assertThat(strategy.getService().onUnderrun(FakeContext.running(1).withSlate())).isEqualTo(KEY_SAFE_BLACK);
	}
}
