package org.genlock.benchmark.probe.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.genlock.api.backend.AudioStatus;
import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.FrameCounters;
import org.genlock.api.backend.VideoBackend;
import org.osgi.service.cm.Configuration;

/**
 * Bars and tone against video only, in one run: ch1 at 1080p50 paced on the clock device with
 * the shipped renderer, three phases of equal length (video only; EBU line-up on 2 channels;
 * tone on 16 channels), each measuring process CPU per aired frame, the CPU of the completion
 * worker (which generates every frame's audio) and of the meter thread separately, and the
 * bytes the completion worker and the render lanes allocated per aired frame.
 */
final class AudioBench {

	/** One phase: the program and the audio channels ch1 runs with. */
	record Phase(String key, String label, String program, int audioChannels) {
	}

	static final List<Phase> PHASES = List.of(
			new Phase("videoOnly", "(a) video only", "bars | timecode", 0),
			new Phase("tone2", "(b) bars and tone, 2 channels", "bars | timecode ; audio: lineup(level=-18)", 2),
			new Phase("tone16", "(c) bars and tone, 16 channels", "bars | timecode ; audio: tone(freq=1000, level=-18)",
					16));

	static final String FORMAT = "1080p50";

	/** What the scenario borrows from {@link Bench}: ch1, its configuration, and a sleep that keeps the frame tap drained. */
	interface Host {
		VideoBackend channel() throws Exception;

		Configuration channelConfig() throws Exception;

		Configuration clockConfig() throws Exception;

		void sleep(long millis) throws InterruptedException;
	}

	/** One phase's figures; per-frame figures are per aired frame. A thread that did not run is NaN. */
	record Figures(Phase phase, double seconds, long aired, long fresh, long late, long dropped, long underruns,
			double processCpuMs, double completionCpuMs, double meterCpuMs, double renderLanesCpuMs,
			double completionBytes, double renderLanesBytes, double meterBytes, int renderLanes,
			long meteredFrames, long kernelErrors, long clippedSamples, double peakFirstDbfs, double peakLastDbfs,
			double loadBefore, double loadAfter) {

		Map<String, Object> json() {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("program", phase.program());
			m.put("audioChannels", phase.audioChannels());
			m.put("seconds", seconds);
			m.put("framesAired", aired);
			m.put("fresh", fresh);
			m.put("late", late);
			m.put("dropped", dropped);
			m.put("underruns", underruns);
			m.put("processCpuMsPerFrame", processCpuMs);
			m.put("completionCpuMsPerFrame", completionCpuMs);
			m.put("meterCpuMsPerFrame", meterCpuMs);
			m.put("renderLanesCpuMsPerFrame", renderLanesCpuMs);
			m.put("renderLanes", renderLanes);
			m.put("completionBytesPerFrame", completionBytes);
			m.put("completionBytes", total(completionBytes));
			m.put("renderLanesBytesPerFrame", renderLanesBytes);
			m.put("renderLanesBytes", total(renderLanesBytes));
			m.put("meterBytesPerFrame", meterBytes);
			m.put("meteredFrames", meteredFrames);
			m.put("audioKernelErrors", kernelErrors);
			m.put("clippedSamples", clippedSamples);
			m.put("samplePeakFirstChannelDbfs", peakFirstDbfs);
			m.put("samplePeakLastChannelDbfs", peakLastDbfs);
			m.put("loadAverage1mBefore", loadBefore);
			m.put("loadAverage1mAfter", loadAfter);
			return m;
		}

		/** In all over the phase: a few KB from rare events reads differently from a steady allocation per frame. */
		long total(double perFrame) {
			return Double.isNaN(perFrame) ? 0 : Math.round(perFrame * Math.max(1, aired));
		}
	}

	private static final long SETTLE_MILLIS = 3000;

