package org.genlock.benchmark.probe.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.genlock.api.backend.VideoBackend;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.tap.TapSession;
import org.genlock.api.tap.TapStatus;
import org.genlock.api.video.VideoFormat;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * ch1 (1080p50) with an H.264 SRT tap (genlock.output.ffmpeg) to a real ffmpeg SRT listener on
 * loopback that decodes the stream and reads the burnt-in display index of every frame: CPU per
 * frame of the tap path (the backend's copy and tap threads, the output's threads and the
 * ffmpeg encoder), frames the tap dropped, latency from aired (a stamping tap records when each
 * frame reached the taps) to decoded at the receiver; then, with the taps removed and the
 * channel still on air, the encoder's own command line run standalone, fed the aired frames and
 * audio from named pipes at the channel's rate (CPU per frame) and then as fast as it takes them
 * (throughput), sending to a receiver like the tap's, in the same run.
 */
final class TapBench {

	static final String SRT_TAP = "bench-srt";
	static final String STAMP_TAP = "bench-stamp";

	/** One preset's figures. */
	record Figures(String preset, long seconds, long aired, long delivered, long dropped, double cpuMsPerFrame,
			double encoderMsPerFrame, double tapThreadsMsPerFrame, double copyMsPerFrame, double writeMsPerFrame,
			double latencyP50Ms, double latencyP99Ms, long received, double standaloneFps, double standaloneMsPerFrame,
			double standaloneFeederMsPerFrame, double standaloneUnpacedMsPerFrame, String problem) {

		/** Genlock's CPU per frame over the standalone encoder's alone. */
		double overheadOverEncoder() {
			return standaloneMsPerFrame > 0 ? cpuMsPerFrame / standaloneMsPerFrame - 1 : Double.NaN;
		}

		/** Genlock's CPU per frame over the standalone encoder's plus its feeder's pipe writes. */
		double overheadOverPipeline() {
			double s = standaloneMsPerFrame + standaloneFeederMsPerFrame;
			return s > 0 ? cpuMsPerFrame / s - 1 : Double.NaN;
		}
	}

	private final BundleContext context;
	private final ConfigurationAdmin cm;

	TapBench(BundleContext context, ConfigurationAdmin cm) {
		this.context = context;
		this.cm = cm;
	}

	/** Frames of the aired sequence the standalone encoder is fed, over and over: one second at 50p. */
	static final int SAMPLE_FRAMES = 50;

	/**
	 * Records when each display index reached the taps, and keeps the first {@value #SAMPLE_FRAMES}
	 * aired frames it sees (during the settling time, before the measurement) for the standalone
	 * run.
	 */
	static final class Stamp implements org.genlock.api.tap.FrameTap {
		final Map<Long, Long> aired = new ConcurrentHashMap<>();
		final List<byte[]> sample = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public TapSession open(String channelId, VideoFormat format) {
			return new TapSession() {
				@Override
				public void frame(FrameBuffer frame, long displayIndex) {
					aired.put(displayIndex, System.nanoTime());
					if (sample.size() < SAMPLE_FRAMES) {
						byte[] b = new byte[frame.format().rowBytes() * frame.format().height()];
						frame.pixels().get(0, b, 0, b.length);
						sample.add(b);
					}
				}

				@Override
				public String state() {
					return "stamping";
				}

				@Override
				public void close() {
				}
			};
		}
	}

