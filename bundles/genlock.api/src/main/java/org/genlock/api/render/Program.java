package org.genlock.api.render;

import java.util.List;

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
}
