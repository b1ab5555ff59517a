package org.genlock.control.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.PreviewFrame;
import org.genlock.api.backend.VideoBackend;
import org.genlock.api.config.ConfigurationRejectedException;
import org.genlock.api.config.ConfigurationWriter;
import org.genlock.api.control.ChannelControl;
import org.genlock.api.control.ChannelView;
import org.genlock.api.control.ControlException;
import org.genlock.api.control.ControlException.Reason;
import org.genlock.api.control.ProviderKind;
import org.genlock.api.control.ProviderView;
import org.genlock.api.control.Selection;
import org.genlock.api.device.VideoOutputDevice;
import org.genlock.api.playout.PlayoutPolicy;
import org.genlock.api.playout.UnderrunStrategy;
import org.genlock.api.render.Program;
import org.genlock.api.render.Renderer;
import org.genlock.api.audio.AudioSourceProvider;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderProvider;
import org.genlock.api.telemetry.Observation;
import org.genlock.api.telemetry.SwapObservation;
import org.genlock.api.telemetry.TelemetrySink;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChannelControl} service. Tracks channels and providers through DS references
 * (service references only, so looking does not activate or hold anything), keeps each
 * channel's recent swaps as a {@link TelemetrySink}, and hands selections and programs to the
 * one {@link ConfigurationWriter}, which writes them to the channel's file and its
 * {@code genlock.channel} configuration one change at a time; the backend picks them up at a
 * frame boundary. Every request is checked in full before the configuration is touched.
 */
@Component(service = { ChannelControl.class, TelemetrySink.class }, immediate = true)
public class ControlComponent implements ChannelControl, TelemetrySink {

	private static final Logger LOG = LoggerFactory.getLogger(ControlComponent.class);
	/** Swaps kept per channel. */
	static final int SWAP_HISTORY = 16;
	/** How long a preview waits for a frame to air. */
	static final long PREVIEW_TIMEOUT_MILLIS = 1000;

	/** A channel service and the configuration it was created from. */
	private record Backend(VideoBackend service, String pid, Map<String, Object> properties) {}

	private final Map<Long, Backend> backends = new ConcurrentHashMap<>();
	private final Map<Long, ShaderInfo> shaders = new ConcurrentHashMap<>();
	private final Map<Long, ShaderInfo> audioSources = new ConcurrentHashMap<>();
	private final ProviderRegistry providers = new ProviderRegistry();
	private final SwapHistory swaps = new SwapHistory(SWAP_HISTORY);

	/** Optional: without it, views and start/stop still work and changes answer UNAVAILABLE. */
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	volatile ConfigurationWriter writer;

