package org.genlock.api.control;

import java.util.Locale;

/**
 * The kinds of service a channel plays with, as an operator names them.
 */
public enum ProviderKind {
	/** A {@code VideoOutputDevice}, selected by {@code genlock.device.id}. */
	DEVICE("genlock.device.id"),
	/** A {@code Renderer}, selected by {@code genlock.renderer.id}. */
	RENDERER("genlock.renderer.id"),
	/** A {@code PlayoutPolicy}, selected by {@code genlock.policy.id}. */
	POLICY("genlock.policy.id"),
	/** An {@code UnderrunStrategy}, selected by {@code genlock.strategy.id}. */
	STRATEGY("genlock.strategy.id"),
	/** A {@code ShaderProvider}, named in programs by {@code genlock.shader.id}; not selected per channel. */
	SHADER("genlock.shader.id");

	private final String idProperty;

	ProviderKind(String idProperty) {
		this.idProperty = idProperty;
	}

	/**
	 * Returns the service property that carries a provider's id.
	 *
	 * @return e.g. {@code genlock.policy.id}
	 */
	public String idProperty() {
		return idProperty;
	}

	/**
	 * Returns the lower-case name used in URLs, commands and JSON.
	 *
	 * @return e.g. {@code policy}
	 */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Returns whether a channel selects one provider of this kind.
	 *
	 * @return true for device, renderer, policy and strategy
	 */
	public boolean selectable() {
		return this != SHADER;
	}

	/**
	 * Looks a kind up by its {@link #label() label}, ignoring case.
	 *
	 * @param label e.g. {@code policy}
	 * @return the kind
	 * @throws IllegalArgumentException naming the label and the allowed values
	 */
	public static ProviderKind ofLabel(String label) {
		for (ProviderKind k : values()) {
			if (k.label().equalsIgnoreCase(label == null ? "" : label.trim())) {
				return k;
			}
		}
		throw new IllegalArgumentException("unknown provider kind '" + label
				+ "'; allowed: device, renderer, policy, strategy, shader");
	}
}