	Figures run(VideoBackend ch1, java.util.function.BiConsumer<String, String> setChannel, String preset,
			long seconds) throws Exception {
		int port = freeUdpPort();
		Stamp stamp = new Stamp();
		Hashtable<String, Object> props = new Hashtable<>();
		props.put(org.genlock.api.tap.FrameTap.ID, STAMP_TAP);
		props.put(org.genlock.api.tap.FrameTap.BUFFER_FRAMES, 64);
		ServiceRegistration<org.genlock.api.tap.FrameTap> reg = context
				.registerService(org.genlock.api.tap.FrameTap.class, stamp, props);
		Map<Long, Long> received = new ConcurrentHashMap<>();
		Process receiver = receiver(port, received);
		// a configuration of its own per preset: the previous one's file may still be on its way out
		Configuration out = cm.getFactoryConfiguration("genlock.output.ffmpeg", SRT_TAP + "-" + preset, "?");
		Dictionary<String, Object> o = new Hashtable<>();
		o.put("id", SRT_TAP);
		o.put("url", "srt://127.0.0.1:" + port + "?latency=20000");
		o.put("preset", preset);
		o.put("bitrate.kbps", 8000);
		o.put("codec.options", new String[] { "tune=zerolatency" });
		out.update(o);
		try {
			// the channel file written back at the previous run's end can still be read in by file install
			// and undo this change: apply it again until both taps stay bound
			for (int attempt = 0; attempt < 3; attempt++) {
				setChannel.accept("taps.target", "(|(genlock.tap.id=" + SRT_TAP + ")(genlock.tap.id=" + STAMP_TAP + "))");
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
				while (!"streaming".equals(state(ch1, SRT_TAP)) && System.nanoTime() < deadline) {
					Thread.sleep(50);
				}
				Thread.sleep(3000); // settle
				if ("streaming".equals(state(ch1, SRT_TAP)) && status(ch1, STAMP_TAP) != null) {
					break;
				}
			}
			if (!"streaming".equals(state(ch1, SRT_TAP)) || status(ch1, STAMP_TAP) == null) {
				return problem(preset, seconds, "the SRT tap did not stream: " + state(ch1, SRT_TAP));
			}
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			List<String> command = encoderCommand();
			if (command == null) {
				return problem(preset, seconds, "the SRT tap's ffmpeg process was not found");
			}
			long copy0 = threadCpu(threads, "-tapcopy");
			long write0 = threadCpu(threads, "-tap-" + SRT_TAP) + outputThreadsCpu(threads);
			long enc0 = encoderCpu();
			TapStatus t0 = status(ch1, SRT_TAP);
			TapStatus s0 = status(ch1, STAMP_TAP);
			long aired0 = ch1.status().counters().framesAired();
			Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
			long copy1 = threadCpu(threads, "-tapcopy");
			long write1 = threadCpu(threads, "-tap-" + SRT_TAP) + outputThreadsCpu(threads);
			long enc1 = encoderCpu();
			TapStatus t1 = status(ch1, SRT_TAP);
			TapStatus s1 = status(ch1, STAMP_TAP);
			if (t1 == null || t1.delivered() < t0.delivered()) {
				return problem(preset, seconds, "the SRT tap was unbound or replaced during the measurement");
			}
			long aired = ch1.status().counters().framesAired() - aired0;
			long delivered = t1.delivered() - t0.delivered();
			long stamped = s1 == null || s0 == null ? 0 : s1.delivered() - s0.delivered();
			long dropped = t1.dropped() - t0.dropped();
			double encMs = (enc1 - enc0) / 1e6 / Math.max(1, delivered);
			// the copy thread fills every tap's ring, the stamping tap's too (benchmark instrumentation):
			// the SRT tap is charged its share, by frames copied
			double copyShare = (double) delivered / Math.max(1, delivered + stamped);
			double copyMs = (copy1 - copy0) * copyShare / 1e6 / Math.max(1, delivered);
			double writeMs = (write1 - write0) / 1e6 / Math.max(1, delivered);
			List<Double> lat = new ArrayList<>();
			for (Map.Entry<Long, Long> e : received.entrySet()) {
				Long a = stamp.aired.get(e.getKey());
				if (a != null) {
					lat.add((e.getValue() - a) / 1e6);
				}
			}
			double[] l = lat.stream().mapToDouble(Double::doubleValue).sorted().toArray();
			List<byte[]> sample = stamp.sample.size() == SAMPLE_FRAMES ? List.copyOf(stamp.sample) : null;
			// the standalone encoder runs beside the channel on air, as the tap's did, but not beside the tap's
			setChannel.accept("taps.target", "(genlock.tap.id=none)");
			long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
			while (encoderCommand() != null && System.nanoTime() < gone) {
				Thread.sleep(50);
			}
			receiver.destroyForcibly();
			// paced at the channel's rate, as the tap's encoder is fed (CPU per frame), then as fast as it
			// takes the frames (its throughput): an encoder that waits for each frame costs more per frame
			int frames = (int) Math.max(250, delivered);
			double[] none = { Double.NaN, Double.NaN, Double.NaN };
			double[] paced = sample == null ? none : standalone(sample, command, frames, TimeUnit.SECONDS.toNanos(1) / 50);
			double[] unpaced = sample == null ? none : standalone(sample, command, frames, 0);
			return new Figures(preset, seconds, aired, delivered, dropped, encMs + copyMs + writeMs, encMs,
					copyMs + writeMs, copyMs, writeMs, l.length == 0 ? Double.NaN : l[l.length / 2],
					l.length == 0 ? Double.NaN : l[l.length * 99 / 100], received.size(), unpaced[0], paced[1],
					paced[2], unpaced[1], null);
		} finally {
			setChannel.accept("taps.target", "(genlock.tap.id=none)");
			out.delete();
			reg.unregister();
			receiver.destroyForcibly();
		}
	}

