package org.genlock.device.decklink.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.video.FrameTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The embedded audio of one open session: the layout the card was enabled with
 * ({@code EnableAudioOutput}, 48 kHz, 32-bit integer, timestamped) and the per-frame
 * {@code ScheduleAudioSamples}.
 *
 * <p>A card takes 2, 8 or 16 channels. A channel count between those goes in the next larger
 * layout: each frame's samples are expanded into a staging buffer allocated at open whose
 * extra channels are never written, so they stay silent. In an exact layout the frame's own
 * buffer goes to the driver, which copies it during the call.
 *
 * <p>Only the scheduling thread calls {@link #schedule}; the counters have that one writer and
 * are read by the control thread. Per frame nothing is allocated here but the boxed stream time
 * and JNA's call frame (measured in the bundle's README).
 */
final class EmbeddedAudio {

	private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAudio.class);
	private static final int[] LAYOUTS = { 2, 8, 16 };
	private static final Long TIMESCALE = (long) AudioBuffer.SAMPLE_RATE;
	static final String ALLOWED = "0 (no audio) or 2..16 (the card carries 2, 8 or 16 channels; a count between goes in "
			+ "the next larger layout with the extra channels silent)";

	private final String name;
	private final int carried;
	private final int layout;
	private final Pointer output;
	private final Function scheduleFn;
	private final FrameTime time;
	private final int maxSamples;
	private final ByteBuffer staging;
	private final Pointer stagingAddress;
	private final Memory written = new Memory(4);
	private final Object[] args = new Object[6];
	/** Boxed sample counts 0..maxSamples, so a call boxes no count (Integer.valueOf caches only to 127). */
	private final Integer[] counts;
	private boolean shortLogged;
	private boolean mismatchLogged;

	private volatile long framesShort;
	private volatile long samplesShort;
	private volatile long refused;
	private volatile long mismatched;

	EmbeddedAudio(String name, int carried, Pointer output, FrameTime time) {
		this.name = name;
		this.carried = carried;
		this.layout = layoutFor(carried);
		this.output = output;
		this.scheduleFn = Com.method(output, Sdk.OUT_SCHEDULE_AUDIO_SAMPLES);
		this.time = time;
		this.maxSamples = time.maxAudioSamples(AudioBuffer.SAMPLE_RATE);
		this.staging = ByteBuffer.allocateDirect(maxSamples * layout * AudioBuffer.BYTES_PER_SAMPLE)
				.order(ByteOrder.LITTLE_ENDIAN);
		this.stagingAddress = Native.getDirectBufferPointer(staging);
		this.counts = new Integer[maxSamples + 1];
		for (int i = 0; i <= maxSamples; i++) {
			counts[i] = i;
		}
		args[0] = output;
		args[4] = TIMESCALE;
		args[5] = written;
	}

	/** The layout the card carries {@code channels} in: 2, 8 or 16. */
	static int layoutFor(int channels) {
		for (int l : LAYOUTS) {
			if (channels <= l) {
				return l;
			}
		}
		throw new IllegalArgumentException("audio channels " + channels + " is more than 16");
	}

	/** Whether a session can be opened with this many audio channels. */
	static boolean allowed(int channels) {
		return channels == 0 || (channels >= 2 && channels <= 16);
	}

	/** Enables the card's audio in the layout for {@code carried} channels; null (logged) if the driver refuses. */
	static EmbeddedAudio enable(String name, int carried, Pointer output, FrameTime time) {
		int layout = layoutFor(carried);
		int hr = Com.call(output, Sdk.OUT_ENABLE_AUDIO_OUTPUT, Sdk.AUDIO_SAMPLE_RATE_48KHZ,
				Sdk.AUDIO_SAMPLE_TYPE_32BIT_INTEGER, layout, Sdk.AUDIO_OUTPUT_STREAM_TIMESTAMPED);
		if (hr != Sdk.S_OK) {
			LOG.warn("{}: the driver refused embedded audio ({} channels, 48 kHz, 32-bit, timestamped): {}; the session "
					+ "plays its picture without audio", name, layout, Com.hresult(hr));
			return null;
		}
		return new EmbeddedAudio(name, carried, output, time);
	}

	void disable() {
		int hr = Com.call(output, Sdk.OUT_DISABLE_AUDIO_OUTPUT);
		if (hr != Sdk.S_OK) {
			LOG.warn("{}: the driver refused to disable audio output: {}", name, Com.hresult(hr));
		}
	}

	int carried() {
		return carried;
	}

	int layout() {
		return layout;
	}

	/**
	 * Schedules the audio of a frame just scheduled at {@code displayIndex}, at its first
	 * sample in 48 kHz units. A frame whose audio is not this session's layout (no audio, another
	 * count) gets silence of its index's length in its place, so the card's audio stays
	 * continuous. What the driver does not take is counted, never retried.
	 */
	void schedule(NativeFrame nf, AudioBuffer a, long displayIndex) {
		int count = a.sampleCount();
		long first;
		Pointer address;
		if (a.channels() == carried && count >= 0 && count <= maxSamples && a.samples().capacity() >= a.byteCount()) {
			first = a.firstSample();
			if (carried == layout && a.samples().isDirect()) {
				address = nf.audioAddress(a.samples());
			} else {
				expand(a.samples(), count);
				address = stagingAddress;
			}
		} else {
			count = time.audioSamples(displayIndex, AudioBuffer.SAMPLE_RATE);
			first = time.audioSampleOffset(displayIndex, AudioBuffer.SAMPLE_RATE);
			silence(count);
			address = stagingAddress;
			mismatched++;
			if (!mismatchLogged) {
				mismatchLogged = true;
				LOG.warn("{}: a frame came with {} audio channels ({} samples) where the session carries {}; silence "
						+ "is scheduled in its place (counted, logged once)", name, a.channels(), a.sampleCount(), carried);
			}
		}
		if (count == 0) {
			return;
		}
		written.setInt(0, 0);
		args[1] = address;
		args[2] = counts[count];
		args[3] = first;
		int hr = scheduleFn.invokeInt(args);
		int took = hr == Sdk.S_OK ? written.getInt(0) : 0;
		if (hr != Sdk.S_OK) {
			refused++;
		}
		if (took < count) {
			framesShort++;
			samplesShort += count - took;
			if (!shortLogged) {
				shortLogged = true;
				LOG.warn("{}: the driver took {} of {} audio sample frames at stream time {} ({}); short frames are "
						+ "counted, not retried (logged once)", name, took, count, first,
						hr == Sdk.S_OK ? "its buffer is full" : Com.hresult(hr));
			}
		}
	}

	/** Copies {@code count} sample frames of {@code carried} channels into the wider staging layout. */
	private void expand(ByteBuffer src, int count) {
		int in = carried * AudioBuffer.BYTES_PER_SAMPLE;
		int out = layout * AudioBuffer.BYTES_PER_SAMPLE;
		for (int s = 0; s < count; s++) {
			staging.put(s * out, src, s * in, in);
		}
	}

	private void silence(int count) {
		int bytes = count * layout * AudioBuffer.BYTES_PER_SAMPLE;
		for (int i = 0; i < bytes; i += 8) {
			staging.putLong(i, 0L);
		}
	}

	/** Frames whose samples the driver did not all take (buffer full or refused). */
	long framesShort() {
		return framesShort;
	}

	/** Sample frames the driver did not take, summed. */
	long samplesShort() {
		return samplesShort;
	}

	/** ScheduleAudioSamples calls the driver refused (an HRESULT other than S_OK). */
	long refused() {
		return refused;
	}

	/** Frames that did not carry this session's audio layout and went out as silence. */
	long mismatched() {
		return mismatched;
	}

	/** For the session's close line. */
	String summary() {
		return "audio " + carried + (carried == layout ? "" : " in " + layout) + " channels: " + framesShort
				+ " frame(s) short by " + samplesShort + " sample frame(s), " + refused + " refused, " + mismatched
				+ " without the session's layout (silence)";
	}
}
