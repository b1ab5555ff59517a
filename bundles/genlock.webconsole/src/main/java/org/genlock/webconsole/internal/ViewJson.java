package org.genlock.webconsole.internal;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.genlock.api.backend.AudioStatus;
import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.EngineCounters;
import org.genlock.api.backend.FrameCounters;
import org.genlock.api.backend.PoolStatus;
import org.genlock.api.backend.RenderFeedStatus;
import org.genlock.api.backend.StateTransition;
import org.genlock.api.control.ChannelView;
import org.genlock.api.control.ControlException;
import org.genlock.api.control.ProviderView;
import org.genlock.api.control.Selection;
import org.genlock.api.tap.TapStatus;
import org.genlock.api.telemetry.SwapObservation;

/**
 * The JSON shapes of the HTTP API and the console page, built explicitly so that the wire
 * format is a documented contract rather than whatever the records happen to contain.
 */
final class ViewJson {

	static final ObjectMapper MAPPER = new ObjectMapper();

	private ViewJson() {
	}

	/** One channel in full. */
	static ObjectNode channel(ChannelView v) {
		return channel(v, List.of(), AudioStatus.NONE);
	}

	/**
	 * One channel in full, with its taps (API 1.3): id, state, delivered, dropped, errors,
	 * lastError; and its audio meters (API 1.3, {@link #audio}).
	 */
	static ObjectNode channel(ChannelView v, List<TapStatus> tapList, AudioStatus audioStatus) {
		ChannelStatus s = v.status();
		ObjectNode n = summary(s);
		n.put("program", v.program());
		n.put("autostart", v.autostart());
		n.put("time", s.time().toString());
		ObjectNode queue = n.putObject("queue");
		queue.put("depth", s.readyDepth());
		queue.put("target", s.readyTarget());
		queue.put("capacity", s.readyCapacity());
		PoolStatus p = s.pool();
		ObjectNode pool = n.putObject("pool");
		pool.put("size", p.size());
		pool.put("free", p.free());
		pool.put("rendering", p.rendering());
		pool.put("ready", p.ready());
		pool.put("scheduled", p.scheduled());
		pool.put("parked", p.parked());
		pool.put("invariantHolds", p.invariantHolds());
		n.set("counters", counters(s.counters()));
		n.set("engine", engine(s.engine()));
		n.set("render", render(s.render()));
		n.put("failureReason", s.failureReason());
		n.put("outputLatencyMillis", millis(s.outputLatencyNanos()));
		ArrayNode taps = n.putArray("taps");
		for (TapStatus t : tapList) {
			ObjectNode o = taps.addObject();
			o.put("id", t.tapId());
			o.put("state", t.state());
			o.put("delivered", t.delivered());
			o.put("dropped", t.dropped());
			o.put("errors", t.errors());
			o.put("lastError", t.lastError());
		}
		n.set("audio", audio(audioStatus));
		for (Selection sel : v.selections()) {
			ObjectNode o = n.putObject(sel.kind().label());
			o.put("selected", sel.selected());
			o.put("target", sel.target());
			o.set("bound", sel.bound() == null ? null : provider(sel.bound()));
		}
		ArrayNode swaps = n.putArray("swaps");
		for (SwapObservation w : v.swaps()) {
			ObjectNode o = swaps.addObject();
			o.put("kind", w.kind().name().toLowerCase(java.util.Locale.ROOT));
			o.put("from", w.fromId());
			o.put("to", w.toId());
			o.put("atDisplayIndex", w.atDisplayIndex());
			o.put("time", w.time().toString());
		}
		ArrayNode transitions = n.putArray("transitions");
		for (StateTransition t : v.transitions()) {
			ObjectNode o = transitions.addObject();
			o.put("from", t.from().name());
			o.put("to", t.to().name());
			o.put("reason", t.reason());
			o.put("time", t.wallTime().toString());
		}
		return n;
	}

	/** The few fields a channel list shows. */
	static ObjectNode summary(ChannelStatus s) {
		ObjectNode n = MAPPER.createObjectNode();
		n.put("id", s.channelId());
		n.put("state", s.state().name());
		n.put("onAir", s.state().isOnAir());
		n.put("format", s.format() == null ? null : s.format().name());
		n.put("pixelFormat", s.format() == null ? null : s.format().pixelFormat().name());
		n.put("displayIndex", s.displayIndex());
		n.put("device", s.deviceId());
		n.put("renderer", s.rendererId());
		n.put("policy", s.policyId());
		n.put("strategy", s.strategyId());
		return n;
	}

	static ObjectNode counters(FrameCounters c) {
		ObjectNode o = MAPPER.createObjectNode();
		o.put("aired", c.framesAired());
		o.put("fresh", c.fresh());
		o.put("repeated", c.repeated());
		o.put("black", c.black());
		o.put("slate", c.slate());
		o.put("nonFresh", c.repeated() + c.black() + c.slate());
		o.put("skipped", c.skipped());
		o.put("late", c.late());
		o.put("dropped", c.dropped());
		o.put("flushed", c.flushed());
		o.put("underruns", c.underruns());
		return o;
	}

