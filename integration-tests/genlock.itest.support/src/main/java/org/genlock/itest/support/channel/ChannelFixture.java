package org.genlock.itest.support.channel;

import java.io.IOException;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.VideoBackend;
import org.genlock.api.device.VideoOutputDevice;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Creates a channel (factory configuration {@code genlock.channel}) on the paced clock device
 * with the software renderer, the standard policy and the repeat strategy, and waits for it
 * to go on air. The policy gets a 120 ms preroll: these tests run on shared 2-core machines.
 */
public final class ChannelFixture implements AutoCloseable {

	/** Generous bound for anything asynchronous (configuration delivery, start-up). */
	public static final long TIMEOUT_MS = 30_000;
	public static final Set<BackendState> ON_AIR = EnumSet.of(BackendState.RUNNING, BackendState.DEGRADED);

	private final BundleContext context;
	private final ConfigurationAdmin cm;
	private final String channelId;
	private Configuration channel;

	public ChannelFixture(BundleContext context, ConfigurationAdmin cm, String channelId) {
		this.context = context;
		this.cm = cm;
		this.channelId = channelId;
	}

	public String channelId() {
		return channelId;
	}

	/** Configures the clock device (paced, discarding), the standard policy, and the channel. */
	public ChannelFixture start(String format, String program) throws Exception {
		return start(format, program, "standard", Map.of());
	}

	/**
	 * As {@link #start(String, String)}, with the channel on the policy {@code policyId} (the
	 * standard policy keeps its 120 ms preroll; any other policy runs on its own configuration).
	 */
	public ChannelFixture start(String format, String program, String policyId) throws Exception {
		return start(format, program, policyId, Map.of());
	}

	/**
	 * Like {@link #start(String, String)}, with channel keys set or replaced by
	 * {@code channelKeys} (e.g. {@code renderer.target}, {@code render.budget.ms}).
	 */
	public ChannelFixture start(String format, String program, Map<String, Object> channelKeys) throws Exception {
		return start(format, program, "standard", channelKeys);
	}

	private ChannelFixture start(String format, String program, String policyId, Map<String, Object> channelKeys)
			throws Exception {
		configureClock(cm, Map.of());
		Dictionary<String, Object> policy = new Hashtable<>();
		policy.put("prerollFrames", 6);
		policy.put("targetReadyFrames", 4);
		policy.put("maxReadyFrames", 6);
		policy.put("maxHeadroomFrames", 6);
		cm.getConfiguration("genlock.policy.standard", "?").update(policy);
		await("clock device registered", () -> {
			try {
				return !context.getServiceReferences(VideoOutputDevice.class, "(genlock.device.id=clock)").isEmpty();
			} catch (Exception e) {
				return false;
			}
		});
		Dictionary<String, Object> ch = new Hashtable<>();
		ch.put("channel.id", channelId);
		ch.put("format", format);
		ch.put("program", program);
		ch.put("device.target", "(genlock.device.id=clock)");
		ch.put("renderer.target", "(genlock.renderer.id=software)");
		ch.put("policy.target", "(genlock.policy.id=" + policyId + ")");
		ch.put("strategy.target", "(genlock.strategy.id=repeat)");
		channelKeys.forEach(ch::put);
		channel = cm.getFactoryConfiguration("genlock.channel", channelId, "?");
		channel.update(ch);
		await("channel " + channelId + " on air", () -> {
			VideoBackend b = backendOrNull();
			return b != null && ON_AIR.contains(b.state());
		});
		return this;
	}

	/** Sets channel keys live, as an operator editing the channel's file would. */
	public void set(String key, Object value) throws Exception {
		Configuration c = cm.getFactoryConfiguration("genlock.channel", channelId, "?");
		Dictionary<String, Object> ch = c.getProperties();
		ch.put(key, value);
		c.update(ch);
	}

	/** Waits until the channel is on air with frames from {@code rendererId}; returns its backend. */
	public VideoBackend awaitOnAirWith(String rendererId) throws InterruptedException {
		await("channel " + channelId + " on air with " + rendererId, () -> {
			VideoBackend b = backendOrNull();
			return b != null && ON_AIR.contains(b.state()) && rendererId.equals(b.status().render().onAirRendererId());
		});
		return backend();
	}

	/** Deletes the channel now and waits until its backend is gone (e.g. to measure without it). */
	public void remove() throws Exception {
		if (channel != null) {
			channel.delete();
			channel = null;
			await("channel " + channelId + " gone", () -> backendOrNull() == null);
		}
	}

	/**
	 * Configures the clock device as the fixture runs it (id clock, paced, discarding, no
	 * snapshot) plus {@code extra}, e.g. its fault injection keys.
	 */
	public static void configureClock(ConfigurationAdmin cm, Map<String, Object> extra) throws IOException {
		Dictionary<String, Object> device = new Hashtable<>();
		device.put("id", "clock");
		device.put("mode", "paced");
		device.put("sink", "discard");
		device.put("snapshot.path", "");
		extra.forEach(device::put);
		cm.getConfiguration("genlock.device.clock", "?").update(device);
	}

	/** The channel's configuration as Configuration Admin holds it now. */
	public Dictionary<String, Object> configuration() throws Exception {
		return cm.getFactoryConfiguration("genlock.channel", channelId, "?").getProperties();
	}

	public VideoBackend backend() {
		VideoBackend b = backendOrNull();
		if (b == null) {
			throw new AssertionError("no VideoBackend service for channel " + channelId);
		}
		return b;
	}

	private VideoBackend backendOrNull() {
		try {
			for (ServiceReference<VideoBackend> ref : context.getServiceReferences(VideoBackend.class, null)) {
				VideoBackend b = context.getService(ref);
				if (b != null && channelId.equals(b.channelId())) {
					return b;
				}
			}
		} catch (Exception e) {
			throw new AssertionError(e);
		}
		return null;
	}

	public Bundle bundle(String symbolicName) {
		for (Bundle b : context.getBundles()) {
			if (symbolicName.equals(b.getSymbolicName())) {
				return b;
			}
		}
		throw new AssertionError("no bundle " + symbolicName);
	}

	/** Polls until the condition holds; fails naming it after {@link #TIMEOUT_MS}. */
	public static void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError(what + ": not within " + TIMEOUT_MS + " ms");
			}
			Thread.sleep(20);
		}
	}

	/** Deletes the channel configuration and starts any genlock bundle a test left stopped. */
	@Override
	public void close() throws Exception {
		remove(); // deactivation is asynchronous: the next test's channel of the same id must not meet this one
		for (Bundle b : context.getBundles()) {
			if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("genlock.")
					&& b.getState() == Bundle.RESOLVED) {
				b.start();
			}
		}
	}
}
