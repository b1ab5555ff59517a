package org.genlock.api.video;

/**
 * Exact conversion between display indices and time for one frame rate.
 *
 * <p>Display index {@code i} is the {@code i}-th frame since the start of the time line
 * (index 0 starts at time 0). Its start time is {@code i * denominator / numerator} seconds,
 * exactly; this class computes it with integer arithmetic only (no doubles, no
 * accumulation), splitting into whole seconds plus remainder so that nothing overflows for
 * any index whose time fits in a long of nanoseconds (about 292 years). After 24 hours at
 * 60000/1001 the time is exact to the nanosecond, and so is it after 30 days.
 *
 * <p>All methods are pure, thread-safe and allocation-free: create one {@code FrameTime} per
 * format off the hot path (e.g. {@link VideoFormat#frameTime()}) and use it per frame.
 *
 * @param frameRate frames per second, {@code > 0} and at most one frame per nanosecond
 */
public record FrameTime(Rational frameRate) {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	/**
	 * Validates the rate.
	 *
	 * @param frameRate frames per second, {@code > 0} and at most one frame per nanosecond
	 * @throws IllegalArgumentException if the rate is null, not positive or above 10^9 frames
	 *                                  per second
	 */
	public FrameTime {
		if (frameRate == null) {
			throw new IllegalArgumentException("FrameTime.frameRate is null; expected a positive rate");
		}
		if (!frameRate.isPositive() || frameRate.compareTo(Rational.of(NANOS_PER_SECOND)) > 0) {
			throw new IllegalArgumentException("FrameTime.frameRate is " + frameRate
					+ " but must be > 0 and <= 1000000000 (a frame must last at least 1 ns)");
		}
	}

	/**
	 * Returns the time scale in ticks per second (the rate's numerator).
	 *
	 * @return ticks per second
	 */
	public long timescale() {
		return frameRate.numerator();
	}

	/**
	 * Returns the frame duration in {@link #timescale()} ticks (the rate's denominator).
	 *
	 * @return ticks per frame
	 */
	public long frameDuration() {
		return frameRate.denominator();
	}

	/**
	 * Returns the start of frame {@code index} in {@link #timescale()} ticks:
	 * {@code index * frameDuration()}. This is the value DeckLink's
	 * {@code ScheduleVideoFrame} takes as display time.
	 *
	 * @param index the display index (may be negative)
	 * @return the exact time in ticks
	 * @throws ArithmeticException if the result overflows a long
	 */
	public long timeOf(long index) {
		return Math.multiplyExact(index, frameRate.denominator());
	}

	/**
	 * Returns the display index whose frame interval contains the given time in ticks:
	 * {@code floor(ticks / frameDuration())}.
	 *
	 * @param ticks a time in {@link #timescale()} ticks
	 * @return the display index
	 */
	public long indexAtTicks(long ticks) {
		return Math.floorDiv(ticks, frameRate.denominator());
	}

