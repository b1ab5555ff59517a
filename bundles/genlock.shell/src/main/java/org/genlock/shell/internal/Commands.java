package org.genlock.shell.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.felix.service.command.Descriptor;
import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.FrameCounters;
import org.genlock.api.backend.PoolStatus;
import org.genlock.api.control.ChannelControl;
import org.genlock.api.control.ChannelView;
import org.genlock.api.control.ControlException;
import org.genlock.api.control.ProviderKind;
import org.genlock.api.control.ProviderView;
import org.genlock.api.control.Selection;
import org.genlock.api.telemetry.SwapObservation;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands in scope {@code genlock}: the shell face of {@link ChannelControl}, so a
 * change made here is validated and persisted exactly as one made in the Web Console.
 * A rejected command throws with the reason and the allowed values, which Gogo prints and
 * scripts see as a failure. No command shares a name with a Felix command: an unscoped
 * {@code stop 11} must keep stopping bundle 11.
 */
@Component(service = Commands.class, property = { "osgi.command.scope=genlock",
		"osgi.command.function=channels", "osgi.command.function=status", "osgi.command.function=policy",
		"osgi.command.function=strategy", "osgi.command.function=renderer", "osgi.command.function=device",
		"osgi.command.function=program", "osgi.command.function=onair", "osgi.command.function=offair",
		"osgi.command.function=providers" })
public class Commands {

	private final ChannelControl control;

	@Activate
	public Commands(@Reference ChannelControl control) {
		this.control = control;
	}

