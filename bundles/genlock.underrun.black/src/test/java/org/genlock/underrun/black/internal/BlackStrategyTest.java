package org.genlock.underrun.black.internal;

import static org.genlock.api.playout.UnderrunAction.BLACK;
import static org.genlock.api.playout.UnderrunAction.KEY_SAFE_BLACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.genlock.api.playout.UnderrunContext;
import org.genlock.support.ConfigRejected;
import org.junit.jupiter.api.Test;

class BlackStrategyTest {

	/** An underrun on a keyed or unkeyed output, with everything else available. */
	record Ctx(boolean keyingEnabled) implements UnderrunContext {
		@Override public long displayIndex() { return 77; }
		@Override public int consecutiveUnderruns() { return 1; }
		@Override public boolean hasNewestCompleted() { return true; }
		@Override public boolean hasLastScheduled() { return true; }
		@Override public boolean slateAvailable() { return true; }
	}

	private static final Ctx KEYED = new Ctx(true);
	private static final Ctx UNKEYED = new Ctx(false);

	static BlackStrategy.Config config(Map<String, ?> values) {
		return (BlackStrategy.Config) Proxy.newProxyInstance(BlackStrategy.Config.class.getClassLoader(),
				new Class<?>[] {BlackStrategy.Config.class}, (p, m, a) -> values.containsKey(m.getName())
						? values.get(m.getName()) : m.getDefaultValue());
	}

	private static BlackStrategy strategy(Map<String, ?> values) {
		BlackStrategy s = new BlackStrategy();
		s.configure(config(values));
		return s;
	}

	@Test
	void identifiesItselfAsBlack() {
		assertEquals("black", new BlackStrategy().id());
		assertEquals(BlackStrategy.Rules.DEFAULTS, strategy(Map.of()).rules());
	}

	@Test
	void autoModeFollowsKeying() {
		BlackStrategy s = strategy(Map.of());
		assertEquals(BLACK, s.onUnderrun(UNKEYED));
		assertEquals(KEY_SAFE_BLACK, s.onUnderrun(KEYED));
	}

	@Test
	void opaqueModeIsAlwaysOpaque() {
		BlackStrategy s = strategy(Map.of("mode", "opaque"));
		assertEquals(BLACK, s.onUnderrun(UNKEYED));
		assertEquals(BLACK, s.onUnderrun(KEYED));
	}

	@Test
	void keySafeModeOrFlagIsAlwaysTransparent() {
		for (BlackStrategy s : new BlackStrategy[] {strategy(Map.of("mode", "key-safe")),
				strategy(Map.of("keySafe", true)), strategy(Map.of("mode", "KEY_SAFE"))}) {
			assertEquals(KEY_SAFE_BLACK, s.onUnderrun(UNKEYED));
			assertEquals(KEY_SAFE_BLACK, s.onUnderrun(KEYED));
		}
	}

	@Test
	void aRejectedConfigurationNamesPidAndKeyAndKeepsThePrevious() {
		BlackStrategy s = strategy(Map.of("mode", "opaque"));
		ConfigRejected contradiction = assertThrows(ConfigRejected.class,
				() -> BlackStrategy.Rules.of(config(Map.of("mode", "opaque", "keySafe", true))));
		assertTrue(contradiction.getMessage().startsWith("genlock.underrun.black: key 'keySafe' = 'true'"),
				contradiction.getMessage());
		ConfigRejected unknown = assertThrows(ConfigRejected.class,
				() -> BlackStrategy.Rules.of(config(Map.of("mode", "grey"))));
		assertTrue(unknown.getMessage().startsWith("genlock.underrun.black: key 'mode' = 'grey'"), unknown.getMessage());

		s.configure(config(Map.of("mode", "opaque", "keySafe", true)));
		s.configure(config(Map.of("mode", "grey")));
		assertEquals(BLACK, s.onUnderrun(KEYED), "still opaque");
	}
}