	private final Host host;
	private final String channelId;
	private final com.sun.management.ThreadMXBean threads =
			(com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
	private final com.sun.management.OperatingSystemMXBean os =
			(com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	AudioBench(Host host, String channelId) {
		this.host = host;
		this.channelId = channelId;
		threads.setThreadAllocatedMemoryEnabled(true);
		if (threads.isThreadCpuTimeSupported()) {
			threads.setThreadCpuTimeEnabled(true);
		}
	}

	/**
	 * Runs the phases in order on the paced clock with its JPEG snapshot off (the snapshot
	 * encoder's CPU would dilute the difference, and a partial run has it on where a full run
	 * has it off), then puts ch1's program, audio channels and format and the clock's settings
	 * back.
	 */
	List<Figures> run(long secondsEach) throws Exception {
		Map<String, Object> channel = keep(host.channelConfig(), "program", "audio.channels", "format");
		Map<String, Object> clock = keep(host.clockConfig(), "mode", "snapshot.path");
		try {
			Map<String, Object> paced = new HashMap<>();
			paced.put("mode", "paced");
			paced.put("snapshot.path", "");
			restore(host.clockConfig(), paced);
			host.sleep(500); // the device applies them to sessions opened afterwards
			return PHASES.stream().map(p -> measure(p, secondsEach)).toList();
		} finally {
			restore(host.clockConfig(), clock);
			restore(host.channelConfig(), channel);
		}
	}

	/** The values of {@code keys} (null: absent). */
	private static Map<String, Object> keep(Configuration c, String... keys) {
		Dictionary<String, Object> p = c.getProperties();
		Map<String, Object> m = new HashMap<>();
		for (String k : keys) {
			m.put(k, p == null ? null : p.get(k));
		}
		return m;
	}

	private static void restore(Configuration c, Map<String, Object> values) throws IOException {
		Dictionary<String, Object> p = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
		for (Map.Entry<String, Object> e : values.entrySet()) {
			if (e.getValue() == null) {
				p.remove(e.getKey());
			} else {
				p.put(e.getKey(), e.getValue());
			}
		}
		c.update(p);
	}

	private Figures measure(Phase phase, long seconds) {
		try {
			apply(phase);
			host.sleep(SETTLE_MILLIS);
			VideoBackend b = host.channel();
			FrameCounters c0 = b.status().counters();
			long metered0 = b.audio().measuredFrames();
			double load0 = loadAverage();
			Map<Long, Sample> t0 = sample();
			long cpu0 = os.getProcessCpuTime();
			long w0 = System.nanoTime();
			host.sleep(seconds * 1000);
			long wall = System.nanoTime() - w0;
			long cpu = os.getProcessCpuTime() - cpu0;
			Map<Long, Sample> t1 = sample();
			FrameCounters c1 = b.status().counters();
			AudioStatus audio = b.audio();
			double load1 = loadAverage();
			long aired = c1.framesAired() - c0.framesAired();
			double frames = Math.max(1, aired);
			Usage completion = usage(t0, t1, "genlock-" + channelId + "-completion", false);
			Usage meter = usage(t0, t1, "genlock-" + channelId + "-meter", false);
			Usage lanes = usage(t0, t1, "genlock-" + channelId + "-render-", true);
			List<AudioStatus.Level> levels = audio.levels();
			return new Figures(phase, wall / 1e9, aired, c1.fresh() - c0.fresh(), c1.late() - c0.late(),
					c1.dropped() - c0.dropped(), c1.underruns() - c0.underruns(), cpu / 1e6 / frames,
					completion.cpuMs(frames), meter.cpuMs(frames), lanes.cpuMs(frames), completion.bytes(frames),
					lanes.bytes(frames), meter.bytes(frames), lanes.threads, audio.measuredFrames() - metered0,
					audio.kernelErrors(), audio.clippedSamples(),
					levels.isEmpty() ? Double.NaN : levels.get(0).samplePeak(),
					levels.isEmpty() ? Double.NaN : levels.get(levels.size() - 1).samplePeak(), load0, load1);
		} catch (Exception e) {
			throw new IllegalStateException("audio benchmark phase " + phase.label() + " failed: " + e, e);
		}
	}

	/**
	 * Sets the phase's program and audio channels; a changed audio layout (or format) restarts
	 * the channel, which also reopens the device session, so the phase starts on a fresh run. The
	 * same layout is restarted by hand so every phase starts alike.
	 */
	private void apply(Phase phase) throws Exception {
		Configuration c = host.channelConfig();
		Dictionary<String, Object> p = c.getProperties();
		boolean restarts = !FORMAT.equals(String.valueOf(p.get("format")).strip())
				|| !String.valueOf(phase.audioChannels()).equals(String.valueOf(p.get("audio.channels")).strip());
		p.put("program", phase.program());
		p.put("audio.channels", String.valueOf(phase.audioChannels()));
		p.put("format", FORMAT);
		c.update(p);
		if (!restarts) {
			VideoBackend b = host.channel();
			b.stop();
			await(() -> b.state() == BackendState.STOPPED, "stop");
			b.start();
		}
		await(() -> {
			VideoBackend b = host.channel();
			BackendState st = b.state();
			return (st == BackendState.RUNNING || st == BackendState.DEGRADED) && b.status().displayIndex() >= 0
					&& b.status().format() != null && FORMAT.equals(b.status().format().name())
					&& b.audio().channels() == phase.audioChannels();
		}, "go on air at " + FORMAT + " with " + phase.audioChannels() + " audio channels");
	}

	private void await(Callable<Boolean> condition, String what) throws Exception {
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (!condition.call()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("channel " + channelId + " did not " + what + " within 30 s");
			}
			host.sleep(20);
		}
	}

	/** One thread's counters at a sample. */
	private record Sample(String name, long cpuNanos, long bytes) {
	}

	/** CPU time and allocated bytes of every live genlock-* thread, by thread id. */
	private Map<Long, Sample> sample() {
		Map<Long, Sample> m = new HashMap<>();
		for (Thread t : Thread.getAllStackTraces().keySet()) {
			if (t.getName().startsWith("genlock-")) {
				m.put(t.getId(), new Sample(t.getName(), threads.getThreadCpuTime(t.getId()),
						threads.getThreadAllocatedBytes(t.getId())));
			}
		}
		return m;
	}

	/**
	 * Summed over the threads named {@code name} (or starting with it) alive at both samples:
	 * a thread that started or ended in between would be a restart, which a phase does not have.
	 */
	private static Usage usage(Map<Long, Sample> t0, Map<Long, Sample> t1, String name, boolean prefix) {
		Usage u = new Usage();
		for (Map.Entry<Long, Sample> e : t1.entrySet()) {
			Sample z = e.getValue();
			Sample a = t0.get(e.getKey());
			if (a == null || a.cpuNanos() < 0 || z.cpuNanos() < 0
					|| !(prefix ? z.name().startsWith(name) : z.name().equals(name))) {
				continue;
			}
			u.threads++;
			u.cpuNanos += z.cpuNanos() - a.cpuNanos();
			u.bytes += z.bytes() - a.bytes();
		}
		return u;
	}

	private static final class Usage {
		int threads;
		long cpuNanos;
		long bytes;

		double cpuMs(double frames) {
			return threads == 0 ? Double.NaN : cpuNanos / 1e6 / frames;
		}

		double bytes(double frames) {
			return threads == 0 ? Double.NaN : bytes / frames;
		}
	}

	/** The 1-minute load average: the machine is shared, so each phase says what else ran. */
	private double loadAverage() {
		return os.getSystemLoadAverage();
	}

	/** The table rows: one per phase, then (c) against (a). */
	static void report(Report report, List<Figures> figures, long seconds) {
		Map<String, Object> s = report.section("audio");
		s.put("setup", "ch1 " + FORMAT + " paced on the clock device (snapshot off), software renderer, phases of "
				+ seconds + " s in one run; per-frame figures are per aired frame");
		Figures a = figures.get(0);
		for (Figures f : figures) {
			s.put(f.phase().key(), f.json());
			boolean video = f.phase().audioChannels() == 0;
			String audio = video ? ""
					: Report.f("; tone peak ch1 %.1f / ch%d %.1f dBFS, meters took %d of %d frames", f.peakFirstDbfs(),
							f.phase().audioChannels(), f.peakLastDbfs(), f.meteredFrames(), f.aired());
			report.row(Report.f("Audio: %s, ch1 %s paced, %d s", f.phase().label(), FORMAT, seconds),
					Report.f("%.2f CPU-ms/frame (completion worker %s, meter %s, render lanes %s); allocated %s B/frame "
							+ "(%d B in all) completion worker, %s B/frame (%d B) render lanes; %d aired: %d late, "
							+ "%d dropped, %d underruns%s",
							f.processCpuMs(), ms(f.completionCpuMs()), ms(f.meterCpuMs()), ms(f.renderLanesCpuMs()),
							bytes(f.completionBytes()), f.total(f.completionBytes()), bytes(f.renderLanesBytes()),
							f.total(f.renderLanesBytes()), f.aired(), f.late(), f.dropped(), f.underruns(), audio),
					Report.f("load average %.1f -> %.1f", f.loadBefore(), f.loadAfter()),
					video ? "" : times(f.processCpuMs() / a.processCpuMs()) + " (a)",
					"0 B/frame (completion, render lanes), 0 late/dropped",
					f.completionBytes() == 0 && f.renderLanesBytes() == 0 && f.late() == 0 && f.dropped() == 0);
		}
		Figures c = figures.get(figures.size() - 1);
		double ratio = c.processCpuMs() / a.processCpuMs();
		double worker = c.completionCpuMs() / a.completionCpuMs();
		s.put("processCpuRatio16ChannelsToVideoOnly", ratio);
		s.put("completionCpuRatio16ChannelsToVideoOnly", worker);
		report.row("Audio: CPU per aired frame, (c) 16 channels vs (a) video only",
				Report.f("%.2f CPU-ms/frame (completion worker %s, meter %s)", c.processCpuMs(), ms(c.completionCpuMs()),
						ms(c.meterCpuMs())),
				Report.f("video only: %.2f CPU-ms/frame (completion worker %s)", a.processCpuMs(),
						ms(a.completionCpuMs())),
				Report.f("%s (completion worker %s)", times(ratio), times(worker)), "", null);
	}

	private static String ms(double v) {
		return Double.isNaN(v) ? "no thread" : Report.f("%.3f ms", v);
	}

	private static String times(double ratio) {
		return Double.isFinite(ratio) ? Report.f("%.2f x", ratio) : "n/a";
	}

	private static String bytes(double v) {
		return Double.isNaN(v) ? "no thread" : Report.f("%.0f", v);
	}
}
