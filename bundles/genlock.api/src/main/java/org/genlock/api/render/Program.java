package org.genlock.api.render;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a channel airs: shader layers composited bottom to top, premultiplied "over", and
 * audio layers mixed (summed, each scaled by its {@link Layer#opacity() opacity} as linear
 * gain). Immutable and shared across frames; building a new one is a swap, not a per-frame
 * allocation. Picture and sound of a frame come from the same program, so a program swap
 * changes both on the same frame.
 *
 * @param layers the shader layers, bottom first; copied
 * @param audio  the audio layers: each names an
 *               {@link org.genlock.api.audio.AudioSourceProvider audio source} by its id
 *               (in {@link Layer#shaderId()}) with its parameters; copied (since 1.2)
 */
public record Program(List<Layer> layers, List<Layer> audio) {

	/** The program with no layers: transparent black. */
	public static final Program EMPTY = new Program(List.of(), List.of());

	/**
	 * Validates and copies.
	 *
	 * @param layers the shader layers, bottom first; copied
	 * @param audio  the audio layers; copied
	 * @throws IllegalArgumentException if a list or one of its elements is null
	 * @since 1.2
	 */
	public Program {
		layers = checked("layers", layers);
		audio = checked("audio", audio);
	}

	/**
	 * A program without audio layers.
	 *
	 * @param layers the shader layers, bottom first; copied
	 * @throws IllegalArgumentException if the list or one of its elements is null
	 */
	public Program(List<Layer> layers) {
		this(layers, List.of());
	}

	private static List<Layer> checked(String what, List<Layer> list) {
		if (list == null) {
			throw new IllegalArgumentException("Program." + what + " is null; use an empty list for none");
		}
		for (int i = 0; i < list.size(); i++) {
			if (list.get(i) == null) {
				throw new IllegalArgumentException("Program." + what + "[" + i + "] is null");
			}
		}
		return List.copyOf(list);
	}

	/**
	 * Returns this program's picture with other audio layers.
	 *
	 * @param audioLayers the audio layers
	 * @return the new program
	 * @since 1.2
	 */
	public Program withAudio(List<Layer> audioLayers) {
		return new Program(layers, audioLayers);
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
	 * followed optionally by the audio layers, mixed, e.g.
	 * {@code bars | timecode ; audio: lineup(level=-18) + sync@0.5}:
	 *
	 * <pre>
	 * program   := [ layers ] [ ';' 'audio' ':' [ audioLayer { '+' audioLayer } ] ]
	 * audioLayer:= sourceId [ '(' params ')' ] [ '@' gain ]    gain 0..1 linear (default 1)
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
		appendLayers(b, layers, " | ");
		if (!audio.isEmpty()) {
			b.append(b.length() > 0 ? " ; audio: " : "; audio: ");
			appendLayers(b, audio, " + ");
		}
		return b.toString();
	}

	private static void appendLayers(StringBuilder b, List<Layer> list, String separator) {
		boolean first = true;
		for (Layer layer : list) {
			if (!layer.enabled()) {
				continue;
			}
			if (!first) {
				b.append(separator);
			}
			first = false;
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
