package org.genlock.api.telemetry;

/**
 * What was swapped live in a {@link SwapObservation}.
 */
public enum SwapKind {
	/** The output device. */
	DEVICE,
	/** The renderer. */
	RENDERER,
	/** The playout policy. */
	POLICY,
	/** The underrun strategy. */
	STRATEGY,
	/** The program (layers and parameters). */
	PROGRAM,
	/** A shader used by the program. */
	SHADER
}
