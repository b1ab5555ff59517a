package org.genlock.api.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ProgramLayerTest {

	@Test
	void layerCopiesItsMapAndArrays() {
		float[] colour = { 0.5f, 0f, 0f, 0.5f };
		Map<String, Object> params = new HashMap<>();
		params.put("tint", colour);
		params.put("speed", 1.5);
		Layer layer = new Layer("bars", params);
		params.put("speed", 99.0);
		params.put("extra", true);
		colour[0] = 0.9f;
		assertEquals(2, layer.parameters().size());
		assertEquals(1.5, layer.parameters().get("speed"));
		assertArrayEquals(new float[] { 0.5f, 0f, 0f, 0.5f }, (float[]) layer.parameters().get("tint"));
		((float[]) layer.parameters().get("tint"))[0] = 0.7f; // a returned array is a copy
		assertArrayEquals(new float[] { 0.5f, 0f, 0f, 0.5f }, (float[]) layer.parameters().get("tint"));
		assertThrows(UnsupportedOperationException.class, () -> layer.parameters().put("x", 1L));
	}

	@Test
	void layerNormalisesNumbersAndComparesArraysByContent() {
		Layer a = new Layer("bars", Map.of("n", 3, "g", 0.5f, "tint", new float[] { 1f, 1f, 1f, 1f }));
		assertEquals(3L, a.parameters().get("n"));
		assertEquals(0.5, a.parameters().get("g"));
		Layer b = new Layer("bars", Map.of("n", 3L, "g", 0.5, "tint", new float[] { 1f, 1f, 1f, 1f }));
		assertEquals(a, b);
		assertEquals(a.hashCode(), b.hashCode());
		assertNotEquals(a, new Layer("bars", Map.of("n", 3L, "g", 0.5, "tint", new float[] { 1f, 1f, 1f, 0.9f })));
		assertNotEquals(a, new Layer("bars", b.parameters(), 0.5f, true));
		assertTrue(a.toString().contains("[1.0, 1.0, 1.0, 1.0]"), a.toString());
	}

	@Test
	void layerValidation() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> new Layer("bars", Map.of("when", new java.util.Date(0))));
		assertTrue(e.getMessage().contains("parameter when") && e.getMessage().contains("Double, Long, Boolean, String or float[1..4]"),
				e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> new Layer("bars", Map.of(), 1.5f, true));
		assertTrue(e.getMessage().contains("opacity") && e.getMessage().contains("1.5") && e.getMessage().contains("0..1"),
				e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new Layer("bars", Map.of(), Float.NaN, true));
		assertThrows(IllegalArgumentException.class, () -> new Layer("bars", Map.of("v", new float[5])));
		assertThrows(IllegalArgumentException.class, () -> new Layer("bars", Map.of("v", Double.POSITIVE_INFINITY)));
		assertThrows(IllegalArgumentException.class, () -> new Layer(" ", Map.of()));
		Map<String, Object> withNull = new HashMap<>();
		withNull.put("x", null);
		assertThrows(IllegalArgumentException.class, () -> new Layer("bars", withNull));
	}

	@Test
	void programCopiesItsList() {
		List<Layer> layers = new ArrayList<>(List.of(new Layer("bars", Map.of()), new Layer("clock", Map.of())));
		Program p = new Program(layers);
		layers.clear();
		assertEquals(2, p.layers().size());
		assertEquals("bars", p.layers().get(0).shaderId(), "bottom first");
		assertThrows(UnsupportedOperationException.class, () -> p.layers().add(new Layer("x", Map.of())));
		assertTrue(Program.EMPTY.layers().isEmpty());
		assertEquals(p, Program.of(new Layer("bars", Map.of()), new Layer("clock", Map.of())));
		List<Layer> withNull = new ArrayList<>();
		withNull.add(null);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Program(withNull));
		assertTrue(e.getMessage().contains("layers[0]"), e.getMessage());
	}
}
