package org.genlock.output.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.genlock.api.video.VideoFormat;
import org.genlock.support.ConfigRejected;
import org.junit.jupiter.api.Test;

class OutputSettingsTest {

	static final ZonedDateTime NOW = ZonedDateTime.of(2026, 12, 6, 7, 8, 9, 0, ZoneOffset.UTC);

	static Map<String, Object> config(Object... kv) {
		Map<String, Object> m = new HashMap<>();
		m.put("id", "out");
		for (int i = 0; i < kv.length; i += 2) {
			m.put((String) kv[i], kv[i + 1]);
		}
		return m;
	}

	/** The video input as a session passes it: the channel's raw format, then its named pipe. */
	static List<String> input() {
		List<String> a = new ArrayList<>(OutputSettings.videoInput(VideoFormat.parse("1080p50")));
		a.add("-i");
		a.add("/tmp/x/video");
		return a;
	}

	@Test
	void srtIsMpegTsWithX264AndTheChannelPlaceholder() {
		OutputSettings s = OutputSettings.parse(config("url", "srt://127.0.0.1:9000?streamid={channel}", "preset",
				"ultrafast", "bitrate.kbps", "8000", "codec.options", new String[] { "tune=zerolatency" }), "pid");
		List<String> c = s.command("ch1", VideoFormat.parse("1080p50"), 0, NOW, input());
		String line = String.join(" ", c);
		assertTrue(line.contains("-f rawvideo -pix_fmt bgra -video_size 1920x1080 -framerate 50/1 -i /tmp/x/video"), line);
		assertTrue(line.contains("-c:v libx264 -preset ultrafast -pix_fmt yuv420p -b:v 8000k"), line);
		assertTrue(line.contains("-tune zerolatency"), line);
		assertTrue(line.endsWith("-f mpegts srt://127.0.0.1:9000?streamid=ch1"), line);
		assertTrue(s.network());
	}

	@Test
	void aSegmentedFileUsesStrftimeAndAnUnsegmentedOneTheStartTime() {
		OutputSettings seg = OutputSettings.parse(config("url", "/rec/{channel}-{date}.mkv", "codec", "ffv1",
				"segment.seconds", 600), "pid");
		String line = String.join(" ", seg.command("ch1", VideoFormat.parse("1080p50"), 0, NOW, input()));
		assertTrue(line.endsWith("-f segment -segment_time 600 -segment_format matroska -reset_timestamps 1 -strftime 1 "
				+ "-y /rec/ch1-%Y%m%d-%H%M%S.mkv"), line);
		OutputSettings one = OutputSettings.parse(config("url", "/rec/{channel}-{date}.mov", "codec", "prores"), "pid");
		String l2 = String.join(" ", one.command("ch1", VideoFormat.parse("1080p50"), 50 * 3600, NOW, input()));
		assertTrue(l2.contains("-timecode 01:00:00:00"), l2);
		assertTrue(l2.endsWith("-f mov -y /rec/ch1-20261206-070809.mov"), l2);
	}

	@Test
	void badValuesAreRejectedNamingKeyValueAndWhatIsAllowed() {
		ConfigRejected e = assertThrows(ConfigRejected.class,
				() -> OutputSettings.parse(config("url", "srt://h:1", "codec", "vp9"), "pid"));
		assertEquals("pid: key 'codec' = 'vp9' rejected (one of h264, hevc, prores, ffv1)", e.getMessage());
		e = assertThrows(ConfigRejected.class, () -> OutputSettings.parse(config("url", "/x/out.avi"), "pid"));
		assertEquals("container", e.key());
		e = assertThrows(ConfigRejected.class,
				() -> OutputSettings.parse(config("url", "rtmp://h/app/k", "codec", "ffv1"), "pid"));
		assertEquals("codec", e.key());
		e = assertThrows(ConfigRejected.class, () -> OutputSettings.parse(config("url", "http://h/x"), "pid"));
		assertEquals("url", e.key());
		assertTrue(OutputSettings.parse(config("url", "/no/such/dir/x.mkv", "codec", "ffv1"), "pid")
				.problem("ch1", NOW).contains("/no/such/dir does not exist"));
	}

	/** The video input and an audio input, as a session passes them for a channel with audio. */
	static List<String> inputsWithAudio(int channels) {
		List<String> a = input();
		a.addAll(OutputSettings.audioInput(channels));
		a.add("-i");
		a.add("/tmp/x/audio");
		return a;
	}