	// ---------------------------------------------------------------- references

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
			updated = "bindBackend")
	void bindBackend(VideoBackend backend, ServiceReference<VideoBackend> ref) {
		backends.put(serviceId(ref), new Backend(backend, String.valueOf(ref.getProperty(Constants.SERVICE_PID)),
				properties(ref)));
	}

	void unbindBackend(VideoBackend backend, ServiceReference<VideoBackend> ref) {
		Backend gone = backends.remove(serviceId(ref));
		if (gone != null && find(gone.service().channelId()) == null) {
			swaps.forget(gone.service().channelId());
		}
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
			updated = "bindDevice")
	void bindDevice(ServiceReference<VideoOutputDevice> ref) {
		add(ProviderKind.DEVICE, ref, null);
	}

	void unbindDevice(ServiceReference<VideoOutputDevice> ref) {
		providers.remove(ProviderKind.DEVICE, serviceId(ref));
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
			updated = "bindRenderer")
	void bindRenderer(ServiceReference<Renderer> ref) {
		add(ProviderKind.RENDERER, ref, null);
	}

	void unbindRenderer(ServiceReference<Renderer> ref) {
		providers.remove(ProviderKind.RENDERER, serviceId(ref));
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
			updated = "bindPolicy")
	void bindPolicy(ServiceReference<PlayoutPolicy> ref) {
		add(ProviderKind.POLICY, ref, null);
	}

	void unbindPolicy(ServiceReference<PlayoutPolicy> ref) {
		providers.remove(ProviderKind.POLICY, serviceId(ref));
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
			updated = "bindStrategy")
	void bindStrategy(ServiceReference<UnderrunStrategy> ref) {
		add(ProviderKind.STRATEGY, ref, null);
	}

	void unbindStrategy(ServiceReference<UnderrunStrategy> ref) {
		providers.remove(ProviderKind.STRATEGY, serviceId(ref));
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
			updated = "bindShader")
	void bindShader(ShaderProvider shader, ServiceReference<ShaderProvider> ref) {
		ShaderInfo info = shader.info();
		shaders.put(serviceId(ref), info);
		add(ProviderKind.SHADER, ref, info.name());
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
			updated = "bindAudioSource")
	void bindAudioSource(AudioSourceProvider source, ServiceReference<AudioSourceProvider> ref) {
		audioSources.put(serviceId(ref), source.info());
	}

	void unbindAudioSource(AudioSourceProvider source, ServiceReference<AudioSourceProvider> ref) {
		audioSources.remove(serviceId(ref));
	}

	void unbindShader(ShaderProvider shader, ServiceReference<ShaderProvider> ref) {
		shaders.remove(serviceId(ref));
		providers.remove(ProviderKind.SHADER, serviceId(ref));
	}

	private void add(ProviderKind kind, ServiceReference<?> ref, String name) {
		Object id = ref.getProperty(kind.idProperty());
		Bundle bundle = ref.getBundle();
		if (!(id instanceof String s) || s.isBlank() || bundle == null) {
			return; // not selectable by id (or already gone): nothing an operator could pick
		}
		Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
		providers.add(new ProviderView(kind, s, name == null ? s : name, bundle.getSymbolicName(),
				bundle.getVersion().toString(), bundle.getBundleId(), serviceId(ref)),
				ranking instanceof Integer r ? r : 0);
	}

	private static long serviceId(ServiceReference<?> ref) {
		return (Long) ref.getProperty(Constants.SERVICE_ID);
	}

	private static Map<String, Object> properties(ServiceReference<?> ref) {
		Map<String, Object> p = new HashMap<>();
		for (String key : ref.getPropertyKeys()) {
			p.put(key, ref.getProperty(key));
		}
		return p;
	}

	// ---------------------------------------------------------------- TelemetrySink

	@Override
	public void observe(Observation observation) {
		if (observation instanceof SwapObservation swap) {
			swaps.add(swap);
		}
	}

	// ---------------------------------------------------------------- ChannelControl

	@Override
	public List<String> channelIds() {
		return backends.values().stream().map(b -> b.service().channelId()).distinct().sorted().toList();
	}

	@Override
	public ChannelView channel(String channelId) throws ControlException {
		Backend b = require(channelId);
		ChannelStatus status = b.service().status();
		List<Selection> selections = new ArrayList<>();
		selections.add(selection(ProviderKind.DEVICE, b, status.deviceId()));
		selections.add(selection(ProviderKind.RENDERER, b, status.rendererId()));
		selections.add(selection(ProviderKind.POLICY, b, status.policyId()));
		selections.add(selection(ProviderKind.STRATEGY, b, status.strategyId()));
		String program = String.valueOf(b.properties().getOrDefault("program", ""));
		try {
			program = Program.parse(program).toText();
		} catch (IllegalArgumentException e) {
			// the backend rejected it too and plays its previous program; show what is configured
		}
		return new ChannelView(status, program, !Boolean.FALSE.equals(autostart(b)), selections,
				swaps.of(status.channelId()), b.service().recentTransitions());
	}

	private static Object autostart(Backend b) {
		Object a = b.properties().get("autostart");
		return a instanceof String s ? Boolean.valueOf(s) : a;
	}

	private Selection selection(ProviderKind kind, Backend b, String boundId) {
		Object t = b.properties().get(targetKey(kind));
		String target = t == null ? null : t.toString();
		return new Selection(kind, selectedId(kind, target), target, providers.best(kind, boundId).orElse(null));
	}

	static String targetKey(ProviderKind kind) {
		return kind.label() + ".target";
	}

	/** The id a target filter selects when it is exactly {@code (idProperty=id)}, else null. */
	static String selectedId(ProviderKind kind, String target) {
		if (target == null) {
			return null;
		}
		Matcher m = Pattern.compile("\\(\\s*" + Pattern.quote(kind.idProperty()) + "\\s*=\\s*([A-Za-z0-9_.-]+)\\s*\\)")
				.matcher(target.trim());
		return m.matches() ? m.group(1) : null;
	}

	@Override
	public List<ProviderView> providers(ProviderKind kind) {
		return providers.list(kind);
	}

	@Override
	public void select(String channelId, ProviderKind kind, String providerId) throws ControlException {
		Backend b = require(channelId);
		if (kind == null || !kind.selectable()) {
			throw new ControlException(Reason.INVALID, "cannot select a " + (kind == null ? "null" : kind.label())
					+ " for a channel; selectable: device, renderer, policy, strategy",
					List.of("device", "renderer", "policy", "strategy"));
		}
		List<String> ids = providers.ids(kind);
		if (providerId == null || !ids.contains(providerId)) {
			throw new ControlException(Reason.UNKNOWN_PROVIDER, "unknown " + kind.label() + " '" + providerId
					+ "'; registered: " + (ids.isEmpty() ? "(none)" : String.join(", ", ids)), ids);
		}
		String filter = "(" + kind.idProperty() + "=" + providerId + ")";
		write(b, targetKey(kind), filter);
		LOG.info("channel {}: {} selected: {} (configuration {} {} = {})", channelId, kind.label(), providerId,
				b.pid(), targetKey(kind), filter);
	}

	@Override
	public String program(String channelId, String program) throws ControlException {
		Backend b = require(channelId);
		String text = ProgramCheck.check(program, ChannelConfigCheck.byId(shaders), ChannelConfigCheck.byId(audioSources),
				maxLayers(b)).toText();
		write(b, "program", text);
		LOG.info("channel {}: program set to '{}' (configuration {})", channelId, text, b.pid());
		return text;
	}

	@Override
	public void start(String channelId) throws ControlException {
		require(channelId).service().start();
		LOG.info("channel {}: start requested", channelId);
	}

	@Override
	public void stop(String channelId) throws ControlException {
		require(channelId).service().stop();
		LOG.info("channel {}: stop requested", channelId);
	}

	@Override
	public Optional<PreviewFrame> preview(String channelId, int maxWidth, int maxHeight)
			throws ControlException, InterruptedException {
		Backend b = require(channelId);
		try {
			return b.service().preview(maxWidth, maxHeight, PREVIEW_TIMEOUT_MILLIS);
		} catch (IllegalArgumentException e) {
			throw new ControlException(Reason.INVALID, e.getMessage());
		}
	}

	// ---------------------------------------------------------------- helpers

	private Backend find(String channelId) {
		for (Backend b : backends.values()) {
			if (b.service().channelId().equals(channelId)) {
				return b;
			}
		}
		return null;
	}

	private Backend require(String channelId) throws ControlException {
		Backend b = channelId == null ? null : find(channelId);
		if (b == null) {
			List<String> ids = channelIds();
			throw new ControlException(Reason.UNKNOWN_CHANNEL, "unknown channel '" + channelId + "'; channels: "
					+ (ids.isEmpty() ? "(none)" : String.join(", ", ids)), ids);
		}
		return b;
	}

	private static int maxLayers(Backend b) {
		Object max = b.properties().get("max.layers");
		try {
			return max == null ? ProgramCheck.DEFAULT_MAX_LAYERS : Integer.parseInt(max.toString().strip());
		} catch (NumberFormatException e) {
			return ProgramCheck.DEFAULT_MAX_LAYERS;
		}
	}

	/** Writes one key of the channel's configuration through the one writer. */
	private void write(Backend b, String key, String value) throws ControlException {
		ConfigurationWriter w = writer;
		if (w == null) {
			throw new ControlException(Reason.UNAVAILABLE, "the configuration writer (genlock.config) is not running; "
					+ "the change to " + key + " of channel " + b.service().channelId() + " was not made");
		}
		try {
			w.update(b.pid(), Map.of(key, value));
		} catch (ConfigurationRejectedException e) {
			throw new ControlException(e.problems().isEmpty() ? Reason.UNAVAILABLE : Reason.INVALID, e.getMessage());
		} catch (IOException e) {
			throw new ControlException(Reason.UNAVAILABLE, "could not write " + key + " of channel "
					+ b.service().channelId() + ": " + e.getMessage());
		}
	}
}
