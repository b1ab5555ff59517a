package org.genlock.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;

import org.genlock.api.backend.AudioStatus;
import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.EngineCounters;
import org.genlock.api.backend.FrameCounters;
import org.genlock.api.backend.PoolStatus;
import org.genlock.api.backend.PreviewFrame;
import org.genlock.api.backend.RenderFeedStatus;
import org.genlock.api.control.ChannelControl;
import org.genlock.api.control.ChannelView;
import org.genlock.api.control.ControlException;
import org.genlock.api.control.ControlException.Reason;
import org.genlock.api.control.ProviderKind;
import org.genlock.api.control.ProviderView;
import org.genlock.api.control.Selection;
import org.genlock.api.video.VideoFormat;
import org.junit.jupiter.api.Test;

class ApiHandlerTest {

	/** Records what the handler asked for; rejects like the real control does. */
	static final class FakeControl implements ChannelControl {
		final List<String> calls = new ArrayList<>();
		String program = "bars";
		String policy = "standard";
		EngineCounters engine = EngineCounters.ZERO;
		RenderFeedStatus render = RenderFeedStatus.NONE;
		BackendState state = BackendState.RUNNING;
		String failureReason;
		long latencyNanos = 40_000_000;
		int previews;

		@Override
		public List<String> channelIds() {
			return List.of("ch1");
		}

		private void known(String id) throws ControlException {
			if (!"ch1".equals(id)) {
				throw new ControlException(Reason.UNKNOWN_CHANNEL, "unknown channel '" + id + "'; channels: ch1",
						List.of("ch1"));
			}
		}

		@Override
		public ChannelView channel(String id) throws ControlException {
			known(id);
			ChannelStatus s = new ChannelStatus("ch1", state, VideoFormat.parse("720p50"), "clock",
					"software", policy, "repeat", 1234, new FrameCounters(100, 90, 8, 1, 1, 0, 2, 3, 0, 10), 3, 3, 5,
					new PoolStatus(13, 4, 1, 3, 5, 0), Instant.EPOCH, engine, render, failureReason, latencyNanos);
			ProviderView p = new ProviderView(ProviderKind.POLICY, policy, policy, "genlock.policy." + policy,
					"0.1.0", 7, 70);
			return new ChannelView(s, program, true, List.of(new Selection(ProviderKind.DEVICE, "clock", null, null),
					new Selection(ProviderKind.RENDERER, null, "(genlock.renderer.id=*)", null),
					new Selection(ProviderKind.POLICY, policy, "(genlock.policy.id=" + policy + ")", p),
					new Selection(ProviderKind.STRATEGY, "repeat", null, null)), List.of(), List.of());
		}

		@Override
		public List<ProviderView> providers(ProviderKind kind) {
			return kind == ProviderKind.POLICY ? List.of(new ProviderView(kind, "lowlatency", "lowlatency",
					"genlock.policy.lowlatency", "0.1.0", 8, 80)) : List.of();
		}

		@Override
		public void select(String id, ProviderKind kind, String providerId) throws ControlException {
			known(id);
			if (!"lowlatency".equals(providerId)) {
				throw new ControlException(Reason.UNKNOWN_PROVIDER, "unknown policy '" + providerId + "'",
						List.of("lowlatency"));
			}
			calls.add("select " + kind.label() + " " + providerId);
			policy = providerId;
		}

		@Override
		public String program(String id, String text) throws ControlException {
			known(id);
			if (text.contains("nope")) {
				throw new ControlException(Reason.INVALID, "program: layer 2 'nope' names no registered shader");
			}
			calls.add("program " + text);
			program = text;
			return text;
		}

		@Override
		public void start(String id) throws ControlException {
			known(id);
			calls.add("start");
		}

		@Override
		public void stop(String id) throws ControlException {
			known(id);
			calls.add("stop");
		}

		@Override
		public Optional<PreviewFrame> preview(String id, int w, int h) throws ControlException {
			known(id);
			previews++;
			int[] rgb = new int[16 * 9];
			java.util.Arrays.fill(rgb, 0xFF0000);
			return Optional.of(new PreviewFrame(id, 5, 16, 9, rgb, Instant.EPOCH));
		}
	}

	private final FakeControl control = new FakeControl();
	/** A clock that stands still: every preview stays fresh, so sharing is not a matter of timing. */
	private final ApiHandler handler = new ApiHandler(control, new PreviewCache(PreviewCache.source(control), () -> 0L, () -> 0L), () -> null);

