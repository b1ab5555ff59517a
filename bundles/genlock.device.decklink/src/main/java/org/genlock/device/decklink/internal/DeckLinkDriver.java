package org.genlock.device.decklink.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.genlock.api.device.VideoOutputDevice;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.Callback;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Loads the DeckLink driver library through JNA, follows the driver's device discovery and
 * registers one {@link VideoOutputDevice} service per DeckLink output
 * ({@code genlock.device.id = decklink-<persistent id in hex>}); a card that goes away is
 * unregistered and its open session fails, a card that comes back registers again.
 *
 * <p>Without the driver (no Blackmagic Desktop Video installed) the component logs one INFO
 * line and registers nothing: the platform runs without DeckLink.
 */
@Component(immediate = true, service = {}, configurationPid = DeckLinkSettings.PID,
		configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DeckLinkConfig.class)
public class DeckLinkDriver {

	private static final Logger LOG = LoggerFactory.getLogger(DeckLinkDriver.class);

	interface DeviceNotification extends Callback {
		int invoke(Pointer self, Pointer deckLink);
	}

	/**
	 * Every driver library loaded, kept reachable for good: JNA unloads (dlclose) a library whose
	 * NativeLibrary is garbage-collected, and the driver's own threads (playback, notifications)
	 * would then run unmapped code and take the JVM down.
	 */
	private static final Set<NativeLibrary> LOADED = ConcurrentHashMap.newKeySet();

	private volatile DeckLinkSettings settings = DeckLinkSettings.DEFAULTS;
	private BundleContext context;
	private ExecutorService events;
	private Pointer discovery;
	private CallbackObject notifications;
	private final Map<Long, Registered> devices = new ConcurrentHashMap<>();

	private record Registered(DeckLinkOutput output, ServiceRegistration<VideoOutputDevice> registration) {
	}

	@Activate
	void activate(BundleContext bundleContext, Map<String, Object> properties) {
		try {
			settings = DeckLinkSettings.parse(properties);
		} catch (IllegalArgumentException e) {
			LOG.error("{}; using the defaults", e.getMessage());
		}
		context = bundleContext;
		startDriver();
	}

