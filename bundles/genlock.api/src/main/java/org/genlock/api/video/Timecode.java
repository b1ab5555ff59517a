package org.genlock.api.video;

/**
 * An SMPTE 12M time-of-day timecode {@code HH:MM:SS:FF}, with drop-frame support.
 *
 * <h2>Counting</h2> Frames are counted at the <em>nominal</em> rate, the frame rate rounded
 * to the nearest integer: 24 for 24000/1001, 25, 30 for 30000/1001, 50, 60 for 60000/1001.
 * Above 30 fps this class uses frame numbers {@code 0..nominal-1} (0..49 at 50p, 0..59 at
 * 59.94p) rather than the SMPTE 12M-2 scheme of 0..29 plus a field/pair flag: the number is
 * unambiguous per frame, which is what graphics and logs need. A device that emits
 * ancillary timecode converts at its edge.
 *
 * <h2>Drop frame</h2> Drop-frame is defined only for 30000/1001 and 60000/1001. Frame
 * numbers 00 and 01 (00..03 at 60000/1001) are skipped at the start of every minute except
 * minutes 00, 10, 20, 30, 40 and 50, so the label stays within about a frame of wall-clock
 * time. Drop-frame timecode prints with a semicolon: {@code 01:00:00;00}; non-drop with a
 * colon: {@code 01:00:00:00}.
 *
 * <h2>Wrap</h2> The timecode is a time of day: frame indices wrap modulo 24 hours
 * (negative indices count back from 24:00:00:00).
 *
 * <p>A {@code Timecode} is a record: creating one allocates. On the hot path use
 * {@link #labelOf(long, Rational, boolean)}, which returns the digits packed in one long
 * without allocating.
 *
 * @param hours     0..23
 * @param minutes   0..59
 * @param seconds   0..59
 * @param frames    0..239 here; {@link #toFrameIndex(Rational)} checks it against the rate
 * @param dropFrame whether this is drop-frame timecode
 */
public record Timecode(int hours, int minutes, int seconds, int frames, boolean dropFrame) {

	/** Largest nominal frame rate, so frame numbers are 0..239. */
	private static final int MAX_NOMINAL = 240;
	private static final Rational DF_30 = Rational.of(30000, 1001);
	private static final Rational DF_60 = Rational.of(60000, 1001);

	/**
	 * Validates the fields, including the frame numbers that drop-frame skips (00 and 01 at
	 * second 00 of minutes not divisible by 10, which both drop-frame rates skip).
	 *
	 * @param hours 0..23
	 * @param minutes 0..59
	 * @param seconds 0..59
	 * @param frames 0..239 here; {@link #toFrameIndex(Rational)} checks it against the rate
	 * @param dropFrame whether this is drop-frame timecode
	 * @throws IllegalArgumentException naming the field, the value and the allowed range
	 */
	public Timecode {
		check("hours", hours, 23);
		check("minutes", minutes, 59);
		check("seconds", seconds, 59);
		check("frames", frames, MAX_NOMINAL - 1);
		if (dropFrame && seconds == 0 && minutes % 10 != 0 && frames < 2) {
			throw new IllegalArgumentException(String.format(
					"Timecode %02d:%02d:%02d;%02d does not exist: drop-frame skips frames 00 and 01 "
							+ "at the start of each minute not divisible by 10", hours, minutes, seconds, frames));
		}
	}

	private static void check(String field, int value, int max) {
		if (value < 0 || value > max) {
			throw new IllegalArgumentException("Timecode." + field + " is " + value + " but must be in 0.." + max);
		}
	}

	/**
	 * Returns the nominal (counting) rate: the frame rate rounded half up to an integer, at
	 * least 1.
	 *
	 * @param rate the frame rate, {@code > 0}
	 * @return the nominal rate
	 * @throws IllegalArgumentException if the rate is not positive or rounds above 240
	 */
	public static int nominalRate(Rational rate) {
		if (rate == null || !rate.isPositive()) {
			throw new IllegalArgumentException("timecode rate is " + rate + " but must be > 0");
		}
		long whole = rate.numerator() / rate.denominator();
		long rest = rate.numerator() % rate.denominator();
		long nominal = Math.max(1, whole + (rest >= rate.denominator() - rest ? 1 : 0));
		if (nominal > MAX_NOMINAL) {
			throw new IllegalArgumentException("timecode rate is " + rate + " but must be <= 240 frames per second");
		}
		return (int) nominal;
	}

	/**
	 * Returns whether drop-frame timecode is defined for a rate (30000/1001 or 60000/1001).
	 *
	 * @param rate the frame rate
	 * @return {@code true} if drop-frame may be used
	 */
	public static boolean isDropFrameRate(Rational rate) {
		return DF_30.equals(rate) || DF_60.equals(rate);
	}

