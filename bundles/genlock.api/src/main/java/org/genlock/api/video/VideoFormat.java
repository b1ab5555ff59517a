package org.genlock.api.video;

import java.util.Locale;

/**
 * A video format: raster, frame rate, pixel layout, scan and colour space.
 *
 * <p>{@code frameRate} is always <em>frames</em> per second, also for interlaced formats
 * (two fields per frame): 1080i5994 has a frame rate of 30000/1001.
 *
 * <p>The frame rate doubles as the DeckLink time base: because {@link Rational} is
 * normalised, {@link #timescale()} is its numerator and {@link #frameDuration()} its
 * denominator (60000/1001 gives time scale 60000 and duration 1001; 50/1 gives 50 and 1).
 *
 * <h2>Names</h2> {@link #parse(String)} reads and {@link #name()} writes the usual short
 * names: {@code <height><p|i><rate>} for the standard rasters (486 and 576 lines are 720
 * wide, 720 → 1280, 1080 → 1920, 2160 → 3840, 4320 → 7680) and
 * {@code <width>x<height><p|i><rate>} for any other raster. The rate is frames per second
 * for {@code p} and fields per second for {@code i}: an integer ({@code 25}, {@code 50}),
 * hundredths for the 1000/1001 rates ({@code 2398}, {@code 2997}, {@code 5994},
 * {@code 11988}) or an exact {@code n/d}. Examples: {@code 1080p50}, {@code 1080i5994},
 * {@code 720p5994}, {@code 2160p60}, {@code 1080p2997}, {@code 1080p25}, {@code 576i50},
 * {@code 1024x768p60}. A name does not carry pixel format or colorimetry; parsing uses
 * {@link PixelFormat#BGRA8} (what renderers write and keying needs) unless told otherwise,
 * Rec.601 below 720 lines and Rec.709 from 720 lines up. Interlaced is upper field first,
 * except 486 lines (NTSC), which is lower field first.
 *
 * @param width       width in pixels, 16..8192, even for {@link PixelFormat#UYVY8}
 * @param height      height in lines, 16..8192, even when interlaced
 * @param frameRate   frames per second, {@code > 0} and {@code <= 240}
 * @param pixelFormat memory layout of a frame
 * @param scan        progressive or interlaced field order
 * @param colorimetry colour space of the pixel values
 */
