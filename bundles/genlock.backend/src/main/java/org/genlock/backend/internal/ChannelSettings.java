package org.genlock.backend.internal;

import java.util.Map;
import java.util.regex.Pattern;

import org.genlock.api.device.KeyerMode;
import org.genlock.api.render.Program;
import org.genlock.api.video.VideoFormat;
import org.genlock.support.ConfigCheck;
import org.genlock.support.ConfigRejected;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

/**
 * A channel configuration, resolved once and validated as a whole: either every value is
 * good and this record is built, or {@link #from} throws a {@link ConfigRejected} naming
 * the first bad key, and the previous configuration stays in force.
 *
 * @param channelId   the channel id
 * @param format      the parsed format
 * @param keying      whether the output is keyed
 * @param program     the parsed program
 * @param programText the program as configured
 * @param autostart   whether to start on activation
 * @param targets     the four {@code <reference>.target} filters as configured
 * @param render      the render budget, stall timeout and fallback chain
 * @param keyer       the device's keyer
 * @param keyerLevel  the key's opacity, 0-255
 * @param policyFallback policy ids to use, in order, while none matches the policy filter
 * @param audioChannels embedded audio channels, one of {@link #AUDIO_CHANNELS}
 */
record ChannelSettings(String channelId, VideoFormat format, boolean keying, Program program, String programText,
		boolean autostart, Map<String, String> targets, RenderFeed.Settings render, KeyerMode keyer, int keyerLevel,
		java.util.List<String> policyFallback, int audioChannels) {

	/** The audio channel counts a channel may carry. */
	static final java.util.List<Integer> AUDIO_CHANNELS = java.util.List.of(0, 2, 4, 6, 8, 12, 16);

	static final Pattern RENDERER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	static final Pattern CHANNEL_ID = Pattern.compile("[a-z0-9-]{1,32}");
	static final String[] REFERENCES = { "device", "renderer", "policy", "strategy" };
	static final int MAX_LAYERS_LIMIT = 256;

	static ChannelSettings from(ChannelConfig c) {
		return from(c, ChannelConfig.PID);
	}

	/**
	 * Validates a configuration.
	 *
	 * @param origin how log lines name the configuration: file, channel and PID (see ConfigOrigin)
	 * @throws ConfigRejected naming the configuration, key, value and what is allowed
	 */
	static ChannelSettings from(ChannelConfig c, String origin) {
		ConfigCheck check = ConfigCheck.of(origin);
		String id = c.channel_id();
		if (id == null || !CHANNEL_ID.matcher(id.strip()).matches()) {
			throw check.reject("channel.id", id, "1 to 32 characters of a-z, 0-9 and '-'");
		}
		VideoFormat format = check.parse("format", c.format(), VideoFormat::parse);
		Program program = check.parse("program", c.program(), Program::parse);
		int maxLayers = check.range("max.layers", c.max_layers(), 1, MAX_LAYERS_LIMIT);
		if (program.layers().size() > maxLayers) {
			throw check.reject("program", c.program(), "at most " + maxLayers + " layers (max.layers), got "
					+ program.layers().size());
		}
		String[] filters = { c.device_target(), c.renderer_target(), c.policy_target(), c.strategy_target() };
		Map<String, String> targets = new java.util.LinkedHashMap<>();
		for (int i = 0; i < REFERENCES.length; i++) {
			String key = REFERENCES[i] + ".target";
			String filter = filters[i];
			// DS fills a key the configuration lacks with the reference's own target, UNSELECTED
			if (filter == null || filter.isBlank() || filter.equals(BackendComponent.UNSELECTED)) {
				throw check.reject(key, "", "an LDAP filter such as (genlock." + REFERENCES[i] + ".id=...); a channel "
						+ "configuration needs all four targets");
			}
			try {
				FrameworkUtil.createFilter(filter);
			} catch (InvalidSyntaxException e) {
				throw new ConfigRejected(origin, key, filter, "not a valid LDAP filter: " + e.getMessage());
			}
			targets.put(key, filter);
		}
		String taps = c.taps_target();
		if (taps != null && !taps.equals(BackendComponent.UNSELECTED)) {
			try {
				FrameworkUtil.createFilter(taps);
			} catch (InvalidSyntaxException e) {
				throw new ConfigRejected(origin, "taps.target", taps, "not a valid LDAP filter (e.g. (genlock.tap.id=srt1)): "
						+ e.getMessage());
			}
		}
		String programText = c.program() == null ? "" : c.program().strip();
		int budget = check.range("render.budget.ms", c.render_budget_ms(), 10, 60_000);
		int stall = check.range("renderer.timeout.ms", c.renderer_timeout_ms(), 50, 60_000);
		java.util.List<String> chain = new java.util.ArrayList<>();
		for (String f : c.renderer_fallback() == null ? new String[0] : c.renderer_fallback()) {
			String rid = f == null ? "" : f.strip();
			if (!RENDERER_ID.matcher(rid).matches()) {
				throw check.reject("renderer.fallback", f, "renderer ids (1 to 64 of A-Z, a-z, 0-9, '.', '_', '-')");
			}
			chain.add(rid);
		}
		RenderFeed.Settings render = new RenderFeed.Settings(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(budget),
				java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(stall), chain, RenderFeed.Settings.DEFAULTS.retryNanos());
		java.util.List<String> policies = new java.util.ArrayList<>();
		for (String f : c.policy_fallback() == null ? new String[0] : c.policy_fallback()) {
			String pid = f == null ? "" : f.strip();
			if (!RENDERER_ID.matcher(pid).matches()) {
				throw check.reject("policy.fallback", f, "policy ids (1 to 64 of A-Z, a-z, 0-9, '.', '_', '-')");
			}
			policies.add(pid);
		}
		KeyerMode keyer = check.parse("keyer", c.keyer(), KeyerMode::parse);
		if (!AUDIO_CHANNELS.contains(c.audio_channels())) {
			throw check.reject("audio.channels", String.valueOf(c.audio_channels()), "one of 0, 2, 4, 6, 8, 12, 16");
		}
		int keyerLevel = check.range("keyer.level", c.keyer_level(), 0, 255);
		return new ChannelSettings(id.strip(), format, c.keying(), program, programText, c.autostart(),
				Map.copyOf(targets), render, keyer, keyerLevel, java.util.List.copyOf(policies), c.audio_channels());
	}

	/**
	 * The settings a channel runs on when its first configuration was rejected: defaults,
	 * with an id derived from the factory configuration name, and no autostart.
	 */
	static ChannelSettings fallback(String pid) {
		String name = pid == null ? "" : pid.substring(pid.indexOf('~') + 1).toLowerCase(java.util.Locale.ROOT)
				.replaceAll("[^a-z0-9-]", "-");
		if (name.isEmpty()) {
			name = "unconfigured";
		}
		if (name.length() > 32) {
			name = name.substring(0, 32);
		}
		return new ChannelSettings(name, VideoFormat.parse("1080p50"), false, Program.EMPTY, "", false, Map.of(),
				RenderFeed.Settings.DEFAULTS, KeyerMode.OFF, 255, java.util.List.of(), 2);
	}

	/** These settings, but with the format that stays in force. */
	ChannelSettings withFormat(VideoFormat kept) {
		return new ChannelSettings(channelId, kept, keying, program, programText, autostart, targets, render, keyer,
				keyerLevel, policyFallback, audioChannels);
	}

	Channel.Setup setup() {
		return new Channel.Setup(format, keying, keyer, keyerLevel, audioChannels);
	}
}
