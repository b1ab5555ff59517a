package org.genlock.device.decklink.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.Rational;
import org.genlock.api.video.ScanMode;
import org.genlock.api.video.VideoFormat;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Maps the driver's display modes (iterated from the output) and pixel formats to
 * {@link VideoFormat}s, keeping only combinations {@code DoesSupportVideoMode} accepts.
 */
final class Modes {

	private Modes() {
	}

	/** Genlock's pixel format as a BMDPixelFormat. */
	static int pixelFormat(PixelFormat pf) {
		return switch (pf) {
			case BGRA8 -> Sdk.PF_8BIT_BGRA;
			case UYVY8 -> Sdk.PF_8BIT_YUV;
			case V210 -> Sdk.PF_10BIT_YUV;
		};
	}

	/** The VideoFormat of a mode's raster, rate and field dominance; null for one Genlock cannot express. */
	static VideoFormat format(long width, long height, long duration, long timescale, int dominance, PixelFormat pf) {
		ScanMode scan;
		if (dominance == Sdk.FIELD_PROGRESSIVE) {
			scan = ScanMode.PROGRESSIVE;
		} else if (dominance == Sdk.FIELD_UPPER) {
			scan = ScanMode.INTERLACED_UPPER_FIRST;
		} else if (dominance == Sdk.FIELD_LOWER) {
			scan = ScanMode.INTERLACED_LOWER_FIRST;
		} else {
			return null; // PsF and unknown dominance
		}
		if (duration <= 0 || timescale <= 0) {
			return null;
		}
		try {
			return VideoFormat.of((int) width, (int) height, Rational.of(timescale, duration), pf, scan);
		} catch (IllegalArgumentException e) {
			return null; // outside Genlock's raster or rate range
		}
	}

	/**
	 * Iterates the output's display modes and asks, per pixel format, whether the output
	 * supports it.
	 *
	 * @return supported formats, in the driver's mode order, mapped to their BMDDisplayMode
	 */
	static Map<VideoFormat, Integer> supported(Pointer output) {
		Map<VideoFormat, Integer> result = new LinkedHashMap<>();
		Pointer it = Com.outPointer(output, Sdk.OUT_GET_DISPLAY_MODE_ITERATOR);
		if (it == null) {
			return result;
		}
		Memory rate = new Memory(16);
		Memory actual = new Memory(8);
		Memory ok = new Memory(8);
		try {
			while (true) {
				Pointer mode = Com.outPointer(it, Sdk.ITERATOR_NEXT);
				if (mode == null) {
					break;
				}
				try {
					int code = Com.call(mode, Sdk.MODE_GET_DISPLAY_MODE);
					long w = Com.callLong(mode, Sdk.MODE_GET_WIDTH);
					long h = Com.callLong(mode, Sdk.MODE_GET_HEIGHT);
					rate.clear();
					Com.call(mode, Sdk.MODE_GET_FRAME_RATE, rate, rate.share(8));
					int dominance = Com.call(mode, Sdk.MODE_GET_FIELD_DOMINANCE);
					for (PixelFormat pf : PixelFormat.values()) {
						VideoFormat vf = format(w, h, rate.getLong(0), rate.getLong(8), dominance, pf);
						if (vf == null) {
							continue;
						}
						ok.clear();
						int hr = Com.call(output, Sdk.OUT_DOES_SUPPORT_VIDEO_MODE, 0, code, pixelFormat(pf),
								Sdk.NO_CONVERSION, 0, actual, ok);
						if (hr == Sdk.S_OK && ok.getByte(0) != 0) {
							result.putIfAbsent(vf, code);
						}
					}
				} finally {
					Com.release(mode);
				}
			}
		} finally {
			Com.release(it);
		}
		return result;
	}

	/** Whether the output can key a mode in a pixel format. */
	static boolean keyable(Pointer output, int mode, int pixelFormat) {
		Memory actual = new Memory(8);
		Memory ok = new Memory(8);
		ok.clear();
		int hr = Com.call(output, Sdk.OUT_DOES_SUPPORT_VIDEO_MODE, 0, mode, pixelFormat, Sdk.NO_CONVERSION,
				Sdk.SUPPORTED_MODE_KEYING, actual, ok);
		return hr == Sdk.S_OK && ok.getByte(0) != 0;
	}
}