	/**
	 * A receiver on loopback port {@code port}: an ffmpeg SRT listener decoding the stream to
	 * the display-index strip, read on a thread of its own into {@code received} (index to
	 * {@code System.nanoTime()} at arrival).
	 */
	private static Process receiver(int port, Map<Long, Long> received) throws IOException {
		Process receiver = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-fflags",
				"nobuffer", "-probesize", "500000", "-analyzeduration", "0", "-i",
				"srt://127.0.0.1:" + port + "?mode=listener&latency=20000", "-vf", "crop=552:8:0:0", "-f", "rawvideo",
				"-pix_fmt", "rgb24", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
		Thread reader = new Thread(() -> read(receiver, received), "bench-srt-receiver-" + port);
		reader.setDaemon(true);
		reader.start();
		return receiver;
	}

	private static int freeUdpPort() throws IOException {
		try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			return s.getLocalPort();
		}
	}

	private static Figures problem(String preset, long seconds, String why) {
		return new Figures(preset, seconds, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
				Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, why);
	}

	private static String state(VideoBackend b, String id) {
		TapStatus s = status(b, id);
		return s == null ? "(not bound)" : s.state();
	}

	private static TapStatus status(VideoBackend b, String id) {
		for (TapStatus s : b.taps()) {
			if (s.tapId().equals(id)) {
				return s;
			}
		}
		return null;
	}

	/** CPU of the threads whose name ends with {@code suffix} (the backend's copy thread, a tap's thread), ns. */
	private static long threadCpu(ThreadMXBean threads, String suffix) {
		return threadCpu(threads, n -> n.endsWith(suffix));
	}

	/** CPU of the threads whose name {@code named} accepts, ns. */
	private static long threadCpu(ThreadMXBean threads, java.util.function.Predicate<String> named) {
		long sum = 0;
		for (ThreadInfo i : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (i != null && named.test(i.getThreadName())) {
				sum += Math.max(0, threads.getThreadCpuTime(i.getThreadId()));
			}
		}
		return sum;
	}

	/**
	 * CPU of the output's own threads for the SRT tap ({@code genlock-ffmpeg-<id>-...}: the
	 * audio writer, the progress reader, the watchdog), ns.
	 */
	private static long outputThreadsCpu(ThreadMXBean threads) {
		return threadCpu(threads, n -> n.startsWith("genlock-ffmpeg-" + SRT_TAP + "-"));
	}

	/** The command line of the SRT tap's running encoder, or {@code null}. */
	private static List<String> encoderCommand() {
		return encoders().findFirst().flatMap(h -> h.info().arguments().map(a -> {
					List<String> c = new ArrayList<>();
					c.add("ffmpeg");
					c.addAll(List.of(a));
					return c;
				})).orElse(null);
	}

	/** The ffmpeg encoders the outputs in this JVM run (raw frames in through their named pipes). */
	private static java.util.stream.Stream<ProcessHandle> encoders() {
		return ProcessHandle.current().descendants()
				.filter(h -> h.info().commandLine().map(c -> c.contains("rawvideo") && c.contains("genlock-ffmpeg-"))
						.orElse(false));
	}

	/** CPU of the ffmpeg encoders this JVM runs, nanoseconds. */
	private static long encoderCpu() {
		return encoders().mapToLong(h -> h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
	}

	private static void read(Process p, Map<Long, Long> received) {
		byte[] frame = new byte[552 * 8 * 3];
		try (DataInputStream in = new DataInputStream(p.getInputStream())) {
			while (true) {
				in.readFully(frame);
				long now = System.nanoTime();
				long index = strip(frame);
				if (index >= 0) {
					received.putIfAbsent(index, now);
				}
			}
		} catch (EOFException e) {
			// stream ended
		} catch (IOException e) {
			// receiver killed
		}
	}

	/** The timecode shader's display-index strip (genlock.shader.timecode README). */
	static long strip(byte[] rgb) {
		boolean[] b = new boolean[69];
		for (int k = 0; k < 69; k++) {
			b[k] = (rgb[(4 * 552 + 8 * k + 4) * 3 + 1] & 0xff) >= 128;
		}
		if (!(b[0] && b[1] && !b[2] && b[3])) {
			return -1;
		}
		long v = 0;
		for (int i = 0; i < 64; i++) {
			if (b[4 + i]) {
				v |= 1L << i;
			}
		}
		return ((Long.bitCount(v) & 1) == 1) == b[68] ? v : -1;
	}

	/**
	 * The encoder command the output ran (read from the running process: the same inputs, codec
	 * options, audio and SRT options), its inputs replaced by named pipes of this run and its
	 * target's port by that of a receiver of its own like the tap's, fed the aired frames the
	 * stamping tap kept (one second of them, over and over) and, when it has an audio input, each frame's audio (a -18 dBFS 1 kHz
	 * tone, like ch1's) written the way the output writes them (from
	 * direct buffers through {@code FileChannel}s, each frame's audio before its pixels), at one frame
	 * every {@code framePeriodNanos} or, with 0, as fast as it takes them: {fps,
	 * encoder CPU ms per frame, CPU ms per frame of this thread writing into the pipes}.
	 */
	static double[] standalone(List<byte[]> sequence, List<String> genlockCommand, int frames, long framePeriodNanos)
			throws IOException, InterruptedException {
		Path dir = Files.createTempDirectory("bench-standalone-");
		Path fifo = dir.resolve("video");
		Path audioFifo = dir.resolve("audio");
		List<String> command = new ArrayList<>(genlockCommand);
		int inputs = 0;
		int audioChannels = 0;
		for (int i = 0; i < command.size() - 1; i++) {
			if ("-ac".equals(command.get(i)) && inputs == 1) {
				audioChannels = Integer.parseInt(command.get(i + 1));
			}
			if ("-i".equals(command.get(i))) {
				command.set(i + 1, (inputs++ == 0 ? fifo : audioFifo).toString());
			}
		}
		// the same kind of receiver as the tap's, on a port of its own
		int port = freeUdpPort();
		String target = command.get(command.size() - 1);
		if (!target.matches("srt://127\\.0\\.0\\.1:\\d+\\?.*")) {
			throw new IOException("the tap's ffmpeg does not send to srt://127.0.0.1:<port>?...: " + target);
		}
		command.set(command.size() - 1, target.replaceFirst(":\\d+\\?", ":" + port + "?"));
		Process receiver = receiver(port, new ConcurrentHashMap<>());
		try {
			for (Path f : inputs > 1 ? List.of(fifo, audioFifo) : List.of(fifo)) {
				if (new ProcessBuilder("mkfifo", f.toString()).start().waitFor() != 0) {
					throw new IOException("mkfifo " + f + " failed");
				}
			}
			Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
			ByteBuffer[] sequenceBuffers = new ByteBuffer[sequence.size()];
			for (int i = 0; i < sequenceBuffers.length; i++) {
				sequenceBuffers[i] = ByteBuffer.allocateDirect(sequence.get(i).length).put(0, sequence.get(i));
			}
			// 960 samples a frame at 50p: 20 whole periods of 1 kHz, so one frame's tone repeats seamlessly
			int samples = 960;
			ByteBuffer tone = ByteBuffer.allocateDirect(samples * Math.max(1, audioChannels) * 4)
					.order(java.nio.ByteOrder.LITTLE_ENDIAN);
			double amplitude = Math.pow(10, -18 / 20.0) * Integer.MAX_VALUE;
			for (int n = 0; n < samples; n++) {
				int v = (int) Math.round(amplitude * Math.sin(2 * Math.PI * 1000 * n / 48_000.0));
				for (int c = 0; c < audioChannels; c++) {
					tone.putInt((n * audioChannels + c) * 4, v);
				}
			}
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long t0 = System.nanoTime();
			long sampling = 0;
			long feeder0 = threads.getCurrentThreadCpuTime();
			long feeder;
			long cpu = 0;
			// opened for reading too, as the output opens its pipes: opening a named pipe write-only waits
			// for ffmpeg to open it, which it does only after it read the video input's first frame
			try (FileChannel out = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
					FileChannel audio = audioChannels > 0
							? FileChannel.open(audioFifo, StandardOpenOption.READ, StandardOpenOption.WRITE)
							: null) {
				// the standalone run ends in 30 s plus 0.5 s a frame at the latest, whatever ffmpeg does: the
				// guard ends ffmpeg and closes the pipes, which ends a write waiting for it
				Thread guard = new Thread(() -> {
					try {
						if (p.waitFor(30 + frames / 2, TimeUnit.SECONDS)) {
							return;
						}
					} catch (InterruptedException e) {
						// ending it now
					}
					p.destroyForcibly();
					try {
						out.close();
						if (audio != null) {
							audio.close();
						}
					} catch (IOException e) {
						// closing anyway
					}
				}, "bench-standalone-guard");
				guard.setDaemon(true);
				guard.start();
				for (int i = 0; i < frames; i++) {
					if (framePeriodNanos > 0) { // paced: frame i is written at its time, as a channel airs it
						long due = t0 + i * framePeriodNanos;
						for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
							java.util.concurrent.locks.LockSupport.parkNanos(due - now);
						}
					}
					if (audio != null) {
						tone.clear();
						while (tone.hasRemaining()) {
							audio.write(tone);
						}
					}
					ByteBuffer pixels = sequenceBuffers[i % sequenceBuffers.length];
					pixels.clear();
					while (pixels.hasRemaining()) {
						out.write(pixels);
					}
					if (i % 25 == 0) {
						long s = threads.getCurrentThreadCpuTime();
						cpu = Math.max(cpu, p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L));
						sampling += threads.getCurrentThreadCpuTime() - s;
					}
				}
				feeder = threads.getCurrentThreadCpuTime() - feeder0 - sampling;
			}
			// the CPU of an ended process cannot be read: sample it until it ends
			while (p.isAlive()) {
				cpu = Math.max(cpu, p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L));
				Thread.sleep(5);
			}
			double secs = (System.nanoTime() - t0) / 1e9;
			return new double[] { frames / secs, cpu / 1e6 / frames, feeder / 1e6 / frames };
		} finally {
			receiver.destroyForcibly();
			Files.deleteIfExists(fifo);
			Files.deleteIfExists(audioFifo);
			Files.deleteIfExists(dir);
		}
	}

}