	/** What the engine absorbed without airing it as planned; the keys are the record's names. */
	static ObjectNode engine(EngineCounters e) {
		ObjectNode o = MAPPER.createObjectNode();
		o.put("renderFailures", e.renderFailures());
		o.put("staleRenders", e.staleRenders());
		o.put("lateRenders", e.lateRenders());
		o.put("abandonedRenders", e.abandonedRenders());
		o.put("refusedSchedules", e.refusedSchedules());
		o.put("starvedFills", e.starvedFills());
		o.put("readyDrops", e.readyDrops());
		o.put("refusedCompletions", e.refusedCompletions());
		o.put("staleCompletions", e.staleCompletions());
		o.put("pluginErrors", e.pluginErrors());
		o.put("rendererFallbacks", e.rendererFallbacks());
		return o;
	}

	/** Which renderer airs and which is on probation, render time (null before the first frame), lead, last fallback. */
	static ObjectNode render(RenderFeedStatus r) {
		ObjectNode o = MAPPER.createObjectNode();
		o.put("onAir", r.onAirRendererId());
		o.put("candidate", r.candidateRendererId());
		if (r.renderNanos() < 0) {
			o.putNull("renderMillis");
		} else {
			o.put("renderMillis", millis(r.renderNanos()));
		}
		o.put("leadFrames", r.leadFrames());
		o.put("fallbackReason", r.fallbackReason());
		o.put("fallbackTime", r.fallbackTime() == null ? null : r.fallbackTime().toString());
		return o;
	}

	/**
	 * The audio meters: {@code channels}, {@code levels} [{channel, samplePeak, truePeak}] in
	 * dBFS/dBTP, {@code loudness} [{group, momentary, shortTerm, integrated}] in LUFS, and the
	 * counters {@code measuredFrames}, {@code kernelErrors}, {@code clippedSamples}.
	 */
	static ObjectNode audio(AudioStatus a) {
		ObjectNode o = MAPPER.createObjectNode();
		o.put("channels", a.channels());
		ArrayNode levels = o.putArray("levels");
		for (AudioStatus.Level l : a.levels()) {
			ObjectNode x = levels.addObject();
			x.put("channel", l.channel());
			decibels(x, "samplePeak", l.samplePeak());
			decibels(x, "truePeak", l.truePeak());
		}
		ArrayNode loudness = o.putArray("loudness");
		for (AudioStatus.Loudness l : a.loudness()) {
			ObjectNode x = loudness.addObject();
			x.put("group", l.group());
			decibels(x, "momentary", l.momentary());
			decibels(x, "shortTerm", l.shortTerm());
			decibels(x, "integrated", l.integrated());
		}
		o.put("measuredFrames", a.measuredFrames());
		o.put("kernelErrors", a.kernelErrors());
		o.put("clippedSamples", a.clippedSamples());
		return o;
	}

	/**
	 * A level in dB (or LU) to two decimals. JSON has no infinity: silence and "not measured
	 * yet" (-Infinity), and anything else not finite, are null.
	 */
	static void decibels(ObjectNode o, String key, double db) {
		if (Double.isFinite(db)) {
			o.put(key, Math.round(db * 100.0) / 100.0);
		} else {
			o.putNull(key);
		}
	}

	/** Nanoseconds as milliseconds with three decimals. */
	static double millis(long nanos) {
		return Math.round(nanos / 1_000.0) / 1_000.0;
	}

	static ObjectNode provider(ProviderView p) {
		ObjectNode o = MAPPER.createObjectNode();
		o.put("kind", p.kind().label());
		o.put("id", p.id());
		o.put("name", p.name());
		o.put("bundle", p.bundle());
		o.put("version", p.bundleVersion());
		o.put("bundleId", p.bundleId());
		o.put("serviceId", p.serviceId());
		return o;
	}

	static ArrayNode providers(List<ProviderView> list) {
		ArrayNode a = MAPPER.createArrayNode();
		list.forEach(p -> a.add(provider(p)));
		return a;
	}

	/** The error body of every 4xx and 5xx answer. */
	static ObjectNode error(int status, String message, List<String> allowed) {
		ObjectNode o = MAPPER.createObjectNode();
		o.put("status", status);
		o.put("error", message);
		if (allowed != null && !allowed.isEmpty()) {
			ArrayNode a = o.putArray("allowed");
			allowed.forEach(a::add);
		}
		return o;
	}

	static int status(ControlException e) {
		return switch (e.reason()) {
			case UNKNOWN_CHANNEL -> 404;
			case UNKNOWN_PROVIDER, INVALID -> 400;
			case UNAVAILABLE -> 503;
		};
	}
}
