package org.genlock.api.render;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a channel shows: layers composited bottom to top, premultiplied "over". Immutable and
 * shared across frames; building a new one is a swap, not a per-frame allocation.
 *
 * @param layers the layers, bottom first; copied
 */
public record Program(List<Layer> layers) {

	/** The program with no layers: transparent black. */
	public static final Program EMPTY = new Program(List.of());

	/**
	 * Validates and copies.
	 *
	 * @param layers the layers, bottom first; copied
	 * @throws IllegalArgumentException if the list or one of its elements is null
	 */
	public Program {
		if (layers == null) {
			throw new IllegalArgumentException("Program.layers is null; use Program.EMPTY for no layers");
		}
		for (int i = 0; i < layers.size(); i++) {
			if (layers.get(i) == null) {
				throw new IllegalArgumentException("Program.layers[" + i + "] is null");
			}
		}
		layers = List.copyOf(layers);
	}

	/**
	 * Returns a program of the given layers, bottom first.
	 *
	 * @param layers the layers
	 * @return the program
	 */
	public static Program of(Layer... layers) {
		return new Program(List.of(layers));
	}

	/**
	 * Parses the program text of a channel configuration, bottom layer first, e.g.
	 * {@code bars | timecode(size=1.5, position=bottom)@0.8}:
	 *
	 * <pre>
	 * program   := [ layer { '|' layer } ]
	 * layer     := shaderId [ '(' [ name '=' value { ',' name '=' value } ] ')' ] [ '@' opacity ]
	 * value     := integer | decimal | true | false | "text" | [n, n, ...] (1..4 numbers) | word
	 * opacity   := 0..1 (default 1)
	 * </pre>
	 *
	 * Shader ids and parameter names are not checked against installed shaders here; a
	 * console does that against the registered {@code ShaderProvider}s.
	 *
	 * @param text the program text; blank means {@link #EMPTY}
	 * @return the program
	 * @throws IllegalArgumentException naming the column, what was expected and the syntax
	 * @since 1.1
	 */
	public static Program parse(String text) {
		return ProgramParser.parse(text);
	}

	/**
	 * Returns the program as text that {@link #parse(String)} reads back to an equal program:
	 * opacity is written only when below 1, strings are quoted only when they are not a plain
	 * word, disabled layers are left out.
	 *
	 * @return the canonical program text; empty for {@link #EMPTY}
	 * @since 1.1
	 */
	public String toText() {
		StringBuilder b = new StringBuilder();
		for (Layer layer : layers) {
			if (!layer.enabled()) {
				continue;
			}
			if (b.length() > 0) {
				b.append(" | ");
			}
			b.append(layer.shaderId());
			if (!layer.parameters().isEmpty()) {
				b.append('(');
				String sep = "";
				for (Map.Entry<String, Object> e : layer.parameters().entrySet()) {
					b.append(sep).append(e.getKey()).append('=');
					appendValue(b, e.getValue());
					sep = ", ";
				}
				b.append(')');
			}
			if (layer.opacity() < 1f) {
				b.append('@').append(layer.opacity());
			}
		}
		return b.toString();
	}

	private static void appendValue(StringBuilder b, Object v) {
		if (v instanceof float[] a) {
			b.append(Arrays.toString(a));
		} else if (v instanceof String s && !ProgramParser.isPlainWord(s)) {
			b.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
		} else {
			b.append(v);
		}
	}
}
