package org.genlock.device.decklink.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.device.OutputListener;
import org.genlock.api.device.OutputSession;
import org.genlock.api.device.VideoOutputDevice;
import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.channel.ChannelFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Embedded audio on the emulated card through the real DeckLink bundle: the test opens the
 * card's {@link VideoOutputDevice} service with audio, plays frames carrying a ramp that differs
 * per sample and channel, and reads back from the emulator's audio log what the driver was
 * given: the layout at EnableAudioOutput, every frame's samples at its first sample (time scale
 * 48000), bit-exact, and DisableAudioOutput at close.
 *
 * <p>The frames are this test's own {@link FrameBuffer}s over the session's allocator, standing
 * in for the backend's pool slots until the backend fills {@code audio()}.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class DeckLinkAudioTest {

	/** 59.94: the 800/801 cadence. */
	static final VideoFormat FORMAT = VideoFormat.parse("720p5994", PixelFormat.UYVY8);
	static final FrameTime TIME = new FrameTime(FORMAT.frameRate());
	static final int FRAMES = 60;
	/** Not a multiple of the 5-frame cadence. */
	static final long FIRST = 13;

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 20_000)
	ConfigurationAdmin cm;

	final EmulatedCard card = new EmulatedCard();
	OutputSession session;
	final List<AudioFrame> pool = new ArrayList<>();

	@BeforeEach
	void driver() throws Exception {
		EmulatedCard.configure(cm, Map.of());
		EmulatedCard.awaitDevice(context, true);
	}

	@AfterEach
	void cleanUp() throws InterruptedException {
		card.audioLog(null);
		if (session != null) {
			session.close();
			pool.forEach(f -> session.allocator().release(f.pixels()));
		}
		ChannelFixture.await("every native frame released (outstanding " + card.outstandingFrames() + ")",
				() -> card.outstandingFrames() == 0);
	}

	@ParameterizedTest(name = "{0} channels in the card's {1}")
	@CsvSource({ "2, 2", "16, 16", "6, 8" })
	void everyFramesSamplesReachTheCardBitExactAtItsFirstSampleAndAudioIsDisabledOnClose(int channels, int layout)
			throws Exception {
		Path log = Path.of("target", "itest-home", "audio-" + channels + "-" + System.nanoTime() + ".log").toAbsolutePath();
		Files.createDirectories(log.getParent());
		card.audioLog(log);
		long disablesBefore = card.audio()[4];
		var ref = context.getServiceReferences(VideoOutputDevice.class, "(genlock.device.id=" + EmulatedCard.DEVICE + ")")
				.iterator().next();
		VideoOutputDevice device = context.getService(ref);
		Completions completions = new Completions();
		session = device.open(FORMAT, channels, completions);
		assertThat(session.audioChannels()).as("audio channels the session carries").isEqualTo(channels);
		long[] enabled = card.audio();
		assertThat(enabled[0]).as("audio enabled on the card").isEqualTo(1);
		assertThat(enabled[1]).as("channels passed to EnableAudioOutput").isEqualTo(layout);
		assertThat(enabled[2]).as("sample type (bmdAudioSampleType32bitInteger)").isEqualTo(32);

		for (int i = 0; i < 6; i++) {
			pool.add(new AudioFrame(i, session.allocator().allocate(FORMAT, FORMAT.rowBytes()), channels));
		}
		long next = FIRST;
		for (AudioFrame f : pool.subList(0, 4)) {
			assertThat(session.schedule(f.fill(next), next)).as("preroll " + next).isTrue();
			next++;
		}
		session.startScheduledPlayback(FIRST);
		List<AudioFrame> free = new ArrayList<>(pool.subList(4, 6));
		while (next < FIRST + FRAMES) {
			AudioFrame f = free.isEmpty() ? completions.take() : free.remove(0);
			assertThat(session.schedule(f.fill(next), next)).as("schedule " + next).isTrue();
			next++;
		}
		for (int back = 0; back < 4; back++) {
			completions.take(); // the last frames played (or came back late): their audio went with them
		}
		session.close();
		context.ungetService(ref);
		long[] closed = card.audio();
		assertThat(closed[0]).as("audio disabled after close").isZero();
		assertThat(closed[4] - disablesBefore).as("DisableAudioOutput calls").isEqualTo(1);
		card.audioLog(null);

		List<String> lines = Files.readAllLines(log);
		assertThat(lines.get(0)).as("EnableAudioOutput: 48 kHz, 32-bit, %d channels, timestamped", layout)
				.isEqualTo("enable 48000 32 " + layout + " 2");
		assertThat(lines.get(lines.size() - 1)).isEqualTo("disable");
		List<String> samples = lines.subList(1, lines.size() - 1);
		assertThat(samples).as("one ScheduleAudioSamples per frame").hasSize(FRAMES);
		List<String> wrong = new ArrayList<>();
		long total = 0;
		for (int i = 0; i < FRAMES; i++) {
			long index = FIRST + i;
			long first = TIME.audioSampleOffset(index, AudioBuffer.SAMPLE_RATE);
			int count = TIME.audioSamples(index, AudioBuffer.SAMPLE_RATE);
			String expected = "samples " + first + " 48000 " + count + " " + count + " " + sha256(first, count, channels, layout);
			if (!samples.get(i).equals(expected)) {
				wrong.add("index " + index + ": " + samples.get(i) + ", expected " + expected);
			}
			total += count;
		}
		System.out.printf("DeckLink audio, %d channels in %d: %d frames (indices %d..%d), %d sample frames, %d wrong; "
				+ "completions %s%n", channels, layout, FRAMES, FIRST, FIRST + FRAMES - 1, total, wrong.size(),
				completions.results);
		assertThat(wrong).as("stream time = firstSample, time scale 48000, all taken, bit-exact").isEmpty();
		assertThat(total).as("samples of the aired frames, exactly").isEqualTo(
				TIME.audioSampleOffset(FIRST + FRAMES, AudioBuffer.SAMPLE_RATE) - TIME.audioSampleOffset(FIRST,
						AudioBuffer.SAMPLE_RATE));
	}

	/** 24 significant bits, low byte zero, unique per (sample mod 2^19, channel). */
	static int ramp(long sample, int channel) {
		return (int) ((((sample & 0x7FFFF) << 4) | channel) << 8);
	}

	/** What the card must get: the ramp in {@code layout} channels, those past {@code carried} zero. */
	static String sha256(long first, int count, int carried, int layout) throws Exception {
		ByteBuffer b = ByteBuffer.allocate(count * layout * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (int s = 0; s < count; s++) {
			for (int c = 0; c < carried; c++) {
				b.putInt((s * layout + c) * 4, ramp(first + s, c));
			}
		}
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
	}

	/** Frames the card gave back, in order, for the test thread to fill again. */
	static final class Completions implements OutputListener {
		final BlockingQueue<AudioFrame> back = new LinkedBlockingQueue<>();
		final Map<CompletionResult, AtomicInteger> results = new java.util.concurrent.ConcurrentHashMap<>();

		@Override
		public void frameCompleted(FrameBuffer frame, long displayIndex, CompletionResult result, long completionNanos) {
			results.computeIfAbsent(result, r -> new AtomicInteger()).incrementAndGet();
			back.add((AudioFrame) frame);
		}

		@Override
		public void playbackStopped() {
		}

		@Override
		public void deviceFailed(String reason) {
			throw new AssertionError("device failed: " + reason);
		}

		AudioFrame take() throws InterruptedException {
			AudioFrame f = back.poll(30, TimeUnit.SECONDS);
			if (f == null) {
				throw new AssertionError("no frame came back from the card within 30 s: " + results);
			}
			return f;
		}
	}

	/** A pool slot with audio: pixels from the session's allocator, a direct buffer of 16 channels of the longest frame. */
	static final class AudioFrame implements FrameBuffer, AudioBuffer {
		private final int slot;
		private final ByteBuffer pixels;
		private final int channels;
		private final ByteBuffer samples = ByteBuffer.allocateDirect(16 * TIME.maxAudioSamples(SAMPLE_RATE) * 4)
				.order(ByteOrder.LITTLE_ENDIAN);
		private int sampleCount;
		private long firstSample;

		AudioFrame(int slot, ByteBuffer pixels, int channels) {
			this.slot = slot;
			this.pixels = pixels;
			this.channels = channels;
		}

		AudioFrame fill(long index) {
			sampleCount = TIME.audioSamples(index, SAMPLE_RATE);
			firstSample = TIME.audioSampleOffset(index, SAMPLE_RATE);
			for (int s = 0; s < sampleCount; s++) {
				for (int c = 0; c < channels; c++) {
					samples.putInt((s * channels + c) * 4, ramp(firstSample + s, c));
				}
			}
			return this;
		}

		@Override
		public int slot() {
			return slot;
		}

		@Override
		public long generation() {
			return 0;
		}

		@Override
		public VideoFormat format() {
			return FORMAT;
		}

		@Override
		public int rowBytes() {
			return FORMAT.rowBytes();
		}

		@Override
		public ByteBuffer pixels() {
			return pixels;
		}

		@Override
		public AudioBuffer audio() {
			return this;
		}

		@Override
		public int channels() {
			return channels;
		}

		@Override
		public int sampleCount() {
			return sampleCount;
		}

		@Override
		public long firstSample() {
			return firstSample;
		}

		@Override
		public ByteBuffer samples() {
			return samples;
		}
	}
}
