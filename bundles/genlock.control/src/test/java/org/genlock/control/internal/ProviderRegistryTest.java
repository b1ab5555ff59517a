package org.genlock.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.genlock.api.control.ProviderKind;
import org.genlock.api.control.ProviderView;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

	private static ProviderView policy(String id, long serviceId, String version) {
		return new ProviderView(ProviderKind.POLICY, id, id, "genlock.policy." + id, version, 10 + serviceId, serviceId);
	}

	@Test
	void bestOfOneIdIsHighestRankingThenOldestService() {
		ProviderRegistry r = new ProviderRegistry();
		r.add(policy("standard", 5, "0.1.0"), 0);
		r.add(policy("standard", 9, "0.2.0"), 0);
		assertEquals(5, r.best(ProviderKind.POLICY, "standard").orElseThrow().serviceId());
		r.add(policy("standard", 12, "0.3.0"), 10);
		assertEquals("0.3.0", r.best(ProviderKind.POLICY, "standard").orElseThrow().bundleVersion());
		r.remove(ProviderKind.POLICY, 12);
		assertEquals(5, r.best(ProviderKind.POLICY, "standard").orElseThrow().serviceId());
		assertTrue(r.best(ProviderKind.POLICY, "lowlatency").isEmpty());
		assertTrue(r.best(ProviderKind.POLICY, null).isEmpty());
	}

	@Test
	void listsAreSortedAndKindsSeparate() {
		ProviderRegistry r = new ProviderRegistry();
		r.add(policy("standard", 5, "0.1.0"), 0);
		r.add(policy("lowlatency", 6, "0.1.0"), 0);
		assertEquals(List.of("lowlatency", "standard"), r.ids(ProviderKind.POLICY));
		assertEquals("lowlatency", r.list(ProviderKind.POLICY).get(0).id());
		assertTrue(r.ids(ProviderKind.STRATEGY).isEmpty());
	}

	@Test
	void selectedIdIsReadOnlyFromAnExactIdFilter() {
		assertEquals("lowlatency", ControlComponent.selectedId(ProviderKind.POLICY, "(genlock.policy.id=lowlatency)"));
		assertEquals("gl", ControlComponent.selectedId(ProviderKind.RENDERER, " ( genlock.renderer.id = gl ) "));
		assertNull(ControlComponent.selectedId(ProviderKind.POLICY, "(genlock.policy.id=*)"));
		assertNull(ControlComponent.selectedId(ProviderKind.POLICY, "(&(genlock.policy.id=a)(x=y))"));
		assertNull(ControlComponent.selectedId(ProviderKind.POLICY, null));
	}
}
