package org.genlock.api.shader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ShaderParameterTest {

	private static final ShaderParameter SPEED = new ShaderParameter("speed", ParameterType.FLOAT, 0.0, 4.0, 1.0, "Speed");
	private static final ShaderParameter BARS = new ShaderParameter("bars", ParameterType.INT, 1L, 16L, 8L, "Bars");
	private static final ShaderParameter INVERT = new ShaderParameter("invert", ParameterType.BOOL, null, null, false,
			"Invert");
	private static final ShaderParameter TINT = new ShaderParameter("tint", ParameterType.COLOR, null, null,
			new float[] { 0.5f, 0.5f, 0.5f, 1f }, "Tint");
	private static final ShaderParameter CENTER = new ShaderParameter("center", ParameterType.VEC2,
			new float[] { 0f, 0f }, new float[] { 1f, 1f }, new float[] { 0.5f, 0.5f }, "Centre");

	private static void assertRejected(ShaderParameter p, Object value, String... parts) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.check(value));
		assertTrue(e.getMessage().contains("parameter " + p.name()), e.getMessage());
		for (String part : parts) {
			assertTrue(e.getMessage().contains(part), () -> "'" + part + "' not in: " + e.getMessage());
		}
	}

	@Test
	void floatRangeAndType() {
		assertDoesNotThrow(() -> SPEED.check(0.0));
		assertDoesNotThrow(() -> SPEED.check(4.0));
		assertDoesNotThrow(() -> SPEED.check(2L));
		assertRejected(SPEED, 4.5, "4.5", "outside [0.0, 4.0]");
		assertRejected(SPEED, -0.1, "-0.1", "outside");
		assertRejected(SPEED, "fast", "\"fast\"", "not a number");
		assertRejected(SPEED, Double.NaN, "not finite");
		assertRejected(SPEED, null, "null");
	}

	@Test
	void intBoolColorVec2() {
		assertDoesNotThrow(() -> BARS.check(16L));
		assertRejected(BARS, 17L, "17", "outside [1, 16]");
		assertRejected(BARS, 2.5, "not an integer");
		assertDoesNotThrow(() -> INVERT.check(true));
		assertRejected(INVERT, 1L, "not a boolean");
		assertDoesNotThrow(() -> TINT.check(new float[] { 0.2f, 0.1f, 0f, 0.5f }));
		assertRejected(TINT, new float[] { 1f, 0f, 0f }, "float[4]");
		assertRejected(TINT, new float[] { 1.5f, 0f, 0f, 1f }, "component 0 = 1.5", "0..1");
		assertRejected(TINT, new float[] { 0.8f, 0f, 0f, 0.5f }, "premultiplied");
		assertDoesNotThrow(() -> CENTER.check(new float[] { 1f, 0f }));
		assertRejected(CENTER, new float[] { 0.5f, 1.5f }, "component 1 = 1.5");
	}

	@Test
	void declarationIsValidated() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> new ShaderParameter("speed", ParameterType.FLOAT, 0.0, 4.0, 5.0, "Speed"));
		assertTrue(e.getMessage().contains("defaultValue 5.0") && e.getMessage().contains("[0.0, 4.0]"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class,
				() -> new ShaderParameter("speed", ParameterType.FLOAT, 4.0, 0.0, 1.0, "Speed"));
		assertTrue(e.getMessage().contains("min 4.0 is greater than max 0.0"), e.getMessage());
		for (String bad : new String[] { "iTime", "gl_Foo", "2fast", "with space", "", "ünï" }) {
			e = assertThrows(IllegalArgumentException.class,
					() -> new ShaderParameter(bad, ParameterType.FLOAT, null, null, 1.0, "x"));
			assertTrue(e.getMessage().contains("GLSL identifier"), e.getMessage());
		}
		e = assertThrows(IllegalArgumentException.class,
				() -> new ShaderParameter("on", ParameterType.BOOL, false, true, false, "On"));
		assertTrue(e.getMessage().contains("min") && e.getMessage().contains("no range"), e.getMessage());
		assertThrows(IllegalArgumentException.class,
				() -> new ShaderParameter("n", ParameterType.INT, 0.5, null, 1L, "N"));
		assertThrows(IllegalArgumentException.class, () -> new ShaderParameter("n", ParameterType.INT, null, null, null, "N"));
	}

	@Test
	void numbersAreNormalisedAndArraysCopied() {
		ShaderParameter p = new ShaderParameter("gain", ParameterType.FLOAT, 0f, 2, 1, "Gain");
		assertEquals(0.0, p.min());
		assertEquals(2.0, p.max());
		assertEquals(1.0, p.defaultValue());
		float[] def = { 0.25f, 0.75f };
		ShaderParameter v = new ShaderParameter("pos", ParameterType.VEC2, null, null, def, "Pos");
		def[0] = 9f;
		assertArrayEquals(new float[] { 0.25f, 0.75f }, (float[]) v.defaultValue());
		((float[]) v.defaultValue())[1] = 9f;
		assertArrayEquals(new float[] { 0.25f, 0.75f }, (float[]) v.defaultValue());
		assertEquals(v, new ShaderParameter("pos", ParameterType.VEC2, null, null, new float[] { 0.25f, 0.75f }, "Pos"));
	}

	@Test
	void shaderInfo() {
		ShaderInfo info = new ShaderInfo("bars", "Colour bars", "1.0.0", List.of(SPEED, BARS, TINT));
		assertEquals(1, info.indexOf("bars"));
		assertEquals(-1, info.indexOf("nope"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> new ShaderInfo("bars", "Colour bars", "1.0.0", List.of(SPEED, SPEED)));
		assertTrue(e.getMessage().contains("speed twice"), e.getMessage());
		assertEquals("vec4", ParameterType.COLOR.glslType());
	}
}
