package org.genlock.output.ffmpeg.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.genlock.api.video.Timecode;
import org.genlock.api.video.VideoFormat;
import org.genlock.support.ConfigRejected;

/**
 * One output's configuration, validated as a whole: {@link #parse} either returns settings in
 * which every value is good or throws a {@link ConfigRejected} naming the key, the value and
 * what is allowed. {@link #command} turns them into the ffmpeg command line for one channel.
 */
record OutputSettings(String id, String url, String container, String codec, String preset, int bitrateKbps,
		int gop, List<String> codecOptions, int segmentSeconds, boolean timecode, long reconnectMaxMillis,
		String ffmpeg, boolean device, String audioCodec, int audioBitrateKbps) {

	static final String PID = "genlock.output.ffmpeg";
	static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
	static final List<String> CONTAINERS = List.of("auto", "mpegts", "flv", "hls", "matroska", "mov", "mp4", "nut");
	static final List<String> CODECS = List.of("h264", "hevc", "prores", "ffv1");
	static final List<String> PRESETS = List.of("ultrafast", "superfast", "veryfast", "faster", "fast", "medium",
			"slow", "slower", "veryslow");
	/** Audio codecs by setting; {@code auto} resolves to pcm or aac by container ({@link #audioFor}). */
	static final List<String> AUDIO_CODECS = List.of("auto", "pcm", "aac", "opus", "none");
	/** Containers that carry 24-bit PCM (ffmpeg 5.1 writes it into mpegts as a data stream, mp4 and flv refuse it). */
	static final List<String> PCM_CONTAINERS = List.of("matroska", "mov", "nut");
	/** Containers that carry Opus (ffmpeg 5.1: "opus only supported in MP4" for mov; FLV has no Opus). */
	static final List<String> OPUS_CONTAINERS = List.of("matroska", "mp4", "nut", "mpegts", "hls");
	static final Pattern OPTION = Pattern.compile("([A-Za-z0-9_:-]{1,64})=(.{0,512})");
	static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

	/** Validates the raw configuration properties. */
	static OutputSettings parse(Map<String, Object> p, String origin) {
		String id = text(p, "id", null);
		if (id == null || !ID.matcher(id).matches()) {
			throw new ConfigRejected(origin, "id", id, "1 to 64 of A-Z, a-z, 0-9, '.', '_', '-' (required)");
		}
		String url = text(p, "url", null);
		if (url == null || url.isBlank()) {
			throw new ConfigRejected(origin, "url", url, "srt://host:port, rtmp://host/app/key, udp://host:port, "
					+ "a path ending .m3u8 or a file path (required)");
		}
		String scheme = scheme(url);
		if (scheme != null && !List.of("srt", "rtmp", "rtmps", "udp", "rtp", "tcp", "file").contains(scheme)) {
			throw new ConfigRejected(origin, "url", url, "the schemes srt, rtmp, rtmps, udp, rtp, tcp, file or a path");
		}
		String container = oneOf(p, "container", "auto", CONTAINERS, origin);
		String codec = oneOf(p, "codec", "h264", CODECS, origin);
		String preset = oneOf(p, "preset", "veryfast", PRESETS, origin);
		int bitrate = integer(p, "bitrate.kbps", 0, 0, 500_000, origin);
		int gop = integer(p, "gop", 50, 0, 1000, origin);
		List<String> options = new ArrayList<>();
		for (String o : texts(p.get("codec.options"))) {
			if (o.isBlank()) {
				continue;
			}
			if (!OPTION.matcher(o.strip()).matches()) {
				throw new ConfigRejected(origin, "codec.options", o, "key=value with a key of A-Z, a-z, 0-9, '_', ':', "
						+ "'-', e.g. tune=zerolatency");
			}
			options.add(o.strip());
		}
		int segment = integer(p, "segment.seconds", 0, 0, 86_400, origin);
		boolean timecode = !"false".equalsIgnoreCase(text(p, "timecode", "true"));
		int reconnect = integer(p, "reconnect.max.ms", 2000, 250, 60_000, origin);
		String ffmpeg = text(p, "ffmpeg.path", "ffmpeg");
		boolean device = "true".equalsIgnoreCase(text(p, "device", "false"));
		String audio = oneOf(p, "audio.codec", "auto", AUDIO_CODECS, origin);
		int audioBitrate = integer(p, "audio.bitrate.kbps", 0, 0, 4096, origin);
		if (audioBitrate > 0 && audioBitrate < 16) {
			throw new ConfigRejected(origin, "audio.bitrate.kbps", p.get("audio.bitrate.kbps"), "0 (96 kbit/s per audio "
					+ "channel) or an integer from 16 to 4096");
		}
		String resolved = "auto".equals(container) ? containerFor(url) : container;
		if (resolved == null) {
			throw new ConfigRejected(origin, "container", container, "a container for '" + url + "' (auto knows srt, "
					+ "udp, rtmp, .m3u8, .ts, .mkv, .mov, .mp4, .nut, .flv); one of " + String.join(", ", CONTAINERS));
		}
		if ("flv".equals(resolved) && !"h264".equals(codec)) {
			throw new ConfigRejected(origin, "codec", codec, "h264 for flv/RTMP (FLV carries H.264 only)");
		}
		if (("mp4".equals(resolved) || "mpegts".equals(resolved) || "hls".equals(resolved))
				&& ("ffv1".equals(codec) || "prores".equals(codec))) {
			throw new ConfigRejected(origin, "codec", codec, "h264 or hevc for " + resolved + " (ffv1 and prores "
					+ "need matroska, mov or nut)");
		}
		String resolvedAudio = audioFor(audio, resolved);
		if (!audioCodecsFor(resolved).contains(resolvedAudio)) {
			throw new ConfigRejected(origin, "audio.codec", audio, "one of " + String.join(", ", audioCodecsFor(resolved))
					+ " for " + resolved + " (pcm needs matroska, mov or nut: mpegts, hls, flv and mp4 carry no 24-bit "
					+ "PCM; opus needs matroska, mp4, nut, mpegts or hls: flv/RTMP and mov carry no Opus)");
		}
		return new OutputSettings(id, url, resolved, codec, preset, bitrate, gop, List.copyOf(options), segment,
				timecode, reconnect, ffmpeg, device, resolvedAudio, audioBitrate);
	}

	/**
	 * The audio codec an {@code audio.codec} setting means in a container: {@code auto} is PCM where
	 * the container carries it (recordings in matroska, mov, nut), AAC elsewhere (streams, mp4).
	 */
	static String audioFor(String setting, String container) {
		if (!"auto".equals(setting)) {
			return setting;
		}
		return PCM_CONTAINERS.contains(container) ? "pcm" : "aac";
	}

	/** The {@code audio.codec} values a container takes. */
	static List<String> audioCodecsFor(String container) {
		List<String> a = new ArrayList<>(List.of("auto"));
		if (PCM_CONTAINERS.contains(container)) {
			a.add("pcm");
		}
		a.add("aac");
		if (OPUS_CONTAINERS.contains(container)) {
			a.add("opus");
		}
		a.add("none");
		return a;
	}

	/** Whether a channel with {@code channels} audio channels gets an audio stream (0: it carries none). */
	boolean carriesAudio(int channels) {
		return channels > 0 && !"none".equals(audioCodec);
	}

	/**
	 * Why this output cannot encode {@code channels} audio channels (what ffmpeg 5.1's encoders take),
	 * or null. Checked when a session starts: the configuration does not know the channel's layout.
	 */
	String audioProblem(int channels) {
		if (!carriesAudio(channels)) {
			return null;
		}
		if ("aac".equals(audioCodec) && channels == 12) {
			return "audio.codec aac carries 2, 4, 6, 8 or 16 audio channels, the channel has 12: set the channel's "
					+ "audio.channels, or audio.codec=pcm (matroska, mov, nut), opus (matroska, mp4, nut) or none";
		}
		if ("opus".equals(audioCodec) && opusDiscrete(channels) && !List.of("matroska", "mp4", "nut").contains(container)) {
			return "audio.codec opus carries 2, 6 or 8 audio channels in " + container + ", the channel has " + channels
					+ ": set the channel's audio.channels, or audio.codec=aac or none";
		}
		return null;
	}

	/** Opus layouts beyond stereo, 5.1 and 7.1 need mapping family 255 (discrete channels), which mpegts lacks. */
	private static boolean opusDiscrete(int channels) {
		return channels != 2 && channels != 6 && channels != 8;
	}

	/** The audio bitrate for aac and opus: {@code audio.bitrate.kbps}, or 96 kbit/s per channel (192 for stereo). */
	int audioKbps(int channels) {
		return audioBitrateKbps > 0 ? audioBitrateKbps : 96 * channels;
	}

	/**
	 * ffmpeg's options for the audio pipe, to go before its {@code -i}: 48 kHz interleaved signed
	 * 32-bit little-endian ({@code AudioBuffer}'s samples as they are). A queue long enough for the
	 * audio that waits while an encoder's delay holds ffmpeg on the video (x264's lookahead: tens of
	 * frames), and probing one packet only: ffmpeg opens its inputs one after the other before its
	 * reader threads run, and a default probe would wait for more audio than we give before the
	 * video it is not reading then.
	 */
	static List<String> audioInput(int channels) {
		return List.of("-thread_queue_size", "1024", "-probesize", "32", "-analyzeduration", "0", "-f", "s32le", "-ar",
				"48000", "-ac", String.valueOf(channels));
	}

	/** Whether the URL is a network output (it reconnects) rather than a file. */
	boolean network() {
		String s = scheme(url);
		return s != null && !"file".equals(s);
	}

	static String scheme(String url) {
		int c = url.indexOf("://");
		return c > 0 ? url.substring(0, c).toLowerCase(Locale.ROOT) : null;
	}

	static String containerFor(String url) {
		String s = scheme(url);
		if ("srt".equals(s) || "udp".equals(s) || "rtp".equals(s) || "tcp".equals(s)) {
			return "mpegts";
		}
		if ("rtmp".equals(s) || "rtmps".equals(s)) {
			return "flv";
		}
		String path = url.toLowerCase(Locale.ROOT);
		int q = path.indexOf('?');
		path = q < 0 ? path : path.substring(0, q);
		if (path.endsWith(".m3u8")) {
			return "hls";
		}
		if (path.endsWith(".ts")) {
			return "mpegts";
		}
		if (path.endsWith(".mkv")) {
			return "matroska";
		}
		if (path.endsWith(".mov")) {
			return "mov";
		}
		if (path.endsWith(".mp4")) {
			return "mp4";
		}
		if (path.endsWith(".nut")) {
			return "nut";
		}
		if (path.endsWith(".flv")) {
			return "flv";
		}
		return null;
	}

	/** The output path for files (placeholders replaced), or null for network URLs. */
	Path file(String channelId, ZonedDateTime now) {
		if (network()) {
			return null;
		}
		String u = url.startsWith("file://") ? url.substring("file://".length()) : url;
		return Path.of(target(u, channelId, now));
	}

	private String target(String u, String channelId, ZonedDateTime now) {
		String date = segmented() ? "%Y%m%d-%H%M%S" : DATE.format(now.withZoneSameInstant(ZoneOffset.UTC));
		return u.replace("{channel}", channelId).replace("{date}", date);
	}

	private boolean segmented() {
		return segmentSeconds > 0 && !"hls".equals(container) && !network();
	}

	/**
	 * Why this output cannot start for the channel now (a missing directory), or null.
	 */
	String problem(String channelId, ZonedDateTime now) {
		Path f = file(channelId, now);
		if (f != null) {
			Path dir = f.toAbsolutePath().getParent();
			if (dir != null && !Files.isDirectory(dir)) {
				return "directory " + dir + " does not exist";
			}
			if (dir != null && !Files.isWritable(dir)) {
				return "directory " + dir + " is not writable";
			}
		}
		return null;
	}

	/**
	 * ffmpeg's options for raw frames of {@code format}, to go before the input's {@code -i}: the
	 * channel's own pixel format (BGRA8 as bgra, UYVY8 as uyvy422), converted by ffmpeg.
	 */
	static List<String> videoInput(VideoFormat format) {
		String pix = switch (format.pixelFormat()) {
			case BGRA8 -> "bgra";
			case UYVY8 -> "uyvy422";
			case V210 -> throw new IllegalArgumentException("pixel format V210 is not supported by the ffmpeg output; "
					+ "use BGRA8 or UYVY8");
		};
		// with an audio input, ffmpeg reads each input on a thread with a queue of this many packets (frames)
		return List.of("-thread_queue_size", "4", "-f", "rawvideo", "-pix_fmt", pix, "-video_size", format.width() + "x" + format.height(),
				"-framerate", format.frameRate().numerator() + "/" + format.frameRate().denominator());
	}

	/** The ffmpeg command line for video only (see the next). */
	List<String> command(String channelId, VideoFormat format, long firstIndex, ZonedDateTime now,
			List<String> inputs) {
		return command(channelId, format, firstIndex, now, inputs, 0);
	}

	/**
	 * The ffmpeg command line: {@code inputs} (the video input first, then the audio input when
	 * {@link #carriesAudio} {@code audioChannels}, each with its {@code -i}), progress on standard
	 * output.
	 */
	List<String> command(String channelId, VideoFormat format, long firstIndex, ZonedDateTime now,
			List<String> inputs, int audioChannels) {
		List<String> c = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "warning",
				"-nostats", "-progress", "pipe:1", "-stats_period", "0.25"));
		c.addAll(inputs);
		boolean audio = carriesAudio(audioChannels);
		c.addAll(List.of("-map", "0:v:0"));
		if (audio) {
			c.addAll(List.of("-map", "1:a:0"));
		}
		String pix = videoInput(format).get(5);
		switch (codec) {
			case "h264" -> c.addAll(List.of("-c:v", "libx264", "-preset", preset, "-pix_fmt", "yuv420p"));
			case "hevc" -> c.addAll(List.of("-c:v", "libx265", "-preset", preset, "-pix_fmt", "yuv420p"));
			case "prores" -> c.addAll(List.of("-c:v", "prores_ks", "-profile:v", "3", "-pix_fmt", "yuv422p10le"));
			default -> c.addAll(List.of("-c:v", "ffv1", "-level", "3", "-pix_fmt", "bgra".equals(pix) ? "bgra" : "yuv422p"));
		}
		if (("h264".equals(codec) || "hevc".equals(codec))) {
			if (bitrateKbps > 0) {
				c.addAll(List.of("-b:v", bitrateKbps + "k", "-maxrate", bitrateKbps + "k", "-bufsize",
						2 * bitrateKbps + "k"));
			}
			if (gop > 0) {
				c.addAll(List.of("-g", String.valueOf(gop)));
			}
		}
		if (audio) {
			switch (audioCodec) {
				case "pcm" -> c.addAll(List.of("-c:a", "pcm_s24le")); // the 24 significant bits, lossless
				case "aac" -> c.addAll(List.of("-c:a", "aac", "-b:a", audioKbps(audioChannels) + "k"));
				default -> {
					c.addAll(List.of("-c:a", "libopus", "-b:a", audioKbps(audioChannels) + "k"));
					if (opusDiscrete(audioChannels)) {
						c.addAll(List.of("-mapping_family", "255"));
					}
				}
			}
		}
		for (String o : codecOptions) {
			int eq = o.indexOf('=');
			c.add("-" + o.substring(0, eq));
			c.add(o.substring(eq + 1));
		}
		if (timecode && List.of("mov", "mp4", "matroska").contains(container)) {
			c.addAll(List.of("-timecode", Timecode.fromFrameIndex(firstIndex, format.frameRate(),
					Timecode.isDropFrameRate(format.frameRate())).toString()));
		}
		String u = url.startsWith("file://") ? url.substring("file://".length()) : url;
		String target = network() ? u.replace("{channel}", channelId) : target(u, channelId, now);
		if ("hls".equals(container)) {
			c.addAll(List.of("-f", "hls", "-hls_time", String.valueOf(segmentSeconds > 0 ? segmentSeconds : 2),
					"-hls_list_size", "6", "-hls_flags", "delete_segments+omit_endlist"));
		} else if (segmented()) {
			c.addAll(List.of("-f", "segment", "-segment_time", String.valueOf(segmentSeconds), "-segment_format",
					container, "-reset_timestamps", "1", "-strftime", "1"));
		} else {
			c.addAll(List.of("-f", container));
		}
		if (!network()) {
			c.add("-y");
		}
		c.add(target);
		return c;
	}

	private static String text(Map<String, Object> p, String key, String fallback) {
		Object v = p.get(key);
		return v == null ? fallback : v.toString().strip();
	}

	private static List<String> texts(Object v) {
		if (v == null) {
			return List.of();
		}
		if (v instanceof String[] a) {
			return List.of(a);
		}
		if (v instanceof java.util.Collection<?> c) {
			return c.stream().map(String::valueOf).toList();
		}
		return List.of(v.toString().split(","));
	}

	private static String oneOf(Map<String, Object> p, String key, String fallback, List<String> allowed,
			String origin) {
		String v = text(p, key, fallback).toLowerCase(Locale.ROOT);
		if (!allowed.contains(v)) {
			throw new ConfigRejected(origin, key, v, "one of " + String.join(", ", allowed));
		}
		return v;
	}

	private static int integer(Map<String, Object> p, String key, int fallback, int min, int max, String origin) {
		Object v = p.get(key);
		if (v == null) {
			return fallback;
		}
		int i;
		try {
			i = v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().strip());
		} catch (NumberFormatException e) {
			throw new ConfigRejected(origin, key, v, "an integer from " + min + " to " + max);
		}
		if (i < min || i > max) {
			throw new ConfigRejected(origin, key, v, "an integer from " + min + " to " + max);
		}
		return i;
	}
}
