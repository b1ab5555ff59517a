package org.genlock.distribution.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.genlock.api.video.FrameTime;
import org.genlock.api.video.VideoFormat;
import org.genlock.distribution.support.Distribution;
import org.genlock.itest.support.audio.Ffmpeg;
import org.genlock.itest.support.channel.HashLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Audio through the exported platform, measured by independent tools (issue 15): the clock
 * device records what aired as a WAV file and a hash log, and ffmpeg's {@code astats} and
 * {@code ebur128} measure the recording: level, frequency, continuity, loudness against our
 * meter, lip sync of the sync pattern after 100 policy swaps, and the exact sample count per
 * aired frame at 25p, 50p, 29.97 and 59.94.
 */
class AudioTest {

	static final Duration START = Duration.ofSeconds(60);
	static final String API = "/genlock/api";
	static final int RATE = 48_000;
	static final double FULL_SCALE = 2147483648.0;

	@TempDir
	Path dir;

	/** ch1 with {@code program} at {@code format}, the clock device writing a hash log and a WAV per session. */
	private Distribution start(String format, String program) throws IOException {
		return Distribution.start("genlock.jar", dir, false, port -> List.of("-Dorg.osgi.service.http.port=" + port),
				(file, text) -> {
					if (file.equals("genlock.device.clock.cfg")) {
						return text.replaceAll("(?m)^sink=.*$", "sink=hashlog\nsink.path=.genlock/output/ch1-{session}.hashlog"
								+ "\nwav.path=.genlock/output/ch1-{session}.wav").replaceAll("(?m)^snapshot\\.path=.*$",
										"snapshot.path=");
					}
					if (file.equals("genlock.channel-ch1.cfg")) {
						return text.replaceAll("(?m)^format=.*$", "format=" + format)
								.replaceAll("(?m)^program=.*$", "program=" + program);
					}
					return text;
				});
	}

	/** The recordings of each session, in session order: hash log and WAV. */
	private List<Path[]> sessions() throws IOException {
		List<Path[]> out = new ArrayList<>();
		try (Stream<Path> files = Files.list(dir.resolve(".genlock/output"))) {
			for (Path log : files.filter(f -> f.toString().endsWith(".hashlog")).sorted(
					(a, b) -> Long.compare(session(a), session(b))).toList()) {
				Path wav = Path.of(log.toString().replace(".hashlog", ".wav"));
				out.add(new Path[] { log, wav });
			}
		}
		return out;
	}

	private static long session(Path file) {
		Matcher m = Pattern.compile("ch1-(\\d+)\\.").matcher(file.getFileName().toString());
		return m.find() ? Long.parseLong(m.group(1)) : -1;
	}

