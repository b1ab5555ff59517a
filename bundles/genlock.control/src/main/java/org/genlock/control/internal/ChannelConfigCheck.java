package org.genlock.control.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.genlock.api.backend.VideoBackend;
import org.genlock.api.config.ConfigurationCandidate;
import org.genlock.api.config.ConfigurationCheck;
import org.genlock.api.config.ConfigurationProblem;
import org.genlock.api.control.ControlException;
import org.genlock.api.device.DeviceInfo;
import org.genlock.api.device.VideoOutputDevice;
import org.genlock.api.audio.AudioSourceProvider;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderProvider;
import org.genlock.api.video.VideoFormat;
import org.genlock.support.ConfigOrigin;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.SynchronousConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Checks every channel configuration ({@code genlock.channel}) before the configuration guard
 * delivers it, for what only the registered services know, so a file is held to the same
 * rules as the HTTP API: complete (an id and the four provider targets, no match-anything
 * defaults), an id no other channel uses and that does not change, a format the device
 * selected by {@code device.target} supports, and a program of registered shaders with
 * declared parameters in range and no more layers than {@code max.layers} allows.
 */
@Component(service = { ConfigurationCheck.class, SynchronousConfigurationListener.class }, immediate = true,
		property = ConfigurationCheck.PIDS + "=" + ChannelConfigCheck.FACTORY_PID)
public class ChannelConfigCheck implements ConfigurationCheck, SynchronousConfigurationListener {

	static final String FACTORY_PID = "genlock.channel";
	static final List<String> TARGETS = List.of("device.target", "renderer.target", "policy.target", "strategy.target");
	static final Pattern CHANNEL_ID = Pattern.compile("[a-z0-9-]{1,32}");

	/** A channel id in use, by which configuration, from which file. */
	private record Claim(String channelId, String origin) {
	}

	private final Map<Long, ShaderInfo> shaders = new ConcurrentHashMap<>();
	private final Map<Long, ShaderInfo> audioSources = new ConcurrentHashMap<>();
	private final Map<Long, ServiceReference<VideoOutputDevice>> devices = new ConcurrentHashMap<>();
	/** Channel ids by configuration PID. */
	private final Map<String, Claim> claims = new ConcurrentHashMap<>();
	private BundleContext context;