public record VideoFormat(int width, int height, Rational frameRate, PixelFormat pixelFormat,
		ScanMode scan, Colorimetry colorimetry) {

	/** Smallest accepted width and height. */
	public static final int MIN_DIMENSION = 16;
	/** Largest accepted width and height. */
	public static final int MAX_DIMENSION = 8192;
	/** Highest accepted frame rate, frames per second. */
	public static final Rational MAX_FRAME_RATE = Rational.of(240);

	private static final String ACCEPTED_NAMES = "expected <height><p|i><rate> such as 1080p50, 1080i5994, "
			+ "720p5994, 2160p60, 1080p2997, 1080p25, 576i50, 486i5994 (heights 486, 576, 720, 1080, 2160, 4320), "
			+ "or <width>x<height><p|i><rate> such as 1024x768p60; the rate is frames per second for p and "
			+ "fields per second for i: an integer, 2398/2997/4795/5994/11988 for the 1000/1001 rates, or n/d";

	/**
	 * Validates all components.
	 *
	 * @param width width in pixels, 16..8192, even for {@link PixelFormat#UYVY8}
	 * @param height height in lines, 16..8192, even when interlaced
	 * @param frameRate frames per second, {@code > 0} and {@code <= 240}
	 * @param pixelFormat memory layout of a frame
	 * @param scan progressive or interlaced field order
	 * @param colorimetry colour space of the pixel values
	 * @throws IllegalArgumentException naming the component, the value and the allowed range
	 */
	public VideoFormat {
		if (frameRate == null) {
			throw new IllegalArgumentException("VideoFormat.frameRate is null; expected a rate > 0 and <= 240");
		}
		if (pixelFormat == null) {
			throw new IllegalArgumentException("VideoFormat.pixelFormat is null; expected one of BGRA8, UYVY8, V210");
		}
		if (scan == null) {
			throw new IllegalArgumentException(
					"VideoFormat.scan is null; expected one of PROGRESSIVE, INTERLACED_UPPER_FIRST, INTERLACED_LOWER_FIRST");
		}
		if (colorimetry == null) {
			throw new IllegalArgumentException("VideoFormat.colorimetry is null; expected one of REC601, REC709, REC2020");
		}
		if (width < MIN_DIMENSION || width > MAX_DIMENSION) {
			throw new IllegalArgumentException("VideoFormat.width is " + width + " but must be in "
					+ MIN_DIMENSION + ".." + MAX_DIMENSION);
		}
		if (height < MIN_DIMENSION || height > MAX_DIMENSION) {
			throw new IllegalArgumentException("VideoFormat.height is " + height + " but must be in "
					+ MIN_DIMENSION + ".." + MAX_DIMENSION);
		}
		if (pixelFormat == PixelFormat.UYVY8 && (width & 1) != 0) {
			throw new IllegalArgumentException("VideoFormat.width is " + width
					+ " but must be even for UYVY8 (4:2:2 stores pixel pairs)");
		}
		if (scan.isInterlaced() && (height & 1) != 0) {
			throw new IllegalArgumentException("VideoFormat.height is " + height
					+ " but must be even for " + scan + " (two fields of equal height)");
		}
		if (!frameRate.isPositive() || frameRate.compareTo(MAX_FRAME_RATE) > 0) {
			throw new IllegalArgumentException("VideoFormat.frameRate is " + frameRate
					+ " but must be > 0 and <= 240 frames per second");
		}
	}

	/**
	 * Creates a progressive or interlaced format with the default colorimetry for its height
	 * (Rec.601 below 720 lines, Rec.709 otherwise).
	 *
	 * @param width       width in pixels
	 * @param height      height in lines
	 * @param frameRate   frames per second
	 * @param pixelFormat memory layout
	 * @param scan        scan mode
	 * @return the validated format
	 * @throws IllegalArgumentException if a component is out of range
	 */
	public static VideoFormat of(int width, int height, Rational frameRate, PixelFormat pixelFormat,
			ScanMode scan) {
		return new VideoFormat(width, height, frameRate, pixelFormat, scan, defaultColorimetry(height));
	}

	/**
	 * Returns the time scale in ticks per second for scheduling, as DeckLink wants it: the
	 * numerator of the normalised frame rate (60000 for 60000/1001, 50 for 50/1).
	 *
	 * @return ticks per second
	 */
	public long timescale() {
		return frameRate.numerator();
	}

	/**
	 * Returns the duration of one frame in {@link #timescale()} ticks: the denominator of the
	 * normalised frame rate (1001 for 60000/1001, 1 for 50/1).
	 *
	 * @return ticks per frame
	 */
	public long frameDuration() {
		return frameRate.denominator();
	}

	/**
	 * Returns the row stride of a frame in bytes, including padding.
	 *
	 * @return {@code pixelFormat().rowBytes(width())}
	 */
	public int rowBytes() {
		return pixelFormat.rowBytes(width);
	}

	/**
	 * Returns the size of a frame in bytes.
	 *
	 * @return {@code rowBytes() * height()}
	 */
	public int frameBytes() {
		return pixelFormat.bytesPerFrame(width, height);
	}

	/**
	 * Returns the exact display-index/time arithmetic for this format's frame rate. Allocates:
	 * keep the result rather than calling this per frame.
	 *
	 * @return a {@link FrameTime} for {@link #frameRate()}
	 */
	public FrameTime frameTime() {
		return new FrameTime(frameRate);
	}

	/**
	 * Returns a copy with another pixel format.
	 *
	 * @param newPixelFormat the pixel format
	 * @return the new format
	 * @throws IllegalArgumentException if the combination is invalid (odd width for UYVY8)
	 */
	public VideoFormat withPixelFormat(PixelFormat newPixelFormat) {
		return new VideoFormat(width, height, frameRate, newPixelFormat, scan, colorimetry);
	}

	/**
	 * Returns the short name of this format, e.g. {@code 1080p50}, {@code 1080i5994},
	 * {@code 1024x768p60}; see the class description. {@code parse(name())} gives back this
	 * format when pixel format, colorimetry and field order are the defaults for the name.
	 *
	 * @return the name
	 */
	public String name() {
		StringBuilder b = new StringBuilder(16);
		if (standardWidth(height) == width && (!scan.isInterlaced() || interlacedNameAllowed(height))) {
			b.append(height);
		} else {
			b.append(width).append('x').append(height);
		}
		b.append(scan.isInterlaced() ? 'i' : 'p');
		b.append(rateToken(scan.isInterlaced() ? frameRate.multiply(2) : frameRate));
		return b.toString();
	}

	/**
	 * Parses a short format name with the {@link PixelFormat#BGRA8} pixel format.
	 *
	 * @param name a name such as {@code 1080p50} or {@code 1080i5994}
	 * @return the format
	 * @throws IllegalArgumentException with a message listing the accepted forms
	 * @see #parse(String, PixelFormat)
	 */
	public static VideoFormat parse(String name) {
		return parse(name, PixelFormat.BGRA8);
	}

	/**
	 * Parses a short format name (case-insensitive, surrounding white space ignored); see the
	 * class description for the accepted forms.
	 *
	 * @param name        a name such as {@code 1080p50}, {@code 1080i5994} or
	 *                    {@code 1024x768p60}
	 * @param pixelFormat the pixel format of the result
	 * @return the format
	 * @throws IllegalArgumentException with a message listing the accepted forms
	 */
	public static VideoFormat parse(String name, PixelFormat pixelFormat) {
		if (name == null) {
			throw new IllegalArgumentException("video format name is null; " + ACCEPTED_NAMES);
		}
		String s = name.strip().toLowerCase(Locale.ROOT);
		int scanAt = -1;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == 'p' || c == 'i') {
				scanAt = i;
				break;
			}
		}
		if (scanAt <= 0 || scanAt == s.length() - 1) {
			throw new IllegalArgumentException("video format \"" + name + "\" is not recognised; " + ACCEPTED_NAMES);
		}
		boolean interlaced = s.charAt(scanAt) == 'i';
		String raster = s.substring(0, scanAt);
		String rateText = s.substring(scanAt + 1);
		int width;
		int height;
		boolean shortForm;
		try {
			int x = raster.indexOf('x');
			shortForm = x < 0;
			if (shortForm) {
				height = parseDigits(raster);
				width = standardWidth(height);
				if (width < 0) {
					throw new IllegalArgumentException("video format \"" + name + "\": " + height
							+ " lines is not a standard raster (486, 576, 720, 1080, 2160, 4320); write <width>x<height>, e.g. 1024x"
							+ height + (interlaced ? "i" : "p") + rateText + "; " + ACCEPTED_NAMES);
				}
				if (interlaced && !interlacedNameAllowed(height)) {
					throw new IllegalArgumentException("video format \"" + name + "\": " + height
							+ " lines is not broadcast interlaced (486i, 576i and 1080i are); " + ACCEPTED_NAMES);
				}
			} else {
				width = parseDigits(raster.substring(0, x));
				height = parseDigits(raster.substring(x + 1));
			}
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("video format \"" + name + "\" is not recognised; " + ACCEPTED_NAMES, e);
		}
		Rational rate;
		try {
			rate = parseRateToken(rateText);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("video format \"" + name + "\" has an unknown rate \"" + rateText
					+ "\": " + e.getMessage() + "; " + ACCEPTED_NAMES, e);
		}
		if (interlaced) {
			rate = rate.divide(2); // fields to frames
		}
		ScanMode scan = !interlaced ? ScanMode.PROGRESSIVE
				: height == 486 ? ScanMode.INTERLACED_LOWER_FIRST : ScanMode.INTERLACED_UPPER_FIRST;
		try {
			return new VideoFormat(width, height, rate, pixelFormat, scan, defaultColorimetry(height));
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("video format \"" + name + "\": " + e.getMessage(), e);
		}
	}

	private static int parseDigits(String s) {
		if (s.isEmpty() || s.length() > 5) {
			throw new NumberFormatException(s);
		}
		for (int i = 0; i < s.length(); i++) {
			if (s.charAt(i) < '0' || s.charAt(i) > '9') {
				throw new NumberFormatException(s);
			}
		}
		return Integer.parseInt(s);
	}

	private static Rational parseRateToken(String token) {
		if (token.indexOf('/') >= 0) {
			return Rational.parse(token);
		}
		int value;
		try {
			value = parseDigits(token);
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("not a number", e);
		}
		if (token.length() <= 3) {
			return Rational.of(value);
		}
		// hundredths of a 1000/1001 rate: 5994 -> 60000/1001
		long n = Math.round(value * 1001.0 / 100_000.0);
		if (n > 0 && ntscHundredths(n) == value) {
			return Rational.of(n * 1000, 1001);
		}
		throw new IllegalArgumentException(value + " is neither an integer rate up to 240 nor the hundredths of a "
				+ "1000/1001 rate (the nearest is " + ntscHundredths(Math.max(1, n)) + ")");
	}

	private static long ntscHundredths(long nominal) {
		// round(nominal * 1000/1001 * 100)
		return (nominal * 200_000 + 1001) / 2002;
	}

	private static String rateToken(Rational rate) {
		if (rate.denominator() == 1) {
			return Long.toString(rate.numerator());
		}
		if (rate.denominator() == 1001 && rate.numerator() % 1000 == 0) {
			long hundredths = ntscHundredths(rate.numerator() / 1000);
			if (hundredths >= 1000) {
				return Long.toString(hundredths);
			}
		}
		return rate.toString();
	}

	private static int standardWidth(int height) {
		return switch (height) {
			case 486, 576 -> 720;
			case 720 -> 1280;
			case 1080 -> 1920;
			case 2160 -> 3840;
			case 4320 -> 7680;
			default -> -1;
		};
	}

	private static boolean interlacedNameAllowed(int height) {
		return height == 486 || height == 576 || height == 1080;
	}

	private static Colorimetry defaultColorimetry(int height) {
		return height < 720 ? Colorimetry.REC601 : Colorimetry.REC709;
	}
}