	@Test
	void aToneAtMinus18IsMeasuredByFfmpegAsMinus18At1000HzWithoutADiscontinuityAndOurLoudnessMatchesEbur128()
			throws Exception {
		JsonNode audio;
		int swaps = 0;
		try (Distribution d = start("720p50", "bars | timecode ; audio: tone(freq=1000, level=-18)")) {
			d.awaitLog("channel ch1: PREROLLING -> RUNNING", START);
			String pw = d.generatedPassword();
			TimeUnit.SECONDS.sleep(2);
			// policy and strategy swaps on air: the sine must stay continuous across them
			for (int i = 0; i < 10; i++) {
				String kind = i % 2 == 0 ? "policy" : "strategy";
				String id = i % 2 == 0 ? (i % 4 == 0 ? "lowlatency" : "standard") : (i % 4 == 1 ? "black" : "repeat");
				assertThat(d.send("PUT", API + "/channels/ch1/" + kind, "application/json", "{\"id\":\"" + id + "\"}",
						"admin", pw).statusCode()).as(kind + " swap to " + id).isEqualTo(200);
				swaps++;
				TimeUnit.MILLISECONDS.sleep(700);
			}
			TimeUnit.SECONDS.sleep(3);
			audio = new ObjectMapper().readTree(d.get(API + "/channels/ch1", "admin", pw).body()).path("audio");
			// the meters count frames as they go to the device, a preroll ahead of air: let those air
			TimeUnit.SECONDS.sleep(1);
			d.terminate(Duration.ofSeconds(20));
		}
		List<Path[]> sessions = sessions();
		assertThat(sessions).as("one playout session").hasSize(1);
		Path wav = sessions.get(0)[1];
		List<HashLog.Line> aired = HashLog.read(sessions.get(0)[0]);
		assertThat(aired.size()).as("frames aired in about 12 s at 50p").isGreaterThan(300);

		Map<String, String> stream = Ffmpeg.probeStream(wav);
		assertThat(stream).containsEntry("codec_name", "pcm_s32le").containsEntry("sample_rate", "48000")
				.containsEntry("channels", "2");
		int[] left = channel(Ffmpeg.decodeS32le(wav), 2, 0);
		assertThat((long) left.length).as("samples in the WAV = 960 per aired frame")
				.isEqualTo(960L * aired.size());

		String astats = stderr("ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", wav.toString(), "-af",
				"astats=measure_perchannel=none", "-f", "null", "-");
		double peak = number(astats, "Peak level dB: (-?[\\d.]+)");
		double rms = number(astats, "RMS level dB: (-?[\\d.]+)");
		System.out.printf("ffmpeg astats: peak %.3f dBFS, RMS %.3f dBFS%n", peak, rms);
		assertThat(peak).as("ffmpeg's peak level of tone(level=-18)").isBetween(-18.1, -17.9);

		// no click: no step between neighbouring samples beyond the sine's steepest slope
		// (an underrun's 5 ms fades stay within it; a cut to silence would be ~8x over)
		double amplitude = Math.pow(10, -18 / 20.0) * FULL_SCALE;
		double slope = 2 * Math.PI * 1000 / RATE * amplitude;
		long worst = 0;
		for (int k = 1; k < left.length; k++) {
			worst = Math.max(worst, Math.abs((long) left[k] - left[k - 1]));
		}
		System.out.printf("largest sample step %.1f%% of the sine's slope%n", 100.0 * worst / slope);
		assertThat((double) worst).as("largest step between samples (no click)").isLessThanOrEqualTo(slope * 1.1);

		// no discontinuity across the swaps: every frame is the exact sine for its display index
		// (absolute sample number index * 960), except an underrun's fill (fading to silence) and
		// the fresh frame after it (fading back in over its first 240 samples)
		int at = 0;
		int exact = 0;
		int fills = 0;
		int fadeIns = 0;
		long periods = 0;
		double periodSamples = 0;
		boolean afterFill = true; // the first frame fades in
		for (HashLog.Line l : aired) {
			long first = l.index() * 960L;
			int wrongFrom = -1;
			int zeros = 0;
			for (int k = 0; k < 960; k++) {
				double ideal = amplitude * Math.sin(2 * Math.PI * 1000 * ((first + k) % RATE) / RATE);
				if (Math.abs(left[at + k] - ideal) > 512) { // 2 LSB at 24 bits
					wrongFrom = wrongFrom < 0 ? k : wrongFrom;
				}
				zeros += left[at + k] == 0 ? 1 : 0;
			}
			if (wrongFrom < 0) {
				exact++;
				afterFill = false;
				// the period from rising zero crossings inside the frame, interpolated between samples
				double lastRise = -1;
				for (int k = 1; k < 960; k++) {
					int a = left[at + k - 1];
					int b = left[at + k];
					if (a < 0 && b >= 0) {
						double rise = k - 1 + (double) -a / ((double) b - a);
						if (lastRise >= 0) {
							periods++;
							periodSamples += rise - lastRise;
						}
						lastRise = rise;
					}
				}
			} else if (zeros >= 960 - 240) {
				fills++;
				afterFill = true;
			} else {
				assertThat(afterFill).as("frame " + l.index() + " departs from the sine at sample " + wrongFrom
						+ " without an underrun before it").isTrue();
				for (int k = 240; k < 960; k++) {
					double ideal = amplitude * Math.sin(2 * Math.PI * 1000 * ((first + k) % RATE) / RATE);
					assertThat(Math.abs(left[at + k] - ideal)).as("fade-in of frame " + l.index() + " ends by sample 240")
							.isLessThanOrEqualTo(512);
				}
				fadeIns++;
				afterFill = false;
			}
			at += 960;
		}
		System.out.printf("%d swaps: %d frames exactly the sine, %d fills (silence after a fade), %d fade-ins%n",
				swaps, exact, fills, fadeIns);
		assertThat(exact).as("frames exactly on the sine").isGreaterThan(aired.size() / 2);
		// frequency from the mean period between rising zero crossings inside those frames
		double hz = RATE / (periodSamples / periods);
		System.out.printf("frequency from %d periods: %.3f Hz%n", periods, hz);
		assertThat(hz).as("tone frequency").isBetween(999.0, 1001.0);

		// our meter had taken in the first measuredFrames aired frames when it was read: ffmpeg
		// measures the same stretch of the recording
		long measured = audio.path("measuredFrames").asLong();
		assertThat(measured).as("frames our meter measured").isGreaterThan(250).isLessThanOrEqualTo(aired.size());
		String r128 = stderr("ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", wav.toString(), "-af",
				"atrim=end_sample=" + measured * 960 + ",ebur128=metadata=1,ametadata=print:key=lavfi.r128.I", "-f",
				"null", "-");
		Matcher last = Pattern.compile("lavfi\\.r128\\.I=(-?[\\d.]+)").matcher(r128);
		double ffmpegI = Double.NaN;
		while (last.find()) {
			ffmpegI = Double.parseDouble(last.group(1));
		}
		JsonNode group = audio.path("loudness").path(0);
		double ours = group.path("integrated").asDouble(Double.NaN);
		System.out.printf("integrated loudness over the first %d frames: ours %.3f LUFS (group %s), ffmpeg ebur128"
				+ " %.3f LUFS%n", measured, ours, group.path("group").asText(), ffmpegI);
		assertThat(audio.path("channels").asInt()).isEqualTo(2);
		assertThat(ours).as("our integrated loudness against ffmpeg's on the recording").isCloseTo(ffmpegI,
				org.assertj.core.data.Offset.offset(0.1));
	}

