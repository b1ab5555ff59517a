package org.genlock.backend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.genlock.api.telemetry.SwapKind;
import org.junit.jupiter.api.Test;

/**
 * {@code policy.fallback}: while the policy filter matches no policy (the selected policy's
 * bundle was removed), the first registered fallback id is bound after a grace period (an update
 * in place re-registers the selected policy within it); the selected policy takes over again
 * when it returns, and a fallback that goes away hands over to the next one.
 */
class PolicyFallbackTest {

	final ServiceBindings bindings = new ServiceBindings();
	final List<String> swaps = new ArrayList<>();
	final FakePlayout.Policy standard = new FakePlayout.Policy("standard", null);
	final FakePlayout.Policy lowlatency = new FakePlayout.Policy("lowlatency", null);
	final FakePlayout.Policy example = new FakePlayout.Policy("example", null);

	final List<Runnable> pending = new ArrayList<>();

	PolicyFallbackTest() {
		bindings.later = pending::add; // the grace period passes when a test says so
		bindings.listener((kind, before, after) -> {
			if (kind == SwapKind.POLICY) {
				swaps.add(before.id() + "->" + after.id());
			}
		});
		bindings.registeredPolicy("standard", standard);
		bindings.registeredPolicy("lowlatency", lowlatency);
	}

	/** DS removing the selected policy: both references unbind it, in either order. */
	private void remove(FakePlayout.Policy p, boolean selectedReferenceFirst) {
		if (selectedReferenceFirst) {
			bindings.unbind(SwapKind.POLICY, p);
			bindings.unregisteredPolicy(p);
		} else {
			bindings.unregisteredPolicy(p);
			bindings.unbind(SwapKind.POLICY, p);
		}
	}

	@Test
	void theSelectedPolicyGoingAwayBindsTheFirstRegisteredFallbackInEitherUnbindOrder() {
		for (boolean order : new boolean[] {true, false}) {
			swaps.clear();
			bindings.policyFallback(List.of("nosuch", "standard"));
			bindings.registeredPolicy("example", example);
			bindings.bind(SwapKind.POLICY, example, "example");
			assertFalse(bindings.policyFromFallback());

			remove(example, order);
			assertNull(bindings.policy().service(), "within the grace period the channel keeps its last settings");
			graceOver();

			assertSame(standard, bindings.policy().service(), "order " + order);
			assertEquals("standard", bindings.policy().id());
			assertTrue(bindings.policyFromFallback());
			assertEquals(List.of("example->null", "null->standard"), swaps.subList(swaps.size() - 2, swaps.size()),
					swaps.toString());
		}
	}

	@Test
	void theSelectedPolicyComingBackReplacesTheFallback() {
		bindings.policyFallback(List.of("standard"));
		assertNull(bindings.policy().service(), "not within the grace period");
		graceOver();
		assertSame(standard, bindings.policy().service(), "nothing selected is bound: the fallback is");
		bindings.registeredPolicy("example", example);
		bindings.bind(SwapKind.POLICY, example, "example");
		assertSame(example, bindings.policy().service());
		assertFalse(bindings.policyFromFallback());
	}

	@Test
	void aFallbackThatGoesAwayHandsOverToTheNextAndThenToNone() {
		bindings.policyFallback(List.of("standard", "lowlatency"));
		graceOver();
		assertSame(standard, bindings.policy().service());
		bindings.unregisteredPolicy(standard);
		graceOver();
		assertSame(lowlatency, bindings.policy().service());
		assertTrue(bindings.policyFromFallback());
		bindings.unregisteredPolicy(lowlatency);
		graceOver();
		assertNull(bindings.policy().service());
		assertFalse(bindings.policyFromFallback());
		assertEquals(List.of("null->standard", "standard->null", "null->lowlatency", "lowlatency->null"), swaps);
	}

	@Test
	void anUpdateInPlaceWithinTheGracePeriodNeverAirsTheFallback() {
		bindings.policyFallback(List.of("standard"));
		bindings.registeredPolicy("example", example);
		bindings.bind(SwapKind.POLICY, example, "example");
		remove(example, true);
		FakePlayout.Policy updated = new FakePlayout.Policy("example", null);
		bindings.registeredPolicy("example", updated);
		bindings.bind(SwapKind.POLICY, updated, "example");
		graceOver();
		assertSame(updated, bindings.policy().service());
		assertFalse(bindings.policyFromFallback());
		assertEquals(List.of("null->example", "example->null", "null->example"), swaps);
	}

	private void graceOver() {
		List<Runnable> due = new ArrayList<>(pending);
		pending.clear();
		due.forEach(Runnable::run);
	}

	@Test
	void withoutFallbackIdsARemovedPolicyLeavesNoneAsBefore() {
		bindings.registeredPolicy("example", example);
		bindings.bind(SwapKind.POLICY, example, "example");
		remove(example, true);
		assertNull(bindings.policy().service());
		assertEquals(List.of("null->example", "example->null"), swaps);
	}

	@Test
	void anUnrelatedPolicyGoingAwayChangesNothing() {
		bindings.registeredPolicy("example", example);
		bindings.bind(SwapKind.POLICY, example, "example");
		bindings.policyFallback(List.of("standard"));
		bindings.unregisteredPolicy(lowlatency);
		assertSame(example, bindings.policy().service());
		assertEquals(List.of("null->example"), swaps);
	}
}