	private ApiHandler.Answer call(String method, String path, String contentType, String body) {
		return handler.handle(new ApiHandler.Request(method, path, Map.of(), contentType,
				body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
	}

	private static JsonNode json(ApiHandler.Answer a) throws Exception {
		return ViewJson.MAPPER.readTree(a.body());
	}

	@Test
	void channelInFullHasStatusBindingsAndCounters() throws Exception {
		ApiHandler.Answer a = call("GET", "/channels/ch1", null, null);
		assertEquals(200, a.status());
		JsonNode n = json(a);
		assertEquals("RUNNING", n.get("state").asText());
		assertTrue(n.get("onAir").asBoolean());
		assertEquals("720p50", n.get("format").asText());
		assertEquals(10, n.at("/counters/nonFresh").asLong());
		assertEquals("genlock.policy.standard", n.at("/policy/bound/bundle").asText());
		assertTrue(n.at("/pool/invariantHolds").asBoolean());
		assertEquals(1, json(call("GET", "/channels", null, null)).size());
	}

	@Test
	void channelInFullListsItsTapsWithStateAndCounters() throws Exception {
		ApiHandler withTaps = new ApiHandler(control, new PreviewCache(PreviewCache.source(control), () -> 0L, () -> 0L), () -> null,
				Backends.of(id -> id.equals("ch1") ? java.util.List.of(new org.genlock.api.tap.TapStatus("srt1", "streaming",
						500, 3, 0, null)) : java.util.List.of(), id -> AudioStatus.NONE));
		JsonNode n = json(withTaps.handle(new ApiHandler.Request("GET", "/channels/ch1", Map.of(), null, new byte[0])));
		assertEquals(1, n.get("taps").size());
		assertEquals("srt1", n.at("/taps/0/id").asText());
		assertEquals("streaming", n.at("/taps/0/state").asText());
		assertEquals(500, n.at("/taps/0/delivered").asLong());
		assertEquals(3, n.at("/taps/0/dropped").asLong());
		assertEquals(0, json(call("GET", "/channels/ch1", null, null)).get("taps").size());
	}

	@Test
	void channelInFullCarriesItsAudioMetersWithNullForSilenceAndTwoDecimals() throws Exception {
		AudioStatus stereoPlusSilentPair = new AudioStatus(4,
				List.of(new AudioStatus.Level(1, -18.00449, -17.9951), new AudioStatus.Level(2, -18.0, -17.96),
						new AudioStatus.Level(3, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY),
						new AudioStatus.Level(4, Double.NaN, Double.NEGATIVE_INFINITY)),
				List.of(new AudioStatus.Loudness("1/2", -18.044, -18.1, -18.2),
						new AudioStatus.Loudness("3/4", Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
								Double.NEGATIVE_INFINITY)),
				250, 1, 7);
		List<String> asked = new ArrayList<>();
		ApiHandler withAudio = new ApiHandler(control, new PreviewCache(PreviewCache.source(control), () -> 0L, () -> 0L),
				() -> null, Backends.of(id -> List.of(), id -> {
					asked.add(id);
					return stereoPlusSilentPair;
				}));
		ApiHandler.Answer a = withAudio.handle(new ApiHandler.Request("GET", "/channels/ch1", Map.of(), null, new byte[0]));
		assertEquals(200, a.status());
		assertTrue(!a.text().contains("Infinity") && !a.text().contains("NaN"), "JSON has no infinity: " + a.text());
		JsonNode audio = json(a).get("audio");
		assertEquals(List.of("ch1"), asked);
		assertEquals(4, audio.get("channels").asInt());
		assertEquals(4, audio.get("levels").size());
		assertEquals(1, audio.at("/levels/0/channel").asInt());
		assertEquals(-18.0, audio.at("/levels/0/samplePeak").asDouble());
		assertEquals(-18.0, audio.at("/levels/0/truePeak").asDouble());
		assertEquals(2, audio.at("/levels/1/channel").asInt());
		assertEquals(-17.96, audio.at("/levels/1/truePeak").asDouble());
		assertTrue(audio.at("/levels/2/samplePeak").isNull(), "silence is null: " + audio);
		assertTrue(audio.at("/levels/2/truePeak").isNull());
		assertTrue(audio.at("/levels/3/samplePeak").isNull(), "NaN is null: " + audio);
		assertEquals(2, audio.get("loudness").size());
		assertEquals("1/2", audio.at("/loudness/0/group").asText());
		assertEquals(-18.04, audio.at("/loudness/0/momentary").asDouble());
		assertEquals(-18.1, audio.at("/loudness/0/shortTerm").asDouble());
		assertEquals(-18.2, audio.at("/loudness/0/integrated").asDouble());
		assertEquals("3/4", audio.at("/loudness/1/group").asText());
		assertTrue(audio.at("/loudness/1/momentary").isNull());
		assertTrue(audio.at("/loudness/1/integrated").isNull());
		assertEquals(250, audio.get("measuredFrames").asLong());
		assertEquals(1, audio.get("kernelErrors").asLong());
		assertEquals(7, audio.get("clippedSamples").asLong());

		assertEquals(404, withAudio.handle(new ApiHandler.Request("GET", "/channels/zz", Map.of(), null, new byte[0]))
				.status());
		assertEquals(List.of("ch1"), asked, "an unknown channel is refused before its backend is asked");
	}

	@Test
	void aChannelWithoutAudioSaysSo() throws Exception {
		JsonNode audio = json(call("GET", "/channels/ch1", null, null)).get("audio");
		assertEquals(0, audio.get("channels").asInt());
		assertEquals(0, audio.get("levels").size());
		assertEquals(0, audio.get("loudness").size());
		assertEquals(0, audio.get("measuredFrames").asLong());
	}

	@Test
	void channelInFullHasEngineCountersRenderFeedFailureReasonAndLatency() throws Exception {
		JsonNode zero = json(call("GET", "/channels/ch1", null, null));
		assertEquals(0, zero.at("/engine/renderFailures").asLong());
		assertEquals(11, zero.get("engine").size(), zero.get("engine").toString());
		assertTrue(zero.at("/render/onAir").isNull());
		assertTrue(zero.at("/render/renderMillis").isNull(), "no render measured yet");
		assertTrue(zero.get("failureReason").isNull());
		assertEquals(40.0, zero.get("outputLatencyMillis").asDouble());

		control.engine = new EngineCounters(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
		control.render = new RenderFeedStatus("software", "gl", 12_345_678, 2, "gl delivered nothing for 500 ms",
				Instant.parse("2026-12-06T10:00:00Z"));
		control.state = BackendState.FAILED;
		control.failureReason = "device clock went away";
		control.latencyNanos = 33_366_667;
		JsonNode n = json(call("GET", "/channels/ch1", null, null));
		String[] names = { "renderFailures", "staleRenders", "lateRenders", "abandonedRenders", "refusedSchedules",
			"starvedFills", "readyDrops", "refusedCompletions", "staleCompletions", "pluginErrors",
			"rendererFallbacks" };
		for (int i = 0; i < names.length; i++) {
			assertEquals(i + 1, n.at("/engine/" + names[i]).asLong(), names[i]);
		}
		assertEquals("software", n.at("/render/onAir").asText());
		assertEquals("gl", n.at("/render/candidate").asText());
		assertEquals(12.346, n.at("/render/renderMillis").asDouble());
		assertEquals(2, n.at("/render/leadFrames").asInt());
		assertEquals("gl delivered nothing for 500 ms", n.at("/render/fallbackReason").asText());
		assertEquals("2026-12-06T10:00:00Z", n.at("/render/fallbackTime").asText());
		assertEquals("device clock went away", n.get("failureReason").asText());
		assertEquals(33.367, n.get("outputLatencyMillis").asDouble());
		assertEquals(3, n.at("/queue/target").asInt());
		assertEquals(5, n.at("/queue/capacity").asInt());
	}

	@Test
	void selectingAPolicyNeedsJsonAndAKnownId() throws Exception {
		assertEquals(200, call("PUT", "/channels/ch1/policy", "application/json", "{\"id\":\"lowlatency\"}").status());
		assertEquals(List.of("select policy lowlatency"), control.calls);

		ApiHandler.Answer unknown = call("PUT", "/channels/ch1/policy", "application/json", "{\"id\":\"x\"}");
		assertEquals(400, unknown.status());
		assertEquals("lowlatency", json(unknown).at("/allowed/0").asText());

		ApiHandler.Answer malformed = call("PUT", "/channels/ch1/policy", "application/json", "{\"id\":");
		assertEquals(400, malformed.status());
		assertTrue(json(malformed).get("error").asText().startsWith("malformed JSON"), malformed.text());

		ApiHandler.Answer form = call("PUT", "/channels/ch1/policy", "application/x-www-form-urlencoded", "id=x");
		assertEquals(415, form.status());
		ApiHandler.Answer wrongShape = call("PUT", "/channels/ch1/policy", "application/json", "{\"policy\":1}");
		assertEquals(400, wrongShape.status());
		assertEquals(1, control.calls.size(), "no rejected request reached the control: " + control.calls);
	}

	@Test
	void unknownChannelsAndRoutesAre404AndWrongMethods405() throws Exception {
		ApiHandler.Answer a = call("PUT", "/channels/zz/policy", "application/json", "{\"id\":\"lowlatency\"}");
		assertEquals(404, a.status());
		assertEquals("ch1", json(a).at("/allowed/0").asText());
		assertEquals(404, call("GET", "/channels/zz", null, null).status());
		assertEquals(404, call("GET", "/channels/ch1/nothing", null, null).status());
		assertEquals(404, call("GET", "/elsewhere", null, null).status());
		ApiHandler.Answer m = call("GET", "/channels/ch1/start", null, null);
		assertEquals(405, m.status());
		assertEquals("POST", m.allow());
		assertEquals(405, call("DELETE", "/channels/ch1", null, null).status());
		assertTrue(control.calls.isEmpty());
	}

	@Test
	void programErrorsCarryTheControlsMessage() throws Exception {
		ApiHandler.Answer bad = call("PUT", "/channels/ch1/program", "application/json", "{\"program\":\"bars | nope\"}");
		assertEquals(400, bad.status());
		assertTrue(json(bad).get("error").asText().contains("'nope'"), bad.text());
		assertEquals("bars", control.program);
		ApiHandler.Answer ok = call("PUT", "/channels/ch1/program", "application/json", "{\"program\":\"bars | timecode\"}");
		assertEquals(200, ok.status());
		assertEquals("bars | timecode", json(ok).get("program").asText());
	}

	@Test
	void startAndStopArePosts() {
		// Cross-site requests are refused by genlock.security for the whole server
		// (CrossSiteRequestTest in genlock.security.itest, HttpHardeningTest in the distribution test).
		assertEquals(202, call("POST", "/channels/ch1/stop", "application/json", "").status());
		assertEquals(405, call("GET", "/channels/ch1/start", null, null).status());
		assertEquals(202, call("POST", "/channels/ch1/start", "application/json", "").status());
		assertEquals(List.of("stop", "start"), control.calls);
	}

	@Test
	void previewIsAJpegOfThePicture() throws Exception {
		ApiHandler.Answer a = call("GET", "/channels/ch1/preview.jpg", null, null);
		assertEquals(200, a.status());
		assertEquals("image/jpeg", a.contentType());
		java.awt.image.BufferedImage image = ImageIO.read(new ByteArrayInputStream(a.body()));
		assertEquals(16, image.getWidth());
		int rgb = image.getRGB(8, 4);
		assertTrue(((rgb >> 16) & 0xff) > 200 && ((rgb >> 8) & 0xff) < 60, Integer.toHexString(rgb));
		ApiHandler.Answer bad = handler.handle(new ApiHandler.Request("GET", "/channels/ch1/preview.jpg",
				Map.of("width", "wide"), null, new byte[0]));
		assertEquals(400, bad.status());
		ApiHandler.Answer huge = handler.handle(new ApiHandler.Request("GET", "/channels/ch1/preview.jpg",
				Map.of("width", "5000"), null, new byte[0]));
		assertEquals(400, huge.status());
		assertTrue(json(huge).get("error").asText().contains("1..1920 x 1..1080"), huge.text());
		assertEquals(404, call("GET", "/channels/zz/preview.jpg", null, null).status());
		// the first request sampled the channel; the others within 100 ms share its JPEG
		call("GET", "/channels/ch1/preview.jpg", null, null);
		assertEquals(1, control.previews);
	}

	@Test
	void providersAreListedByKind() throws Exception {
		JsonNode all = json(call("GET", "/providers", null, null));
		assertEquals("lowlatency", all.at("/policy/0/id").asText());
		assertEquals(0, all.get("renderer").size());
		assertEquals(404, call("GET", "/providers/gizmo", null, null).status());
		assertNull(all.get("gizmo"));
	}
}