	private synchronized void startDriver() {
		Function createDiscovery = load(settings.libraryPath());
		if (createDiscovery == null) {
			return;
		}
		events = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "genlock-decklink-discovery");
			t.setDaemon(true);
			return t;
		});
		discovery = createDiscovery.invokePointer(new Object[0]);
		if (discovery == null) {
			LOG.info("{}: the DeckLink driver created no device discovery; no DeckLink outputs", DeckLinkSettings.PID);
			return;
		}
		notifications = new CallbackObject(Sdk.IID_DEVICE_NOTIFICATION_CALLBACK, List.of(
				(DeviceNotification) (self, deckLink) -> arrived(deckLink),
				(DeviceNotification) (self, deckLink) -> removed(deckLink)), "genlock-decklink-notify");
		int hr = Com.call(discovery, Sdk.DISCOVERY_INSTALL, notifications.pointer());
		if (hr != Sdk.S_OK) {
			LOG.warn("{}: the DeckLink driver refused device notifications ({}); no DeckLink outputs",
					DeckLinkSettings.PID, Com.hresult(hr));
		}
	}

	/** The driver's discovery entry point, or null after one INFO line saying why not. */
	private static Function load(String path) {
		NativeLibrary lib;
		try {
			lib = NativeLibrary.getInstance(path);
		} catch (UnsatisfiedLinkError e) {
			LOG.info("{}: no DeckLink driver ({} could not be loaded: {}); DeckLink outputs are off. Install Blackmagic "
					+ "Desktop Video or set library.path", DeckLinkSettings.PID, path, firstLine(e.getMessage()));
			return null;
		}
		LOADED.add(lib);
		try {
			Function f = lib.getFunction(Sdk.CREATE_DISCOVERY);
			LOG.info("{}: DeckLink driver {} loaded ({} ABI)", DeckLinkSettings.PID, lib.getFile() != null
					? lib.getFile() : path, Sdk.ABI);
			return f;
		} catch (UnsatisfiedLinkError e) {
			LOG.info("{}: the DeckLink driver {} lacks {} (Genlock needs the {} ABI); DeckLink outputs are off. Update "
					+ "Blackmagic Desktop Video", DeckLinkSettings.PID, path, Sdk.CREATE_DISCOVERY, Sdk.ABI);
			return null;
		}
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "unknown reason";
		}
		String s = message.strip();
		int nl = s.indexOf('\n');
		s = nl < 0 ? s : s.substring(0, nl);
		return s.length() > 200 ? s.substring(0, 200) + "..." : s;
	}

	@Modified
	void modified(Map<String, Object> properties) {
		DeckLinkSettings next;
		try {
			next = DeckLinkSettings.parse(properties);
		} catch (IllegalArgumentException e) {
			LOG.error("{}; the previous configuration stays in force", e.getMessage());
			return;
		}
		DeckLinkSettings before = settings;
		settings = next;
		if (!next.libraryPath().equals(before.libraryPath())) {
			LOG.info("{}: library.path changed to {}; reloading the driver (open sessions on the old one end)",
					DeckLinkSettings.PID, next.libraryPath());
			stopDriver();
			startDriver();
			return;
		}
		LOG.info("{}: configuration applied (maxBufferedFrames {}); devices registered from now on use it",
				DeckLinkSettings.PID, next.maxBufferedFrames());
	}

	@Deactivate
	void deactivate() {
		stopDriver();
		context = null;
	}

	private synchronized void stopDriver() {
		if (discovery != null) {
			Com.call(discovery, Sdk.DISCOVERY_UNINSTALL);
			Com.release(discovery);
			discovery = null;
		}
		if (events != null) {
			events.shutdown();
			try {
				events.awaitTermination(10, TimeUnit.SECONDS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		for (Long key : List.copyOf(devices.keySet())) {
			Registered r = devices.remove(key);
			unregister(r);
			r.output().shutdown();
			r.output().dispose();
		}
		events = null;
	}

	// ------------------------------------------------------------ driver's notification thread

	private int arrived(Pointer deckLink) {
		Com.addRef(deckLink); // until the event is handled
		submit(() -> {
			try {
				register(deckLink);
			} finally {
				Com.release(deckLink);
			}
		});
		return Sdk.S_OK;
	}

	private int removed(Pointer deckLink) {
		long key = Pointer.nativeValue(deckLink);
		submit(() -> {
			Registered r = devices.remove(key);
			if (r != null) {
				LOG.info("{}: DeckLink {} ({}) was removed; its service is unregistered", DeckLinkSettings.PID,
						r.output().info().id(), r.output().info().name());
				unregister(r);
				r.output().removed();
				r.output().dispose();
			}
		});
		return Sdk.S_OK;
	}

	private void submit(Runnable task) {
		ExecutorService e = events;
		if (e != null && !e.isShutdown()) {
			try {
				e.execute(task);
			} catch (java.util.concurrent.RejectedExecutionException stopping) {
				// the bundle is stopping
			}
		}
	}

	// ------------------------------------------------------------ discovery thread

	private void register(Pointer deckLink) {
		long key = Pointer.nativeValue(deckLink);
		if (devices.containsKey(key) || context == null) {
			return;
		}
		DeckLinkOutput out = DeckLinkOutput.probe(deckLink, () -> settings);
		if (out == null) {
			return;
		}
		Dictionary<String, Object> props = new Hashtable<>();
		props.put("genlock.device.id", out.info().id());
		props.put(Constants.SERVICE_DESCRIPTION, out.info().name());
		props.put("genlock.device.reference", out.referenceText());
		ServiceRegistration<VideoOutputDevice> reg;
		try {
			reg = context.registerService(VideoOutputDevice.class, out, props);
		} catch (IllegalStateException stopping) {
			out.dispose();
			return;
		}
		devices.put(key, new Registered(out, reg));
		LOG.info("{}: DeckLink {} ({}) registered: {} formats, keyer {}, reference {}", DeckLinkSettings.PID,
				out.info().id(), out.info().name(), out.info().supportedFormats().size(),
				out.info().keying() ? "yes" : "no", out.referenceText());
	}

	private static void unregister(Registered r) {
		try {
			r.registration().unregister();
		} catch (IllegalStateException alreadyGone) {
			// the bundle is stopping
		}
	}
}