	@Test
	void theSyncBurstAndTheFlashAreOnTheSameFrameAtZeroSamplesOffsetAlsoAfter100PolicySwaps() throws Exception {
		FrameTime time = VideoFormat.parse("720p50").frameTime();
		try (Distribution d = start("720p50", "bars | flash ; audio: sync")) {
			d.awaitLog("channel ch1: PREROLLING -> RUNNING", START);
			String pw = d.generatedPassword();
			TimeUnit.SECONDS.sleep(3);
			for (int i = 0; i < 100; i++) {
				String policy = i % 2 == 0 ? "lowlatency" : "standard";
				assertThat(d.send("PUT", API + "/channels/ch1/policy", "application/json", "{\"id\":\"" + policy + "\"}",
						"admin", pw).statusCode()).as("policy swap " + i).isEqualTo(200);
			}
			d.awaitLog("channel ch1: policy lowlatency -> standard", START);
			TimeUnit.SECONDS.sleep(4);
			assertThat(d.log()).as("swaps logged").contains("channel ch1: policy standard -> lowlatency");
			d.terminate(Duration.ofSeconds(20));
		}
		List<Path[]> sessions = sessions();
		assertThat(sessions).hasSize(1);
		List<HashLog.Line> aired = HashLog.read(sessions.get(0)[0]);
		int[] left = channel(Ffmpeg.decodeS32le(sessions.get(0)[1]), 2, 0);

		// the picture: bars, and white on the flash frames (every 50th at 50p); the flash's hash is the
		// most common picture on those frames (an underrun there repeats bars instead)
		Map<String, Integer> pictures = new HashMap<>();
		aired.stream().filter(l -> l.index() % 50 == 0).forEach(l -> pictures.merge(l.picture(), 1, Integer::sum));
		String flash = pictures.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();

		// A frame that did not air fresh (an underrun fill on a busy machine: the flash is then
		// missing from the picture) carries silence after at most a 5 ms fade of the program's
		// continuation; every fresh flash frame must carry the whole burst from its first sample.
		Set<Long> flashes = new TreeSet<>();
		Set<Long> fullBursts = new TreeSet<>();
		List<Integer> offsets = new ArrayList<>();
		int fadedFills = 0;
		int at = 0;
		for (HashLog.Line l : aired) {
			int n = time.audioSamples(l.index(), RATE);
			int first = -1;
			int nonZero = 0;
			for (int k = 0; k < n; k++) {
				if (left[at + k] != 0) {
					first = first < 0 ? k : first;
					nonZero++;
				}
			}
			if (l.picture().equals(flash) && l.index() % 50 == 0) {
				flashes.add(l.index());
				assertThat(first).as("a burst on flash frame " + l.index()).isGreaterThan(0);
				assertThat(l.audio()).as("audio hash of flash frame " + l.index()).isNotEqualTo(silence(n, 2));
				// phase 0 on the frame's first sample: sample 0 is 0, sample 1 rises
				offsets.add(first - 1);
				assertThat(left[at + 1]).as("burst rising on sample 1 of frame " + l.index()).isPositive();
			}
			if (nonZero > 240) {
				fullBursts.add(l.index());
			} else if (nonZero > 0 && !flashes.contains(l.index())) {
				fadedFills++;
				assertThat(first).as("a fill's fade starts on its first samples, frame " + l.index()).isLessThan(2);
			}
			at += n;
		}
		assertThat(at).as("the WAV holds exactly the aired frames' samples").isEqualTo(left.length);
		System.out.println("flash frames " + flashes + "; burst offsets (samples) " + new LinkedHashSet<>(offsets)
				+ "; fills with a faded burst onset " + fadedFills);
		assertThat(flashes.size()).as("flash frames aired over ~10 s (one a second, fewer if underruns hit them)")
				.isGreaterThanOrEqualTo(4);
		assertThat(fullBursts).as("frames carrying a whole burst = frames showing the flash").isEqualTo(flashes);
		assertThat(new LinkedHashSet<>(offsets)).as("burst offset from the flash frame's first sample")
				.containsExactly(0);
	}

