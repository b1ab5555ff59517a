package org.genlock.audio.basic.internal;

/**
 * Sines from a table of one period at 1 Hz resolution at 48 kHz: entry {@code n} is
 * {@code sin(2π n / 48000)}. A sine of integer frequency {@code f} at 48 kHz only ever needs
 * the phases {@code (sample · f) mod 48000}, so with the phase kept as that integer the
 * output is exact over any span of time (no accumulated float phase, no drift after days)
 * and costs a table read and a multiply per sample.
 *
 * <p>The table (192 KB) is built once, when the first source is activated (class
 * initialisation), and only read after that, from any thread.
 */
final class Sine {

	/** Entries in the table: one period at the channel sample rate, 1 Hz apart. */
	static final int TABLE_RATE = 48_000;

	private static final float[] TABLE = table();

	private Sine() {}

	private static float[] table() {
		float[] t = new float[TABLE_RATE];
		for (int n = 0; n < TABLE_RATE; n++) {
			t[n] = (float) Math.sin(2 * Math.PI * n / TABLE_RATE);
		}
		return t;
	}

	/** Makes sure the table exists; called on activation so no frame pays for building it. */
	static void load() {
		if (TABLE.length != TABLE_RATE) {
			throw new AssertionError("sine table has " + TABLE.length + " entries");
		}
	}

	/** Returns table entry {@code n}: {@code (float) sin(2π n / 48000)}. */
	static float at(int n) {
		return TABLE[n];
	}

	/**
	 * Linear gain of a level in dBFS: {@code 10^(dbfs / 20)}; a sine of this amplitude peaks
	 * at that level.
	 */
	static float gain(double dbfs) {
		return (float) Math.pow(10, dbfs / 20);
	}

	/**
	 * Writes {@code out[offset .. offset + count)} with {@code amplitude · sin(2π f (s - origin) / rate)}
	 * for the samples {@code s = first .. first + count - 1}. At 48 kHz this is exact: the phase
	 * is the integer {@code ((s - origin) · f) mod 48000}. Other rates use the nearest of the
	 * 48000 table phases (error below 2π/96000 rad). Allocation-free.
	 *
	 * @param out       the channel's samples
	 * @param offset    first index written
	 * @param count     samples written
	 * @param first     absolute number of the first sample
	 * @param origin    the absolute sample at phase 0 (0 for a free-running tone)
	 * @param freq      Hz, {@code 0 < freq}
	 * @param rate      samples per second, {@code > 0}
	 * @param amplitude peak value
	 */
	static void fill(float[] out, int offset, int count, long first, long origin, int freq, int rate,
			float amplitude) {
		long step = freq % rate;
		// (first - origin) mod rate, then times freq: both below 2^31, so the product fits a long
		long phase = Math.floorMod(first - origin, (long) rate) * step % rate;
		int end = offset + count;
		if (rate == TABLE_RATE) {
			for (int i = offset; i < end; i++) {
				out[i] = amplitude * TABLE[(int) phase];
				phase += step;
				if (phase >= rate) {
					phase -= rate;
				}
			}
			return;
		}
		for (int i = offset; i < end; i++) {
			int n = (int) ((phase * TABLE_RATE + rate / 2) / rate);
			out[i] = amplitude * TABLE[n == TABLE_RATE ? 0 : n];
			phase += step;
			if (phase >= rate) {
				phase -= rate;
			}
		}
	}

	/** Copies channel 0's samples to channels {@code 1 .. channels - 1}. */
	static void copyToAll(float[][] out, int count, int channels) {
		for (int c = 1; c < channels; c++) {
			System.arraycopy(out[0], 0, out[c], 0, count);
		}
	}

	/**
	 * Checks the sample rate the backend passes; a bad one is a programming error of the
	 * caller, reported before any sample is written.
	 */
	static void checkRate(int sampleRate) {
		if (sampleRate <= 0) {
			throw new IllegalArgumentException("sample rate is " + sampleRate + " but must be > 0 (48000)");
		}
	}
}