	@Activate
	void activate(BundleContext bundleContext) {
		this.context = bundleContext;
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void bindShader(ShaderProvider shader, ServiceReference<ShaderProvider> ref) {
		shaders.put((Long) ref.getProperty(Constants.SERVICE_ID), shader.info());
	}

	void unbindShader(ServiceReference<ShaderProvider> ref) {
		shaders.remove((Long) ref.getProperty(Constants.SERVICE_ID));
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void bindAudioSource(AudioSourceProvider source, ServiceReference<AudioSourceProvider> ref) {
		audioSources.put((Long) ref.getProperty(Constants.SERVICE_ID), source.info());
	}

	void unbindAudioSource(ServiceReference<AudioSourceProvider> ref) {
		audioSources.remove((Long) ref.getProperty(Constants.SERVICE_ID));
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void bindDevice(ServiceReference<VideoOutputDevice> ref) {
		devices.put((Long) ref.getProperty(Constants.SERVICE_ID), ref);
	}

	void unbindDevice(ServiceReference<VideoOutputDevice> ref) {
		devices.remove((Long) ref.getProperty(Constants.SERVICE_ID));
	}

	/** A running channel's id is claimed even if this bundle started after its configuration arrived. */
	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void bindBackend(ServiceReference<VideoBackend> ref) {
		Object pid = ref.getProperty(Constants.SERVICE_PID);
		Object id = ref.getProperty("channel.id");
		if (pid instanceof String p && id instanceof String i) {
			claims.putIfAbsent(p, new Claim(i.strip(), ConfigOrigin.file(ref.getProperty(ConfigOrigin.FILEINSTALL_FILENAME))));
		}
	}

	void unbindBackend(ServiceReference<VideoBackend> ref) {
		// the configuration still holds the id (a backend bundle restart): the claim stays until it is deleted
	}

	@Override
	public void configurationEvent(ConfigurationEvent event) {
		if (event.getType() == ConfigurationEvent.CM_DELETED) {
			claims.remove(event.getPid());
		}
	}

	@Override
	public String subject(ConfigurationCandidate candidate) {
		String id = candidate.text("channel.id");
		if (id == null || id.isEmpty()) {
			id = candidate.previousText("channel.id");
		}
		return id == null || id.isEmpty() ? null : "channel " + id;
	}

	@Override
	public List<ConfigurationProblem> check(ConfigurationCandidate c) {
		List<ConfigurationProblem> problems = new ArrayList<>();
		String id = c.text("channel.id");
		List<String> missing = new ArrayList<>();
		if (id == null || id.isEmpty()) {
			missing.add("channel.id");
		}
		for (String t : TARGETS) {
			String filter = c.text(t);
			if (filter == null || filter.isEmpty()) {
				missing.add(t);
			}
		}
		if (!missing.isEmpty()) {
			problems.add(ConfigurationProblem.whole("incomplete: no " + String.join(", no ", missing)
					+ "; a channel needs channel.id and the targets device.target, renderer.target, policy.target and "
					+ "strategy.target"));
			return problems;
		}
		String before = c.previousText("channel.id");
		if (!CHANNEL_ID.matcher(id).matches()) {
			problems.add(ConfigurationProblem.of("channel.id", id, "allowed: 1 to 32 characters of a-z, 0-9 and '-'"));
		} else if (before != null && !before.isEmpty() && !before.equals(id)) {
			problems.add(ConfigurationProblem.of("channel.id", id, "the id of an existing channel cannot change from '"
					+ before + "'; add a new file for a new channel"));
		} else {
			String other = claimedElsewhere(c.pid(), id);
			if (other != null) {
				problems.add(ConfigurationProblem.whole("channel id '" + id + "' is already used by " + other
						+ "; each channel needs its own id. The channel there stays as it is"));
				return problems;
			}
		}
		int maxLayers = ProgramCheck.DEFAULT_MAX_LAYERS;
		String max = c.text("max.layers");
		if (max != null && !max.isEmpty()) {
			try {
				maxLayers = Integer.parseInt(max);
				if (maxLayers < 1 || maxLayers > 256) {
					problems.add(ConfigurationProblem.of("max.layers", max, "allowed: 1 to 256"));
					maxLayers = previousMaxLayers(c);
				}
			} catch (NumberFormatException e) {
				problems.add(ConfigurationProblem.of("max.layers", max, "allowed: an integer from 1 to 256"));
				maxLayers = previousMaxLayers(c);
			}
		}
		checkFormat(c, problems);
		String audio = c.text("audio.channels");
		if (audio != null && !audio.isEmpty() && !List.of("0", "2", "4", "6", "8", "12", "16").contains(audio)) {
			problems.add(ConfigurationProblem.of("audio.channels", audio, "allowed: 0 (no audio), 2, 4, 6, 8, 12 or 16"));
		}
		String program = c.text("program");
		if (program != null) {
			try {
				ProgramCheck.check(program, shadersById(), byId(audioSources), maxLayers);
			} catch (ControlException e) {
				problems.add(ConfigurationProblem.of("program", program, e.getMessage()));
			}
		}
		if (problems.stream().noneMatch(p -> "channel.id".equals(p.key()))) {
			claims.put(c.pid(), new Claim(id, c.origin()));
		}
		return problems;
	}

	private static int previousMaxLayers(ConfigurationCandidate c) {
		try {
			String before = c.previousText("max.layers");
			return before == null ? ProgramCheck.DEFAULT_MAX_LAYERS : Integer.parseInt(before);
		} catch (NumberFormatException e) {
			return ProgramCheck.DEFAULT_MAX_LAYERS;
		}
	}

	/** The format parses and the device the candidate selects (if one is registered) supports it. */
	private void checkFormat(ConfigurationCandidate c, List<ConfigurationProblem> problems) {
		String name = c.text("format");
		if (name == null || name.isEmpty()) {
			return; // the default applies
		}
		VideoFormat format;
		try {
			format = VideoFormat.parse(name);
		} catch (IllegalArgumentException e) {
			problems.add(ConfigurationProblem.of("format", name, e.getMessage()));
			return;
		}
		DeviceInfo info = device(c.text("device.target"));
		if (info != null && !info.supports(format)) {
			List<String> names = new ArrayList<>();
			info.supportedFormats().forEach(f -> names.add(f.name()));
			problems.add(ConfigurationProblem.of("format", name, "device " + info.id() + " does not support "
					+ format.name() + " " + format.pixelFormat() + "; it supports " + String.join(", ", names)));
		}
	}

	/** The device a target filter binds (as DS would: highest ranking, then oldest), or null. */
	private DeviceInfo device(String target) {
		BundleContext ctx = context;
		if (ctx == null || target == null) {
			return null;
		}
		Filter filter;
		try {
			filter = FrameworkUtil.createFilter(target);
		} catch (InvalidSyntaxException e) {
			return null;
		}
		ServiceReference<VideoOutputDevice> best = null;
		for (ServiceReference<VideoOutputDevice> ref : devices.values()) {
			if (filter.match(ref) && (best == null || ref.compareTo(best) > 0)) {
				best = ref;
			}
		}
		if (best == null) {
			return null;
		}
		VideoOutputDevice device = ctx.getService(best);
		try {
			return device == null ? null : device.info();
		} catch (RuntimeException e) {
			return null; // a device that cannot describe itself fails the channel at start, with the reason
		} finally {
			if (device != null) {
				ctx.ungetService(best);
			}
		}
	}

	private String claimedElsewhere(String pid, String id) {
		for (Map.Entry<String, Claim> e : claims.entrySet()) {
			if (!e.getKey().equals(pid) && e.getValue().channelId().equals(id)) {
				return ConfigOrigin.describe(e.getValue().origin(), null, e.getKey());
			}
		}
		return null;
	}

	private Map<String, ShaderInfo> shadersById() {
		return byId(shaders);
	}

	/** Descriptions by id (the first registered wins an id conflict). */
	static Map<String, ShaderInfo> byId(Map<Long, ShaderInfo> byService) {
		Map<String, ShaderInfo> byId = new HashMap<>();
		new java.util.TreeMap<>(byService).values().forEach(i -> byId.putIfAbsent(i.id(), i));
		return byId;
	}
}
