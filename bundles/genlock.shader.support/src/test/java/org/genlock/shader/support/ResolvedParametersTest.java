package org.genlock.shader.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.genlock.api.shader.ParameterType;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderParameter;
import org.junit.jupiter.api.Test;

class ResolvedParametersTest {

	private static final ShaderInfo INFO = new ShaderInfo("demo", "Demo", "1", List.of(
			new ShaderParameter("speed", ParameterType.FLOAT, 0.0, 10.0, 1.0, "Speed"),
			new ShaderParameter("count", ParameterType.INT, 1L, 9L, 3L, "Count"),
			new ShaderParameter("on", ParameterType.BOOL, null, null, true, "On"),
			new ShaderParameter("tint", ParameterType.COLOR, null, null, new float[] {0, 0, 0.5f, 1}, "Tint")));

	@Test
	void defaultsApplyWhenNothingIsGiven() {
		ResolvedParameters v = ResolvedParameters.resolve(INFO, Map.of());
		assertEquals(4, v.size());
		assertEquals(1.0, v.getDouble(0));
		assertEquals(3L, v.getLong(1));
		assertEquals(3.0, v.getDouble(1));
		assertTrue(v.getBoolean(2));
		assertEquals(0.5f, v.getComponent(3, 2));
		assertEquals(1.0f, v.getComponent(0, 0));
		assertTrue(v.problems().isEmpty());
		assertEquals(1, v.indexOf("count"));
		assertEquals(-1, v.indexOf("nope"));
	}

	@Test
	void givenValuesWinAndLongIsAcceptedForFloat() {
		Map<String, Object> given = new LinkedHashMap<>();
		given.put("speed", 4L);
		given.put("count", 7L);
		given.put("on", false);
		given.put("tint", new float[] {0.25f, 0.25f, 0.25f, 0.5f});
		ResolvedParameters v = ResolvedParameters.resolve(INFO, given);
		assertEquals(4.0, v.getDouble(0));
		assertEquals(7L, v.getLong(1));
		assertEquals(false, v.getBoolean(2));
		assertEquals(0.5f, v.getComponent(3, 3));
		assertTrue(v.problems().isEmpty(), v.problems()::toString);
	}

	@Test
	void invalidValuesFallBackToTheDefaultWithOneProblemEach() {
		Map<String, Object> given = new LinkedHashMap<>();
		given.put("speed", 99.0);
		given.put("count", "three");
		given.put("colour", 1L);
		ResolvedParameters v = ResolvedParameters.resolve(INFO, given);
		assertEquals(1.0, v.getDouble(0));
		assertEquals(3L, v.getLong(1));
		assertEquals(3, v.problems().size(), v.problems()::toString);
		assertTrue(v.problems().get(0).contains("speed") && v.problems().get(0).contains("99.0"), v.problems().get(0));
		assertTrue(v.problems().get(2).contains("no parameter colour"), v.problems().get(2));
	}

	@Test
	void wrongAccessorIsAnIllegalState() {
		ResolvedParameters v = ResolvedParameters.resolve(INFO, Map.of());
		assertThrows(IllegalStateException.class, () -> v.getLong(0));
		assertThrows(IllegalStateException.class, () -> v.getBoolean(1));
		assertThrows(IllegalStateException.class, () -> v.getDouble(2));
		assertThrows(IllegalStateException.class, () -> v.getComponent(1, 0));
		assertThrows(IndexOutOfBoundsException.class, () -> v.getComponent(3, 4));
		assertThrows(IndexOutOfBoundsException.class, () -> v.getDouble(9));
	}
}
