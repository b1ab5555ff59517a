package org.genlock.ops.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.VideoBackend;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What a service manager or a load balancer asks of the platform: has it started with every
 * autostart channel on air (ready), and does every playing channel's completion worker keep
 * turning (alive). Shared by the sd_notify component and the probes.
 */
final class ChannelWatch {

	/** The channel configurations' factory PID (genlock.backend's ChannelConfig). */
	static final String CHANNEL_FACTORY_PID = "genlock.channel";

	/**
	 * One look.
	 *
	 * @param started   the framework has reached its final start level
	 * @param autostart channels configured to autostart
	 * @param onAir     how many of them are on air
	 * @param states    every registered channel with its state, e.g. {@code ch1 RUNNING}
	 * @param hung      the first channel whose completion worker has not turned within the limit, or null
	 */
	record Look(boolean started, int autostart, int onAir, List<String> states, String hung) {

		boolean ready() {
			return started && onAir == autostart;
		}

		String summary() {
			return onAir + "/" + autostart + " autostart channels on air"
					+ (states.isEmpty() ? "" : ": " + String.join(", ", states))
					+ (hung == null ? "" : "; completion worker of " + hung + " not turning");
		}
	}

	private final BundleContext context;
	private final ConfigurationAdmin configAdmin;
	private final List<VideoBackend> backends;

	ChannelWatch(BundleContext context, ConfigurationAdmin configAdmin, List<VideoBackend> backends) {
		this.context = context;
		this.configAdmin = configAdmin;
		this.backends = backends;
	}

	Look look(long stallLimitNanos) throws IOException, InvalidSyntaxException {
		Map<String, BackendState> states = new TreeMap<>();
		String hung = null;
		for (VideoBackend b : backends) {
			states.put(b.channelId(), b.state());
			if (hung == null && b.completionWorkerIdleNanos() > stallLimitNanos) {
				hung = b.channelId();
			}
		}
		List<String> parts = new ArrayList<>();
		states.forEach((id, state) -> parts.add(id + " " + state));
		Set<String> autostart = autostartChannels();
		int onAir = 0;
		for (String id : autostart) {
			BackendState state = states.get(id);
			if (state != null && state.isOnAir()) {
				onAir++;
			}
		}
		return new Look(started(), autostart.size(), onAir, parts, hung);
	}

	/**
	 * The channel ids of the channel configurations that autostart (as the backend reads
	 * them: {@code autostart} true unless set to false). From Configuration Admin, not from
	 * the channels registered so far, so that readiness waits for a channel whose component
	 * has not come up yet.
	 */
	private Set<String> autostartChannels() throws IOException, InvalidSyntaxException {
		Set<String> ids = new TreeSet<>();
		Configuration[] configs = configAdmin.listConfigurations("(" + ConfigurationAdmin.SERVICE_FACTORYPID + "="
				+ CHANNEL_FACTORY_PID + ")");
		for (Configuration c : configs == null ? new Configuration[0] : configs) {
			Dictionary<String, Object> p = c.getProperties();
			Object id = p == null ? null : p.get("channel.id");
			Object autostart = p == null ? null : p.get("autostart");
			if (id != null && !"false".equalsIgnoreCase(String.valueOf(autostart == null ? "true" : autostart))) {
				ids.add(String.valueOf(id).strip());
			}
		}
		return ids;
	}

	/** The framework has reached its final start level: every bundle that autostarts has started. */
	private boolean started() {
		int level = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkStartLevel.class)
				.getStartLevel();
		try {
			return level >= Integer.parseInt(context.getProperty(Constants.FRAMEWORK_BEGINNING_STARTLEVEL));
		} catch (NumberFormatException e) {
			return true;
		}
	}
}
