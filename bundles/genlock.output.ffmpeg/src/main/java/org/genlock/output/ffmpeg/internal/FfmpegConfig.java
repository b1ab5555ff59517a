package org.genlock.output.ffmpeg.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Metatype description of the factory PID {@code genlock.output.ffmpeg}, one configuration per
 * output (e.g. {@code configs/genlock.output.ffmpeg-srt1.cfg}). The component reads the raw
 * properties itself ({@link OutputSettings#parse}) so a bad value is reported with its key and
 * text instead of being coerced.
 */
@ObjectClassDefinition(id = OutputSettings.PID, name = "Genlock FFmpeg output",
		description = "Encodes a channel's aired frames with a supervised ffmpeg process and sends them to a URL "
				+ "(SRT, RTMP, UDP MPEG-TS, HLS, file). A channel selects it with taps.target=(genlock.tap.id=<id>).")
@interface FfmpegConfig {

	@AttributeDefinition(name = "Output id", description = "The genlock.tap.id channels select this output by: "
			+ "1 to 64 of A-Z, a-z, 0-9, '.', '_', '-'.")
	String id();

	@AttributeDefinition(name = "URL", description = "srt://127.0.0.1:9000 (caller), rtmp://host/app/key, "
			+ "udp://239.0.0.1:1234 (MPEG-TS), a path ending .m3u8 (HLS) or a file path. {channel} and {date} "
			+ "(UTC yyyyMMdd-HHmmss when the recording or segment starts) are replaced.")
	String url();

	@AttributeDefinition(name = "Container", description = "auto (by URL: srt/udp mpegts, rtmp flv, .m3u8 hls, "
			+ "file by extension), or one of the options.", options = { @Option(label = "auto", value = "auto"),
				@Option(label = "mpegts", value = "mpegts"), @Option(label = "flv", value = "flv"),
				@Option(label = "hls", value = "hls"), @Option(label = "matroska", value = "matroska"),
				@Option(label = "mov", value = "mov"), @Option(label = "mp4", value = "mp4"),
				@Option(label = "nut", value = "nut") })
	String container() default "auto";

	@AttributeDefinition(name = "Video codec", options = { @Option(label = "H.264 (x264)", value = "h264"),
			@Option(label = "HEVC (x265)", value = "hevc"), @Option(label = "ProRes 422 HQ", value = "prores"),
			@Option(label = "FFV1 (lossless)", value = "ffv1") })
	String codec() default "h264";

	@AttributeDefinition(name = "Preset", description = "x264/x265 preset: ultrafast, superfast, veryfast, faster, "
			+ "fast, medium, slow, slower, veryslow.")
	String preset() default "veryfast";

	@AttributeDefinition(name = "Bitrate (kbit/s)", description = "Video bitrate for h264/hevc, 0 = the codec's "
			+ "constant-quality default. 0 to 500000.", min = "0", max = "500000")
	int bitrate_kbps() default 0;

	@AttributeDefinition(name = "GOP (frames)", description = "Frames from one keyframe to the next for "
			+ "h264/hevc; 0 = the codec's default. 0 to 1000.", min = "0", max = "1000")
	int gop() default 50;

	@AttributeDefinition(name = "Codec options", description = "Extra encoder options, each key=value, passed as "
			+ "-key value, e.g. tune=zerolatency or x264-params=keyint=50.", required = false, cardinality = 32)
	String[] codec_options() default {};

	@AttributeDefinition(name = "Audio codec", description = "How the channel's audio (48 kHz, 24 bit) is encoded: "
			+ "auto (pcm in matroska, mov and nut recordings, aac in mpegts, hls, flv/RTMP and mp4), pcm (pcm_s24le, "
			+ "lossless; matroska, mov, nut), aac, opus (libopus; not in flv/RTMP or mov) or none (video only).",
			options = { @Option(label = "auto", value = "auto"), @Option(label = "PCM 24 bit", value = "pcm"),
				@Option(label = "AAC", value = "aac"), @Option(label = "Opus", value = "opus"),
				@Option(label = "none", value = "none") })
	String audio_codec() default "auto";

	@AttributeDefinition(name = "Audio bitrate (kbit/s)", description = "aac and opus: the audio bitrate, all "
			+ "channels together; 0 = 96 kbit/s per audio channel (192 for stereo), else 16 to 4096.", min = "0",
			max = "4096")
	int audio_bitrate_kbps() default 0;

	@AttributeDefinition(name = "Segment length (s)", description = "Files: start a new file every N seconds "
			+ "({date} names each); HLS: segment duration. 0 = one file (HLS: 2 s). 0 to 86400.", min = "0",
			max = "86400")
	int segment_seconds() default 0;

	@AttributeDefinition(name = "Timecode", description = "Write the first frame's timecode into containers that "
			+ "have a place for it (mov, mp4, matroska).")
	boolean timecode() default true;

	@AttributeDefinition(name = "Longest reconnect wait (ms)", description = "Backoff between restarts grows from "
			+ "250 ms to this. 250 to 60000.", min = "250", max = "60000")
	int reconnect_max_ms() default 2000;

	@AttributeDefinition(name = "Also a device", description = "Register the output as a channel device too "
			+ "(genlock.device.id = the output id), paced by the monotonic clock; a frame the encoder cannot take in "
			+ "time is reported DROPPED. {channel} in the URL is then the output id.")
	boolean device() default false;

	@AttributeDefinition(name = "ffmpeg", description = "The ffmpeg executable.")
	String ffmpeg_path() default "ffmpeg";
}