	/**
	 * Returns the timecode label of a frame index as one long without allocating: the count
	 * of nominal frames from {@code 00:00:00:00} to the label, i.e.
	 * {@code ((hh * 60 + mm) * 60 + ss) * nominal + ff}. Digits follow by division:
	 * {@code ff = label % nominal}, {@code ss = label / nominal % 60},
	 * {@code mm = label / (60 * nominal) % 60}, {@code hh = label / (3600 * nominal)}. For
	 * non-drop timecode the label equals the index modulo 24 hours; for drop-frame it is
	 * larger by the frame numbers skipped so far.
	 *
	 * @param frameIndex frames since {@code 00:00:00:00} (wraps at 24 h, may be negative)
	 * @param rate       the frame rate
	 * @param dropFrame  whether to count drop-frame
	 * @return the label in nominal frames, {@code 0 <= label < 86400 * nominal}
	 * @throws IllegalArgumentException if the rate is invalid or drop-frame is requested for
	 *                                  a rate other than 30000/1001 and 60000/1001
	 */
	public static long labelOf(long frameIndex, Rational rate, boolean dropFrame) {
		int nominal = nominalRate(rate);
		if (!dropFrame) {
			return Math.floorMod(frameIndex, 86_400L * nominal);
		}
		requireDropFrameRate(rate);
		int drop = nominal / 15; // 2 at 30, 4 at 60
		long perTenMinutes = 600L * nominal - 9L * drop;
		long perMinute = 60L * nominal - drop; // a dropping minute
		long index = Math.floorMod(frameIndex, 144 * perTenMinutes);
		long tens = index / perTenMinutes;
		long within = index % perTenMinutes;
		long skipped = 9L * drop * tens;
		if (within >= drop) {
			skipped += drop * ((within - drop) / perMinute);
		}
		return index + skipped;
	}

	/**
	 * Returns the timecode of a frame index, wrapping at 24 hours. Allocates.
	 *
	 * @param frameIndex frames since {@code 00:00:00:00} (may be negative)
	 * @param rate       the frame rate
	 * @param dropFrame  whether to count drop-frame
	 * @return the timecode
	 * @throws IllegalArgumentException if the rate is invalid or drop-frame is requested for
	 *                                  a rate other than 30000/1001 and 60000/1001
	 */
	public static Timecode fromFrameIndex(long frameIndex, Rational rate, boolean dropFrame) {
		int nominal = nominalRate(rate);
		long label = labelOf(frameIndex, rate, dropFrame);
		int ff = (int) (label % nominal);
		long totalSeconds = label / nominal;
		return new Timecode((int) (totalSeconds / 3600), (int) (totalSeconds / 60 % 60), (int) (totalSeconds % 60), ff,
				dropFrame);
	}

	/**
	 * Returns the frame index of this timecode, counted from {@code 00:00:00:00}; the inverse
	 * of {@link #fromFrameIndex(long, Rational, boolean)} for indices within a day.
	 *
	 * @param rate the frame rate
	 * @return the frame index, {@code 0 <= index < frames per day}
	 * @throws IllegalArgumentException if {@code frames} is not below the nominal rate, the
	 *                                  label is a dropped one at this rate, or this is
	 *                                  drop-frame and the rate is not 30000/1001 or
	 *                                  60000/1001
	 */
	public long toFrameIndex(Rational rate) {
		int nominal = nominalRate(rate);
		if (frames >= nominal) {
			throw new IllegalArgumentException("Timecode " + this + ": frames is " + frames + " but must be in 0.."
					+ (nominal - 1) + " at " + rate + " frames per second");
		}
		long label = ((hours * 60L + minutes) * 60 + seconds) * nominal + frames;
		if (!dropFrame) {
			return label;
		}
		requireDropFrameRate(rate);
		int drop = nominal / 15;
		if (seconds == 0 && minutes % 10 != 0 && frames < drop) {
			throw new IllegalArgumentException("Timecode " + this + " does not exist at " + rate
					+ ": drop-frame skips frames 00.." + String.format("%02d", drop - 1)
					+ " at the start of each minute not divisible by 10");
		}
		long totalMinutes = hours * 60L + minutes;
		return label - drop * (totalMinutes - totalMinutes / 10);
	}

	private static void requireDropFrameRate(Rational rate) {
		if (!isDropFrameRate(rate)) {
			throw new IllegalArgumentException("drop-frame timecode is only defined for 30000/1001 and 60000/1001, not "
					+ rate + "; use non-drop timecode");
		}
	}

	/**
	 * Parses {@code HH:MM:SS:FF} (non-drop) or {@code HH:MM:SS;FF} (drop-frame), the forms
	 * {@link #toString()} writes; the frame number may have two or three digits.
	 *
	 * @param text the text
	 * @return the timecode
	 * @throws IllegalArgumentException if the text has another form or a field is out of
	 *                                  range
	 */
	public static Timecode parse(String text) {
		if (text == null) {
			throw new IllegalArgumentException("timecode text is null; expected HH:MM:SS:FF or HH:MM:SS;FF");
		}
		String s = text.strip();
		int length = s.length();
		if ((length != 11 && length != 12) || s.charAt(2) != ':' || s.charAt(5) != ':'
				|| (s.charAt(8) != ':' && s.charAt(8) != ';')) {
			throw new IllegalArgumentException("timecode \"" + text
					+ "\" is not HH:MM:SS:FF (non-drop) or HH:MM:SS;FF (drop-frame)");
		}
		try {
			return new Timecode(digits(s, 0, 2, text), digits(s, 3, 5, text), digits(s, 6, 8, text),
					digits(s, 9, length, text), s.charAt(8) == ';');
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("timecode \"" + text + "\": " + e.getMessage(), e);
		}
	}

	private static int digits(String s, int from, int to, String text) {
		int value = 0;
		for (int i = from; i < to; i++) {
			char c = s.charAt(i);
			if (c < '0' || c > '9') {
				throw new IllegalArgumentException("'" + c + "' is not a digit; expected HH:MM:SS:FF or HH:MM:SS;FF");
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	/**
	 * Returns {@code HH:MM:SS:FF}, or {@code HH:MM:SS;FF} for drop-frame.
	 *
	 * @return the SMPTE text form
	 */
	@Override
	public String toString() {
		return String.format("%02d:%02d:%02d%c%02d", hours, minutes, seconds, dropFrame ? ';' : ':', frames);
	}
}
