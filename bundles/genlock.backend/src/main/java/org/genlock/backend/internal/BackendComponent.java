package org.genlock.backend.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.FrameLog;
import org.genlock.api.backend.PreviewFrame;
import org.genlock.api.backend.StateTransition;
import org.genlock.api.backend.VideoBackend;
import org.genlock.api.device.DeviceInfo;
import org.genlock.api.device.VideoOutputDevice;
import org.genlock.api.playout.PlayoutPolicy;
import org.genlock.api.playout.UnderrunStrategy;
import org.genlock.api.render.Renderer;
import org.genlock.api.tap.FrameTap;
import org.genlock.api.tap.TapStatus;
import org.genlock.api.telemetry.SwapKind;
import org.genlock.api.telemetry.TelemetrySink;
import org.genlock.support.ConfigOrigin;
import org.genlock.support.ConfigRejected;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link VideoBackend} service: one component instance per factory configuration of
 * {@code genlock.channel} (an integrator adds a channel with {@code genlock.channel~ch1.cfg}).
 * The services a channel plays with are dynamic, greedy, optional references selected by
 * the {@code <name>.target} filters of the configuration; each bind, unbind and update goes
 * to the channel, which applies it at a frame boundary.
 *
 * <p>Configuration is validated as a whole in {@code @Activate} and {@code @Modified}; a bad
 * configuration is logged (file, channel, key) and the previous one stays in force (at
 * activation: defaults with an id from the configuration name, and no autostart). A format
 * the bound device does not support is refused the same way. A format or keying change
 * restarts the channel, and brings back one that failed; a program change applies at the
 * next frame. The configuration guard ({@code genlock.config}) checks all of this before DS
 * sees a configuration; these checks keep the channel safe when it is not running.
 *
 * <p>Without a configured target a reference binds nothing ({@link #UNSELECTED}): which
 * provider a channel uses never depends on which one happened to register first.
 */
@Component(configurationPid = ChannelConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
		service = VideoBackend.class, immediate = true)
@Designate(ocd = ChannelConfig.class, factory = true)
public class BackendComponent implements VideoBackend {

	private static final Logger LOG = LoggerFactory.getLogger(BackendComponent.class);
	/** Longest wait for an orderly stop on deactivation. */
	static final long DEACTIVATE_MILLIS = 5000;
	/** The target of a reference the configuration does not select: matches no service. */
	static final String UNSELECTED = "(!(objectClass=*))";

	private final ServiceBindings bindings = new ServiceBindings();
	private final List<TelemetrySink> pendingSinks = new java.util.concurrent.CopyOnWriteArrayList<>();
	/** Taps bound before the channel exists (DS binds before activate). */
	private final Map<FrameTap, Map<String, Object>> pendingTaps = new java.util.concurrent.ConcurrentHashMap<>();
	private volatile Channel channel;
	private volatile ChannelSettings settings;

	@Reference(service = ObservationPublisher.class, cardinality = ReferenceCardinality.OPTIONAL,
			policy = ReferencePolicy.DYNAMIC)
	volatile ObservationPublisher publisher;

	@Activate
	void activate(ChannelConfig config, Map<String, Object> properties) {
		ChannelSettings s;
		boolean valid;
		try {
			s = ChannelSettings.from(config, origin(properties, null));
			valid = true;
		} catch (ConfigRejected e) {
			s = ChannelSettings.fallback(String.valueOf(properties.get("service.pid")));
			valid = false;
			LOG.error("{}; the channel runs as '{}' on defaults and does not start until a valid configuration "
					+ "arrives", e.getMessage(), s.channelId());
		}
		settings = s;
		String unsupported = valid ? unsupported(s.format()) : null;
		if (unsupported != null) {
			// the configuration guard's form (genlock.config), which reports this first when it runs
			LOG.error("{}: key 'format' = '{}' rejected: {}. The channel cannot go on air until the format or the "
					+ "device is corrected.", origin(properties, s.channelId()), s.format().name(), unsupported);
		}
		Channel c = new Channel(s.channelId(), s.setup(), s.program(), s.programText(), bindings, () -> publisher,
				FrameLogRing.DEFAULT_CAPACITY);
		c.renderSettings(s.render());
		bindings.policyFallback(s.policyFallback());
		pendingSinks.forEach(c::addSink);
		channel = c;
		pendingTaps.forEach(c.tapHub()::add);
		pendingTaps.clear();
		if (valid && s.autostart()) {
			c.start();
		}
	}

	@Modified
	void modified(ChannelConfig config, Map<String, Object> properties) {
		ChannelSettings before = settings;
		String origin = origin(properties, before.channelId());
		ChannelSettings next;
		try {
			next = ChannelSettings.from(config, origin);
		} catch (ConfigRejected e) {
			LOG.error("{}; the previous configuration stays in force", e.getMessage());
			return;
		}
		Channel c = channel;
		if (!next.channelId().equals(before.channelId()) && !before.targets().isEmpty()) {
			LOG.error("{}: key 'channel.id' = '{}' rejected: the channel id of a running channel cannot change; "
					+ "create a new configuration instead. The previous configuration (channel id '{}') stays in force.",
					origin, next.channelId(), before.channelId());
			return;
		}
		String unsupported = unsupported(next.format());
		if (unsupported != null && !next.format().equals(before.format())) {
			LOG.error("{}: key 'format' = '{}' rejected: {}. The previous value '{}' stays in force.", origin,
					next.format().name(), unsupported, before.format().name());
			next = next.withFormat(before.format());
		}
		settings = next;
		c.renderSettings(next.render());
		bindings.policyFallback(next.policyFallback());
		c.program(next.program(), next.programText());
		c.reconfigure(next.setup());
		if (before.targets().isEmpty() && next.autostart()) {
			c.start(); // the first valid configuration after a rejected one
		}
	}

	/** Why the bound device cannot play a format, or null if it can (or none is bound to ask). */
	private String unsupported(org.genlock.api.video.VideoFormat format) {
		VideoOutputDevice device = bindings.device().service();
		if (device == null) {
			return null;
		}
		DeviceInfo info;
		try {
			info = device.info();
		} catch (RuntimeException e) {
			return null; // the channel reports a device that cannot describe itself when it starts
		}
		if (info.supports(format)) {
			return null;
		}
		StringBuilder names = new StringBuilder();
		info.supportedFormats().forEach(f -> names.append(names.length() == 0 ? "" : ", ").append(f.name()));
		return "device " + info.id() + " does not support " + format.name() + " " + format.pixelFormat()
				+ "; it supports " + names;
	}

	/** How this channel's configuration lines name it: file, channel, PID. */
	private static String origin(Map<String, Object> properties, String knownId) {
		Object id = properties.get("channel.id");
		String channel = knownId != null ? knownId : id == null ? null : id.toString().strip();
		return ConfigOrigin.describe(ConfigOrigin.file(properties.get(ConfigOrigin.FILEINSTALL_FILENAME)),
				channel == null || channel.isEmpty() ? null : "channel " + channel,
				String.valueOf(properties.getOrDefault("service.pid", ChannelConfig.PID)));
	}

	@Deactivate
	void deactivate() {
		Channel c = channel;
		if (c != null) {
			c.shutdown(DEACTIVATE_MILLIS);
		}
	}

	// ---------------------------------------------------------------- references

	@Reference(name = "device", service = VideoOutputDevice.class, target = UNSELECTED,
			cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindDevice", updated = "updatedDevice")
	void bindDevice(VideoOutputDevice d) {
		bindings.bind(SwapKind.DEVICE, d, ServiceIds.of(d));
	}

	void updatedDevice(VideoOutputDevice d) {
		bindings.updated(SwapKind.DEVICE, d, ServiceIds.of(d));
	}

	void unbindDevice(VideoOutputDevice d) {
		bindings.unbind(SwapKind.DEVICE, d);
	}

	@Reference(name = "renderer", service = Renderer.class, target = UNSELECTED,
			cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindRenderer", updated = "updatedRenderer")
	void bindRenderer(Renderer r) {
		bindings.bind(SwapKind.RENDERER, r, ServiceIds.of(r));
	}

	void updatedRenderer(Renderer r) {
		bindings.updated(SwapKind.RENDERER, r, ServiceIds.of(r));
	}

	void unbindRenderer(Renderer r) {
		bindings.unbind(SwapKind.RENDERER, r);
	}

	/** Every renderer, selected or not: the render feed falls back to one when the one on air stalls. */
	@Reference(name = "renderers", service = Renderer.class, cardinality = ReferenceCardinality.MULTIPLE,
			policy = ReferencePolicy.DYNAMIC, unbind = "removeRenderer")
	void addRenderer(Renderer r) {
		bindings.registered(ServiceIds.of(r), r);
	}

	void removeRenderer(Renderer r) {
		bindings.unregistered(ServiceIds.of(r), r);
	}

	/** Every playout policy, selected or not: the policy fallback comes from here. */
	@Reference(name = "policies", service = PlayoutPolicy.class, cardinality = ReferenceCardinality.MULTIPLE,
			policy = ReferencePolicy.DYNAMIC, unbind = "removePolicy")
	void addPolicy(PlayoutPolicy p) {
		bindings.registeredPolicy(ServiceIds.of(p), p);
	}

	void removePolicy(PlayoutPolicy p) {
		bindings.unregisteredPolicy(p);
	}

	@Reference(name = "policy", service = PlayoutPolicy.class, target = UNSELECTED,
			cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindPolicy", updated = "updatedPolicy")
	void bindPolicy(PlayoutPolicy p) {
		bindings.bind(SwapKind.POLICY, p, ServiceIds.of(p));
	}

	void updatedPolicy(PlayoutPolicy p) {
		bindings.updated(SwapKind.POLICY, p, ServiceIds.of(p));
	}

	void unbindPolicy(PlayoutPolicy p) {
		bindings.unbind(SwapKind.POLICY, p);
	}

	@Reference(name = "strategy", service = UnderrunStrategy.class, target = UNSELECTED,
			cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindStrategy", updated = "updatedStrategy")
	void bindStrategy(UnderrunStrategy s) {
		bindings.bind(SwapKind.STRATEGY, s, ServiceIds.of(s));
	}

	void updatedStrategy(UnderrunStrategy s) {
		bindings.updated(SwapKind.STRATEGY, s, ServiceIds.of(s));
	}

	void unbindStrategy(UnderrunStrategy s) {
		bindings.unbind(SwapKind.STRATEGY, s);
	}

	@Reference(name = "telemetry", service = TelemetrySink.class, cardinality = ReferenceCardinality.MULTIPLE,
			policy = ReferencePolicy.DYNAMIC, unbind = "unbindTelemetry")
	void bindTelemetry(TelemetrySink sink) {
		Channel c = channel;
		if (c == null) {
			pendingSinks.add(sink);
		} else {
			c.addSink(sink);
		}
	}

	void unbindTelemetry(TelemetrySink sink) {
		pendingSinks.remove(sink);
		Channel c = channel;
		if (c != null) {
			c.removeSink(sink);
		}
	}

	/**
	 * The channel's taps: every {@link FrameTap} the configuration's {@code taps.target}
	 * selects (none without it), added and removed live.
	 */
	@Reference(name = "taps", service = FrameTap.class, target = UNSELECTED,
			cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindTap")
	void bindTap(FrameTap tap, Map<String, Object> properties) {
		Channel c = channel;
		if (c == null) {
			pendingTaps.put(tap, properties);
		} else {
			c.tapHub().add(tap, properties);
		}
	}

	void unbindTap(FrameTap tap) {
		pendingTaps.remove(tap);
		Channel c = channel;
		if (c != null) {
			c.tapHub().remove(tap);
		}
	}

	/** Every registered audio source, for the program's audio layers (any channel may use any source). */
	@Reference(name = "audioSources", service = org.genlock.api.audio.AudioSourceProvider.class,
			cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeAudioSource")
	void addAudioSource(org.genlock.api.audio.AudioSourceProvider source, Map<String, Object> properties) {
		bindings.audioSources().add(source, properties);
	}

	void removeAudioSource(org.genlock.api.audio.AudioSourceProvider source) {
		bindings.audioSources().remove(source);
	}

	@Override
	public List<TapStatus> taps() {
		return channel.taps();
	}

	@Override
	public org.genlock.api.backend.AudioStatus audio() {
		return channel.audio();
	}

	// ---------------------------------------------------------------- VideoBackend

	@Override
	public String channelId() {
		return channel.channelId();
	}

	@Override
	public BackendState state() {
		return channel.state();
	}

	@Override
	public ChannelStatus status() {
		return channel.status();
	}

	@Override
	public FrameLog frameLog() {
		return channel.frameLog();
	}

	@Override
	public void start() {
		channel.start();
	}

	@Override
	public void stop() {
		channel.stop();
	}

	@Override
	public long completionWorkerIdleNanos() {
		Channel c = channel;
		return c == null ? -1 : c.completionWorkerIdleNanos();
	}

	@Override
	public List<StateTransition> recentTransitions() {
		return channel.recentTransitions();
	}

	@Override
	public Optional<PreviewFrame> preview(int maxWidth, int maxHeight, long timeoutMillis)
			throws InterruptedException {
		return channel.preview(maxWidth, maxHeight, timeoutMillis);
	}

	Channel channel() {
		return channel;
	}
}
