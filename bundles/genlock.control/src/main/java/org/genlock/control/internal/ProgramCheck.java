package org.genlock.control.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.genlock.api.control.ControlException;
import org.genlock.api.control.ControlException.Reason;
import org.genlock.api.render.Layer;
import org.genlock.api.render.Program;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderParameter;

/**
 * Checks a program text against the syntax, the channel's layer bound and the registered
 * shaders and audio sources: every layer names a registered shader, every parameter is one the shader declares,
 * every value is of its type and in its range. The one check for programs from every front
 * end and from files. Pure; the messages name the layer, what was wrong and what is allowed.
 */
final class ProgramCheck {

	/** Layers a channel allows unless its {@code max.layers} says otherwise. */
	static final int DEFAULT_MAX_LAYERS = 16;

	private ProgramCheck() {
	}

	/**
	 * @param text      the program text
	 * @param shaders   the registered shaders by id
	 * @param maxLayers the most layers the channel allows
	 * @return the parsed program
	 * @throws ControlException {@code INVALID} naming what was wrong and what is allowed
	 */
	static Program check(String text, Map<String, ShaderInfo> shaders, int maxLayers) throws ControlException {
		return check(text, shaders, Map.of(), maxLayers);
	}

	/**
	 * @param text         the program text
	 * @param shaders      the registered shaders by id
	 * @param audioSources the registered audio sources by id
	 * @param maxLayers    the most layers the channel allows (shader and audio layers each)
	 * @return the parsed program
	 * @throws ControlException {@code INVALID} naming what was wrong and what is allowed
	 */
	static Program check(String text, Map<String, ShaderInfo> shaders, Map<String, ShaderInfo> audioSources,
			int maxLayers) throws ControlException {
		Program program;
		try {
			program = Program.parse(text);
		} catch (IllegalArgumentException e) {
			throw new ControlException(Reason.INVALID, e.getMessage());
		}
		checkLayers(program.layers(), shaders, maxLayers, "layer", "shader");
		checkLayers(program.audio(), audioSources, maxLayers, "audio layer", "audio source");
		return program;
	}

	private static void checkLayers(List<Layer> layers, Map<String, ShaderInfo> registered, int maxLayers, String what,
			String kind) throws ControlException {
		if (layers.size() > maxLayers) {
			throw new ControlException(Reason.INVALID, "program: " + layers.size() + " " + what + "s; the channel allows "
					+ "at most " + maxLayers + " (its max.layers)");
		}
		for (int i = 0; i < layers.size(); i++) {
			Layer layer = layers.get(i);
			String where = what + " " + (i + 1) + " '" + layer.shaderId() + "'";
			ShaderInfo info = registered.get(layer.shaderId());
			if (info == null) {
				List<String> known = registered.keySet().stream().sorted().toList();
				throw new ControlException(Reason.INVALID, "program: " + where + " names no registered " + kind + "; "
						+ "registered " + kind + "s: " + (known.isEmpty() ? "(none)" : String.join(", ", known)), known);
			}
			for (Map.Entry<String, Object> p : layer.parameters().entrySet()) {
				int index = info.indexOf(p.getKey());
				if (index < 0) {
					List<String> names = new ArrayList<>();
					info.parameters().forEach(d -> names.add(d.name()));
					throw new ControlException(Reason.INVALID, "program: " + where + " has no parameter '"
							+ p.getKey() + "'; its parameters: " + (names.isEmpty() ? "(none)" : String.join(", ", names)),
							names);
				}
				ShaderParameter declared = info.parameters().get(index);
				try {
					declared.check(p.getValue());
				} catch (IllegalArgumentException e) {
					throw new ControlException(Reason.INVALID, "program: " + where + ": " + e.getMessage());
				}
			}
		}
	}
}