	@Test
	void audioIsPcmInRecordingsAndAacInStreamsByDefault() {
		OutputSettings rec = OutputSettings.parse(config("url", "/rec/{channel}.mkv", "codec", "ffv1"), "pid");
		String line = String.join(" ", rec.command("ch1", VideoFormat.parse("1080p50"), 0, NOW, inputsWithAudio(2), 2));
		assertTrue(line.contains("-thread_queue_size 4 -f rawvideo"), line);
		assertTrue(line.contains("-thread_queue_size 1024 -probesize 32 -analyzeduration 0 -f s32le -ar 48000 -ac 2 "
				+ "-i /tmp/x/audio -map 0:v:0 -map 1:a:0"), line);
		assertTrue(line.contains("-c:a pcm_s24le"), line);
		OutputSettings srt = OutputSettings.parse(config("url", "srt://127.0.0.1:9000"), "pid");
		String s2 = String.join(" ", srt.command("ch1", VideoFormat.parse("1080p50"), 0, NOW, inputsWithAudio(2), 2));
		assertTrue(s2.contains("-c:a aac -b:a 192k"), s2);
		// a channel without audio, or an output told to drop it: video only
		String none = String.join(" ", srt.command("ch1", VideoFormat.parse("1080p50"), 0, NOW, input(), 0));
		assertTrue(none.contains("-map 0:v:0") && !none.contains("1:a") && !none.contains("-c:a"), none);
		OutputSettings drop = OutputSettings.parse(config("url", "srt://h:1", "audio.codec", "none"), "pid");
		assertTrue(!drop.carriesAudio(2));
		OutputSettings opus = OutputSettings.parse(config("url", "udp://127.0.0.1:5000", "audio.codec", "opus",
				"audio.bitrate.kbps", "128"), "pid");
		String o = String.join(" ", opus.command("ch1", VideoFormat.parse("1080p50"), 0, NOW, inputsWithAudio(2), 2));
		assertTrue(o.contains("-c:a libopus -b:a 128k") && !o.contains("mapping_family"), o);
		assertEquals(null, opus.audioProblem(8));
		assertTrue(opus.audioProblem(4).contains("2, 6 or 8"), opus.audioProblem(4));
		assertTrue(srt.audioProblem(12).contains("aac carries 2, 4, 6, 8 or 16"));
		OutputSettings mkvOpus = OutputSettings.parse(config("url", "/r/x.mkv", "audio.codec", "opus"), "pid");
		String m = String.join(" ", mkvOpus.command("ch1", VideoFormat.parse("1080p50"), 0, NOW, inputsWithAudio(16), 16));
		assertTrue(m.contains("-c:a libopus -b:a 1536k -mapping_family 255"), m);
	}

	@Test
	void anAudioCodecTheContainerCannotCarryIsRejectedNamingWhatItTakes() {
		ConfigRejected e = assertThrows(ConfigRejected.class,
				() -> OutputSettings.parse(config("url", "rtmp://h/app/k", "audio.codec", "opus"), "pid"));
		assertEquals("audio.codec", e.key());
		assertTrue(e.getMessage().contains("one of auto, aac, none for flv"), e.getMessage());
		e = assertThrows(ConfigRejected.class,
				() -> OutputSettings.parse(config("url", "srt://h:1", "audio.codec", "pcm"), "pid"));
		assertTrue(e.getMessage().contains("one of auto, aac, opus, none for mpegts"), e.getMessage());
		e = assertThrows(ConfigRejected.class,
				() -> OutputSettings.parse(config("url", "/r/x.mov", "audio.codec", "opus"), "pid"));
		assertTrue(e.getMessage().contains("one of auto, pcm, aac, none for mov"), e.getMessage());
		e = assertThrows(ConfigRejected.class,
				() -> OutputSettings.parse(config("url", "srt://h:1", "audio.codec", "mp3"), "pid"));
		assertEquals("pid: key 'audio.codec' = 'mp3' rejected (one of auto, pcm, aac, opus, none)", e.getMessage());
		e = assertThrows(ConfigRejected.class,
				() -> OutputSettings.parse(config("url", "srt://h:1", "audio.bitrate.kbps", "8"), "pid"));
		assertEquals("audio.bitrate.kbps", e.key());
	}
}