	/**
	 * Returns the start of frame {@code index} in nanoseconds, exactly
	 * {@code floor(index * 10^9 * denominator / numerator)}.
	 *
	 * @param index the display index (may be negative)
	 * @return nanoseconds since index 0, rounded towards negative infinity
	 * @throws ArithmeticException if the result does not fit in a long
	 */
	public long nanosOf(long index) {
		long n = frameRate.numerator();
		long ticks = Math.multiplyExact(index, frameRate.denominator());
		long seconds = Math.floorDiv(ticks, n);
		long rest = Math.floorMod(ticks, n); // 0 <= rest < n
		return Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND),
				Exact.mulDivFloor(rest, NANOS_PER_SECOND, n));
	}

	/**
	 * Returns the display index of the frame on air at a time: the largest {@code i} with
	 * {@code nanosOf(i) <= nanos}. It is the inverse of {@link #nanosOf(long)}:
	 * {@code indexAt(nanosOf(i)) == i} for every {@code i}, and
	 * {@code indexAt(nanosOf(i + 1) - 1) == i}.
	 *
	 * @param nanos nanoseconds since index 0 (may be negative)
	 * @return the display index
	 * @throws ArithmeticException at the extremes of the long range
	 */
	public long indexAt(long nanos) {
		long n = frameRate.numerator();
		long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
		long rest = Math.floorMod(nanos, NANOS_PER_SECOND);
		long ticks = Math.addExact(Math.multiplyExact(seconds, n), Exact.mulDivFloor(rest, n, NANOS_PER_SECOND));
		long candidate = Math.floorDiv(ticks, frameRate.denominator()); // floor(nanos / period)
		// nanosOf floors, so the next frame may start up to 1 ns before its exact time;
		// a frame lasts at least 1 ns, so the answer is candidate or candidate + 1.
		return nanosOf(candidate + 1) <= nanos ? candidate + 1 : candidate;
	}

	/** The audio sample rate of every Genlock channel (SDI embedded audio), samples per second. */
	public static final int AUDIO_SAMPLE_RATE = 48_000;

	/**
	 * Returns the number of audio samples (per audio channel) that frame {@code index} carries
	 * at {@code sampleRate}: {@code audioSampleOffset(index + 1) - audioSampleOffset(index)}.
	 * At 48 kHz that is 1920 at 25p, 960 at 50p, the cadence 1601, 1602, 1601, 1602, 1602
	 * (8008 samples every 5 frames) at 30000/1001 and 800, 801, 801, 801, 801 at 60000/1001.
	 * Exact for every index: audio never drifts from video. Pure and allocation-free.
	 *
	 * @param index      the display index (may be negative)
	 * @param sampleRate samples per second, {@code > 0}, at least the frame rate
	 * @return the sample count of that frame
	 * @throws IllegalArgumentException if the sample rate is not positive or below the frame rate
	 * @since 1.1
	 */
	public int audioSamples(long index, int sampleRate) {
		long p = cycleSamples(sampleRate);
		long q = cycleFrames(sampleRate);
		long r = Math.floorMod(index, q);
		return (int) (Math.multiplyExact(r + 1, p) / q - Math.multiplyExact(r, p) / q);
	}

	/**
	 * Returns the first audio sample of frame {@code index}:
	 * {@code floor(index * sampleRate * denominator / numerator)}, so sample time is a pure
	 * function of the display index (lip sync by construction). Exact for every index whose
	 * sample number fits in a long; pure and allocation-free.
	 *
	 * @param index      the display index (may be negative)
	 * @param sampleRate samples per second, {@code > 0}, at least the frame rate
	 * @return the absolute sample number where the frame's audio starts
	 * @throws IllegalArgumentException if the sample rate is not positive or below the frame rate
	 * @throws ArithmeticException      if the sample number does not fit in a long
	 * @since 1.1
	 */
	public long audioSampleOffset(long index, int sampleRate) {
		long p = cycleSamples(sampleRate);
		long q = cycleFrames(sampleRate);
		long cycles = Math.floorDiv(index, q);
		long r = Math.floorMod(index, q);
		return Math.addExact(Math.multiplyExact(cycles, p), Math.multiplyExact(r, p) / q);
	}

	// samples per frame = sampleRate * den / num, reduced to p / q: p samples every q frames

	private long cycleSamples(int sampleRate) {
		long num = frameRate.numerator();
		long den = frameRate.denominator();
		if (sampleRate <= 0) {
			throw new IllegalArgumentException("audio sample rate is " + sampleRate + " but must be > 0 (e.g. 48000)");
		}
		long g1 = gcd(sampleRate, num);
		long p = Math.multiplyExact(sampleRate / g1, den / gcd(den, num / g1));
		if (p < cycleFrames(sampleRate)) {
			throw new IllegalArgumentException("audio sample rate " + sampleRate + " is below the frame rate "
					+ frameRate + ": a frame would carry no sample");
		}
		return p;
	}

	private long cycleFrames(int sampleRate) {
		long num = frameRate.numerator();
		long g1 = gcd(sampleRate, num);
		return (num / g1) / gcd(frameRate.denominator(), num / g1);
	}

	/**
	 * Returns the most audio samples any frame carries at {@code sampleRate}:
	 * {@code ceil(sampleRate * denominator / numerator)} (1602 at 29.97, 960 at 50p), what a
	 * buffer for one frame's audio must hold.
	 *
	 * @param sampleRate samples per second, {@code > 0}
	 * @return the largest per-frame sample count
	 * @since 1.1
	 */
	public int maxAudioSamples(int sampleRate) {
		if (sampleRate <= 0) {
			throw new IllegalArgumentException("audio sample rate is " + sampleRate + " but must be > 0 (e.g. 48000)");
		}
		long perSecond = Math.multiplyExact((long) sampleRate, frameRate.denominator());
		long num = frameRate.numerator();
		return Math.toIntExact(perSecond / num + (perSecond % num == 0 ? 0 : 1));
	}

	private static long gcd(long a, long b) {
		while (b != 0) {
			long t = a % b;
			a = b;
			b = t;
		}
		return a;
	}
}