	@Test
	void aRecordingHoldsExactlyTheSamplesOfItsAiredFramesAt25p50p2997And5994() throws Exception {
		List<String> formats = List.of("720p50", "720p5994", "1080p25", "1080p2997");
		Path kept = Files.createDirectories(dir.resolve("kept"));
		try (Distribution d = start(formats.get(0), "bars ; audio: tone(freq=440, level=-20)")) {
			d.awaitLog("channel ch1: PREROLLING -> RUNNING", START);
			String pw = d.generatedPassword();
			Path cfg = dir.resolve("configs/genlock.channel-ch1.cfg");
			for (int i = 0; i < formats.size(); i++) {
				TimeUnit.SECONDS.sleep(4);
				// stop, so the session closes its recordings, and keep them: the next session reuses the names
				int from = d.log().length();
				assertThat(d.send("POST", API + "/channels/ch1/stop", "application/json", "{}", "admin", pw)
						.statusCode()).isEqualTo(202);
				awaitLogAfter(d, from, "-> STOPPED");
				// the last session's recordings (a restart at start-up may have left an earlier one)
				List<Path[]> recs = sessions();
				Path[] rec = recs.stream().max((a, b) -> Long.compare(a[0].toFile().lastModified(),
						b[0].toFile().lastModified())).orElseThrow();
				System.out.println(formats.get(i) + ": recordings " + recs.stream().map(r -> r[0].getFileName().toString())
						.toList() + ", kept " + rec[0].getFileName());
				Files.copy(rec[0], kept.resolve(formats.get(i) + ".hashlog"));
				Files.copy(rec[1], kept.resolve(formats.get(i) + ".wav"));
				for (Path[] r : recs) {
					Files.delete(r[0]);
					Files.delete(r[1]);
				}
				if (i + 1 < formats.size()) {
					from = d.log().length();
					Files.writeString(cfg, Files.readString(cfg).replaceAll("(?m)^format=.*$", "format=" + formats.get(i + 1)));
					awaitLogAfter(d, from, "Updating configuration {genlock.channel~ch1}");
					from = d.log().length();
					assertThat(d.send("POST", API + "/channels/ch1/start", "application/json", "{}", "admin", pw)
							.statusCode()).isEqualTo(202);
					awaitLogAfter(d, from, "channel ch1: PREROLLING -> RUNNING");
				}
			}
			d.terminate(Duration.ofSeconds(20));
		}
		for (String format : formats) {
			FrameTime time = VideoFormat.parse(format).frameTime();
			List<HashLog.Line> aired = HashLog.read(kept.resolve(format + ".hashlog"));
			long expected = 0;
			for (HashLog.Line l : aired) {
				expected += time.audioSamples(l.index(), RATE);
			}
			Map<String, String> stream = Ffmpeg.probeStream(kept.resolve(format + ".wav"));
			long samples = Long.parseLong(stream.get("duration_ts"));
			System.out.printf("%s: %d frames aired (indices %d..%d), %d samples recorded, %d expected%n", format,
					aired.size(), aired.get(0).index(), aired.get(aired.size() - 1).index(), samples, expected);
			assertThat(aired.size()).as(format + " frames").isGreaterThan(50);
			assertThat(samples).as(format + ": samples in the recording = the exact sum for its aired frames")
					.isEqualTo(expected);
		}
	}

	private static void awaitLogAfter(Distribution d, int from, String text) throws Exception {
		long deadline = System.nanoTime() + START.toNanos();
		while (!d.log().substring(from).contains(text)) {
			assertThat(System.nanoTime()).as("'" + text + "' in the log; tail:\n" + d.tail()).isLessThan(deadline);
			TimeUnit.MILLISECONDS.sleep(200);
		}
	}

	/** One channel of interleaved s32le, as 32-bit values. */
	static int[] channel(byte[] s32le, int channels, int channel) {
		ByteBuffer b = ByteBuffer.wrap(s32le).order(ByteOrder.LITTLE_ENDIAN);
		int[] out = new int[s32le.length / 4 / channels];
		for (int k = 0; k < out.length; k++) {
			out[k] = b.getInt((k * channels + channel) * 4);
		}
		return out;
	}

	/** The SHA-256 of {@code samples} frames of digital silence. */
	static String silence(int samples, int channels) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[samples * channels * 4]));
	}

	static double number(String text, String regex) {
		Matcher m = Pattern.compile(regex).matcher(text);
		assertThat(m.find()).as(regex + " in:\n" + text).isTrue();
		return Double.parseDouble(m.group(1));
	}

	/** Runs a tool and returns what it printed on standard error (where ffmpeg's filters report). */
	static String stderr(String... command) throws Exception {
		Process p;
		try {
			p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
		} catch (IOException e) {
			throw new AssertionError(command[0] + " is needed: install the Debian package 'ffmpeg'", e);
		}
		String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + err).isZero();
		return err;
	}
}
