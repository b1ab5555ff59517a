package org.genlock.api.video;

/**
 * The colour space (primaries and matrix) the pixel values are in. Renderers convert to it
 * when writing YUV formats; devices signal it where the hardware can.
 */
public enum Colorimetry {
	/** ITU-R BT.601, standard definition. */
	REC601,
	/** ITU-R BT.709, high definition and the default for UHD SDR. */
	REC709,
	/** ITU-R BT.2020, wide colour gamut. */
	REC2020
}
