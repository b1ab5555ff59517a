package org.genlock.backend.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The configuration of one channel: factory PID {@code genlock.channel}, one factory
 * configuration per channel (e.g. {@code genlock.channel~ch1.cfg}).
 */
@ObjectClassDefinition(pid = ChannelConfig.PID, name = "Genlock channel",
		description = "One output channel: which device, renderer, policy and strategy it binds, its format and program.")
public @interface ChannelConfig {

	/** The factory PID. */
	String PID = "genlock.channel";

	@AttributeDefinition(name = "Channel id", description = "Identifies the channel in consoles, telemetry and "
			+ "logs: 1 to 32 of a-z, 0-9 and '-'. Cannot change while the channel exists.")
	String channel_id();

	@AttributeDefinition(name = "Format", description = "Video format, e.g. 1080p50, 1080i5994, 720p5994, "
			+ "2160p60 or 1024x768p60 (BGRA8). A change restarts the channel.")
	String format() default "1080p50";

	@AttributeDefinition(name = "Keying", description = "Whether the output is keyed downstream (alpha used); "
			+ "the built-in underrun fill is then transparent black.")
	boolean keying() default false;

	@AttributeDefinition(name = "Keyer", description = "The device's keyer: off, internal (key over the device's "
			+ "input) or external (fill and key outputs); needs a device with a keyer and BGRA8. Fills become "
			+ "key-safe black. A change restarts the channel.")
	String keyer() default "off";

	@AttributeDefinition(name = "Keyer level", description = "The key's opacity, 0 to 255.")
	int keyer_level() default 255;

	@AttributeDefinition(name = "Program", description = "Layers bottom to top separated by '|', each "
			+ "shaderId, shaderId(name=value, ...) and an optional @opacity, e.g. bars | timecode(size=1.5)@1.0, "
			+ "then optionally '; audio:' and audio sources mixed with '+', e.g. ; audio: lineup(level=-18). "
			+ "A change applies at the next frame without a restart.")
	String program() default "";

	@AttributeDefinition(name = "Audio channels", description = "Embedded audio channels (48 kHz, 24 bit) every "
			+ "frame carries: 0 (none), 2, 4, 6, 8, 12 or 16. The program's audio layers fill them. A change restarts "
			+ "the channel.", options = {
					@org.osgi.service.metatype.annotations.Option(value = "0"),
					@org.osgi.service.metatype.annotations.Option(value = "2"),
					@org.osgi.service.metatype.annotations.Option(value = "4"),
					@org.osgi.service.metatype.annotations.Option(value = "6"),
					@org.osgi.service.metatype.annotations.Option(value = "8"),
					@org.osgi.service.metatype.annotations.Option(value = "12"),
					@org.osgi.service.metatype.annotations.Option(value = "16") })
	int audio_channels() default 2;

	@AttributeDefinition(name = "Start automatically", description = "Go on air when the channel is created.")
	boolean autostart() default true;

	@AttributeDefinition(name = "Most layers", description = "The most layers a program may have (1 to 256); "
			+ "a longer program is rejected and the previous one stays on air.")
	int max_layers() default 16;

	// No defaults for the targets: a match-anything default would bind whichever provider
	// registered first. A channel configuration without all four is incomplete and rejected.

	@AttributeDefinition(name = "Device filter", description = "LDAP filter selecting the output device service, "
			+ "e.g. (genlock.device.id=clock). Required.")
	String device_target();

	@AttributeDefinition(name = "Renderer filter", description = "LDAP filter selecting the renderer service, "
			+ "e.g. (genlock.renderer.id=software). Required.")
	String renderer_target();

	@AttributeDefinition(name = "Policy filter", description = "LDAP filter selecting the playout policy service, "
			+ "e.g. (genlock.policy.id=standard). Required.")
	String policy_target();

	@AttributeDefinition(name = "Strategy filter", description = "LDAP filter selecting the underrun strategy "
			+ "service, e.g. (genlock.strategy.id=repeat). Required.")
	String strategy_target();

	@AttributeDefinition(name = "Taps filter", description = "LDAP filter selecting the taps: outputs fed with "
			+ "every aired frame besides the device, e.g. (genlock.tap.id=srt1) or "
			+ "(|(genlock.tap.id=srt1)(genlock.tap.id=rec)). Optional: without it the channel has no taps. A change "
			+ "adds or removes taps live.", required = false)
	String taps_target() default BackendComponent.UNSELECTED;

	@AttributeDefinition(name = "Render budget (ms)", description = "Longest one frame may render: a render still "
			+ "outstanding then is abandoned (renderers are told the deadline and may stop early). 10 to 60000.",
			min = "10", max = "60000")
	int render_budget_ms() default 500;

	@AttributeDefinition(name = "Renderer stall timeout (ms)", description = "An on-air renderer that delivers no "
			+ "frame for this long is replaced by the renderer that aired before it, or the fallback chain. 50 to 60000.",
			min = "50", max = "60000")
	int renderer_timeout_ms() default 500;

	@AttributeDefinition(name = "Renderer fallback chain", description = "Renderer ids to fall back to, in order, "
			+ "after the renderer that aired before the stalled one, e.g. software.", cardinality = 16, required = false)
	String[] renderer_fallback() default {};

	@AttributeDefinition(name = "Policy fallback", description = "Playout policy ids to use, in order, while no "
			+ "policy matches the policy filter (e.g. the selected policy's bundle was removed or stopped), e.g. "
			+ "standard. Empty: the channel keeps the last settings with no policy.", cardinality = 16, required = false)
	String[] policy_fallback() default {};
}
