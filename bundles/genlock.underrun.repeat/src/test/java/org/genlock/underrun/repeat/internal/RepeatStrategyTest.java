package org.genlock.underrun.repeat.internal;

import static org.genlock.api.playout.UnderrunAction.BLACK;
import static org.genlock.api.playout.UnderrunAction.KEY_SAFE_BLACK;
import static org.genlock.api.playout.UnderrunAction.REPEAT_LAST_SCHEDULED;
import static org.genlock.api.playout.UnderrunAction.REPEAT_NEWEST;
import static org.genlock.api.playout.UnderrunAction.SLATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.genlock.api.playout.UnderrunContext;
import org.genlock.support.ConfigRejected;
import org.junit.jupiter.api.Test;

class RepeatStrategyTest {

	/** A fixed underrun situation. */
	record Ctx(int consecutiveUnderruns, boolean hasNewestCompleted, boolean hasLastScheduled, boolean keyingEnabled,
			boolean slateAvailable) implements UnderrunContext {
		@Override
		public long displayIndex() {
			return 5000 + consecutiveUnderruns;
		}
	}

	private static Ctx run(int n) {
		return new Ctx(n, true, true, false, true);
	}

	static RepeatStrategy.Config config(Map<String, ?> values) {
		return (RepeatStrategy.Config) Proxy.newProxyInstance(RepeatStrategy.Config.class.getClassLoader(),
				new Class<?>[] {RepeatStrategy.Config.class}, (p, m, a) -> values.containsKey(m.getName())
						? values.get(m.getName()) : m.getDefaultValue());
	}

	private static RepeatStrategy strategy(Map<String, ?> values) {
		RepeatStrategy s = new RepeatStrategy();
		s.configure(config(values));
		return s;
	}

	@Test
	void identifiesItselfAsRepeat() {
		assertEquals("repeat", new RepeatStrategy().id());
		assertEquals(RepeatStrategy.Rules.DEFAULTS, strategy(Map.of()).rules());
	}

	@Test
	void repeatsTheNewestFrameUpToMaxRepeatsThenFallsBackToBlack() {
		RepeatStrategy s = strategy(Map.of());
		assertEquals(REPEAT_NEWEST, s.onUnderrun(run(1)));
		assertEquals(REPEAT_NEWEST, s.onUnderrun(run(25)));
		assertEquals(BLACK, s.onUnderrun(run(26)));
		assertEquals(BLACK, s.onUnderrun(run(1000)));
	}

	@Test
	void withoutACompletedFrameRepeatsTheLastScheduledOne() {
		RepeatStrategy s = strategy(Map.of());
		assertEquals(REPEAT_LAST_SCHEDULED, s.onUnderrun(new Ctx(1, false, true, false, false)));
		assertEquals(BLACK, s.onUnderrun(new Ctx(26, false, true, false, false)), "repeats of any kind are bounded");
		assertEquals(BLACK, s.onUnderrun(new Ctx(1, false, false, false, false)));
	}

	@Test
	void zeroRepeatsAirsTheFallbackAtOnce() {
		assertEquals(BLACK, strategy(Map.of("maxRepeats", 0)).onUnderrun(run(1)));
	}

	@Test
	void slateFallbackUsesTheSlateOnlyIfOneIsDrawn() {
		RepeatStrategy s = strategy(Map.of("fallback", "slate"));
		assertEquals(SLATE, s.onUnderrun(new Ctx(26, true, true, false, true)));
		assertEquals(BLACK, s.onUnderrun(new Ctx(26, true, true, false, false)));
		assertEquals(SLATE, s.onUnderrun(new Ctx(1, false, false, false, true)), "nothing to repeat");
	}

	@Test
	void aKeyedOutputGetsKeySafeBlackInsteadOfAnOpaqueFill() {
		RepeatStrategy black = strategy(Map.of());
		RepeatStrategy slate = strategy(Map.of("fallback", "slate"));
		Ctx keyedLong = new Ctx(26, true, true, true, true);
		assertEquals(KEY_SAFE_BLACK, black.onUnderrun(keyedLong));
		assertEquals(KEY_SAFE_BLACK, slate.onUnderrun(keyedLong));
		assertEquals(REPEAT_NEWEST, black.onUnderrun(new Ctx(3, true, true, true, true)), "repeats stay while keyed");
		assertEquals(KEY_SAFE_BLACK, black.onUnderrun(new Ctx(1, false, false, true, false)));
	}

	@Test
	void keySafetyCanBeSwitchedOffOrForced() {
		Ctx keyedLong = new Ctx(26, true, true, true, true);
		assertEquals(BLACK, strategy(Map.of("keySafeWhenKeyed", false)).onUnderrun(keyedLong));
		assertEquals(SLATE, strategy(Map.of("keySafeWhenKeyed", false, "fallback", "slate")).onUnderrun(keyedLong));
		RepeatStrategy always = strategy(Map.of("fallback", "key-safe-black", "keySafeWhenKeyed", false));
		assertEquals(KEY_SAFE_BLACK, always.onUnderrun(new Ctx(26, true, true, false, true)));
	}

	@Test
	void aRejectedConfigurationNamesPidAndKeyAndKeepsThePrevious() {
		RepeatStrategy s = strategy(Map.of("maxRepeats", 50, "fallback", "slate"));
		RepeatStrategy.Rules before = s.rules();
		ConfigRejected e = assertThrows(ConfigRejected.class,
				() -> RepeatStrategy.Rules.of(config(Map.of("fallback", "grey"))));
		assertTrue(e.getMessage().startsWith("genlock.underrun.repeat: key 'fallback' = 'grey'"), e.getMessage());
		assertTrue(e.getMessage().contains("black, slate, key_safe_black"), e.getMessage());
		s.configure(config(Map.of("fallback", "grey")));
		s.configure(config(Map.of("maxRepeats", -1)));
		assertEquals(before, s.rules());
		assertEquals(REPEAT_NEWEST, s.onUnderrun(run(50)));
	}
}