	@Descriptor("lists the channels: state, format, bound services, display index and frame counters")
	public String channels() throws ControlException {
		StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-12s %-12s %-7s %-10s %-10s %-11s %-9s %12s %10s %9s %6s %8s%n",
				"CHANNEL", "STATE", "TALLY", "FORMAT", "RENDERER", "POLICY", "STRATEGY", "INDEX", "FRESH", "NON-FRESH",
				"LATE", "DROPPED"));
		for (String id : control.channelIds()) {
			ChannelStatus s = control.channel(id).status();
			FrameCounters c = s.counters();
			b.append(String.format(Locale.ROOT, "%-12s %-12s %-7s %-10s %-10s %-11s %-9s %12d %10d %9d %6d %8d%n", id,
					s.state(), s.state().isOnAir() ? "ON AIR" : "off", s.format() == null ? "-" : s.format().name(),
					dash(s.rendererId()), dash(s.policyId()), dash(s.strategyId()), s.displayIndex(), c.fresh(),
					nonFresh(c), c.late(), c.dropped()));
		}
		return b.toString();
	}

	@Descriptor("shows one channel in full: state, format, bindings with their bundles, queue, pool, counters, swaps")
	public String status(@Descriptor("channel id") String channel) throws ControlException {
		ChannelView v = control.channel(channel);
		ChannelStatus s = v.status();
		FrameCounters c = s.counters();
		PoolStatus p = s.pool();
		StringBuilder b = new StringBuilder();
		b.append("channel ").append(s.channelId()).append(": ").append(s.state())
				.append(s.state().isOnAir() ? " (ON AIR)" : " (off air)").append('\n');
		b.append("  format        ").append(s.format() == null ? "-" : s.format().name() + " " + s.format().pixelFormat())
				.append(", display index ").append(s.displayIndex()).append('\n');
		b.append("  program       ").append(v.program().isEmpty() ? "(no layers)" : v.program()).append('\n');
		for (Selection sel : v.selections()) {
			b.append(String.format(Locale.ROOT, "  %-13s %s%s%n", sel.kind().label(), sel.bound() == null
					? "(none bound: built-in fallback)"
					: sel.bound().id() + "  [" + sel.bound().bundle() + " " + sel.bound().bundleVersion() + ", bundle "
							+ sel.bound().bundleId() + "]",
					sel.target() == null ? "" : "  target " + sel.target()));
		}
		b.append("  ready queue   ").append(s.readyDepth()).append(" of target ").append(s.readyTarget())
				.append(", capacity ").append(s.readyCapacity()).append('\n');
		b.append("  pool          ").append(p.free()).append(" free, ").append(p.rendering()).append(" rendering, ")
				.append(p.ready()).append(" ready, ").append(p.scheduled()).append(" scheduled, ").append(p.parked())
				.append(" parked of ").append(p.size()).append(p.invariantHolds() ? "" : "  (INVARIANT BROKEN)")
				.append('\n');
		b.append("  frames        ").append(c.framesAired()).append(" aired: ").append(c.fresh()).append(" fresh, ")
				.append(c.repeated()).append(" repeated, ").append(c.black()).append(" black, ").append(c.slate())
				.append(" slate; ").append(c.late()).append(" late, ").append(c.dropped()).append(" dropped, ")
				.append(c.skipped()).append(" skipped, ").append(c.underruns()).append(" underruns\n");
		List<SwapObservation> swaps = v.swaps();
		if (!swaps.isEmpty()) {
			b.append("  last swaps\n");
			for (SwapObservation w : swaps) {
				b.append("    ").append(w.time()).append("  ").append(w.kind().name().toLowerCase(Locale.ROOT))
						.append(' ').append(dash(w.fromId())).append(" -> ").append(dash(w.toId()))
						.append(w.atDisplayIndex() < 0 ? "" : " at display index " + w.atDisplayIndex()).append('\n');
			}
		}
		return b.toString();
	}

	@Descriptor("shows the channel's playout policy and those registered")
	public String policy(@Descriptor("channel id") String channel) throws ControlException {
		return show(channel, ProviderKind.POLICY);
	}

	@Descriptor("selects the channel's playout policy (persisted; live at the next frame boundary)")
	public String policy(@Descriptor("channel id") String channel, @Descriptor("policy id, e.g. standard or lowlatency") String id)
			throws ControlException {
		return select(channel, ProviderKind.POLICY, id);
	}

	@Descriptor("shows the channel's underrun strategy and those registered")
	public String strategy(@Descriptor("channel id") String channel) throws ControlException {
		return show(channel, ProviderKind.STRATEGY);
	}

	@Descriptor("selects the channel's underrun strategy (persisted; live at the next frame boundary)")
	public String strategy(@Descriptor("channel id") String channel,
			@Descriptor("strategy id, e.g. repeat, black or slate") String id) throws ControlException {
		return select(channel, ProviderKind.STRATEGY, id);
	}

	@Descriptor("shows the channel's renderer and those registered")
	public String renderer(@Descriptor("channel id") String channel) throws ControlException {
		return show(channel, ProviderKind.RENDERER);
	}

	@Descriptor("selects the channel's renderer (persisted; live at the next frame boundary)")
	public String renderer(@Descriptor("channel id") String channel, @Descriptor("renderer id, e.g. software or gl") String id)
			throws ControlException {
		return select(channel, ProviderKind.RENDERER, id);
	}

	@Descriptor("shows the channel's output device and those registered")
	public String device(@Descriptor("channel id") String channel) throws ControlException {
		return show(channel, ProviderKind.DEVICE);
	}

	@Descriptor("selects the channel's output device (persisted; the channel re-opens on the new device)")
	public String device(@Descriptor("channel id") String channel, @Descriptor("device id, e.g. clock") String id)
			throws ControlException {
		return select(channel, ProviderKind.DEVICE, id);
	}

	@Descriptor("shows the channel's program")
	public String program(@Descriptor("channel id") String channel) throws ControlException {
		String p = control.channel(channel).program();
		return "channel " + channel + " program: " + (p.isEmpty() ? "(no layers)" : p);
	}

	@Descriptor("sets the channel's program; quote it, e.g. genlock:program ch1 \"bars | timecode(size=1.5)@0.8\"")
	public String program(@Descriptor("channel id") String channel,
			@Descriptor("layers bottom to top: shader[(name=value, ...)][@opacity] | ...") String program)
			throws ControlException {
		return "channel " + channel + " program set: " + control.program(channel, program);
	}

	@Descriptor("asks the channel to go on air (named so that Gogo's start and stop stay the bundle commands)")
	public String onair(@Descriptor("channel id") String channel) throws ControlException {
		control.start(channel);
		return "channel " + channel + ": start requested";
	}

	@Descriptor("asks the channel to go off air")
	public String offair(@Descriptor("channel id") String channel) throws ControlException {
		control.stop(channel);
		return "channel " + channel + ": stop requested";
	}

	@Descriptor("lists every registered device, renderer, policy, strategy and shader with its bundle")
	public String providers() {
		StringBuilder b = new StringBuilder();
		for (ProviderKind k : ProviderKind.values()) {
			b.append(list(k));
		}
		return b.toString();
	}

	@Descriptor("lists the registered providers of one kind with their bundles")
	public String providers(@Descriptor("device, renderer, policy, strategy or shader") String kind) {
		return list(ProviderKind.ofLabel(kind));
	}

	private String list(ProviderKind k) {
		StringBuilder b = new StringBuilder(k.label()).append(":\n");
		List<ProviderView> all = control.providers(k);
		if (all.isEmpty()) {
			b.append("  (none registered)\n");
		}
		for (ProviderView v : all) {
			b.append(String.format(Locale.ROOT, "  %-12s %-24s %s %s (bundle %d, service %d)%n", v.id(), v.name(),
					v.bundle(), v.bundleVersion(), v.bundleId(), v.serviceId()));
		}
		return b.toString();
	}

	private String show(String channel, ProviderKind kind) throws ControlException {
		Selection s = control.channel(channel).selection(kind);
		List<String> ids = control.providers(kind).stream().map(ProviderView::id).distinct().toList();
		return "channel " + channel + " " + kind.label() + ": " + Optional.ofNullable(s.bound())
				.map(v -> v.id() + " [" + v.bundle() + " " + v.bundleVersion() + "]").orElse("(none bound)")
				+ (s.target() == null ? "" : ", target " + s.target()) + "\nregistered: "
				+ (ids.isEmpty() ? "(none)" : String.join(", ", ids));
	}

	private String select(String channel, ProviderKind kind, String id) throws ControlException {
		control.select(channel, kind, id);
		return "channel " + channel + ": " + kind.label() + " " + id + " selected; it goes to air at the next frame boundary";
	}

	private static String dash(String s) {
		return s == null ? "-" : s;
	}

	private static long nonFresh(FrameCounters c) {
		return c.repeated() + c.black() + c.slate();
	}
}
