package org.genlock.ops.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.genlock.api.backend.VideoBackend;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness and readiness as two {@link BooleanSupplier} services ({@value #PROPERTY} = live or
 * ready), a Java type every bundle sees, so the HTTP probes (genlock.probes, only in the
 * distribution with an HTTP server) need no exported package. Alive: no playing channel's
 * completion worker has stalled for {@link #STALL_SECONDS} s. Ready: started, and every
 * autostart channel on air.
 */
@Component(immediate = true, service = {})
public class Probes {

	static final String PROPERTY = "genlock.probe";
	static final long STALL_SECONDS = 5;
	private static final Logger LOG = LoggerFactory.getLogger(Probes.class);

	private final List<VideoBackend> backends = new CopyOnWriteArrayList<>();

	@Reference
	ConfigurationAdmin configAdmin;

	private ServiceRegistration<BooleanSupplier> live;
	private ServiceRegistration<BooleanSupplier> ready;

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addBackend(VideoBackend backend) {
		backends.add(backend);
	}

	void removeBackend(VideoBackend backend) {
		backends.remove(backend);
	}

	@Activate
	void activate(BundleContext context) {
		ChannelWatch watch = new ChannelWatch(context, configAdmin, backends);
		long stall = TimeUnit.SECONDS.toNanos(STALL_SECONDS);
		live = context.registerService(BooleanSupplier.class, () -> answer(() -> watch.look(stall).hung() == null),
				properties("live"));
		ready = context.registerService(BooleanSupplier.class, () -> answer(() -> watch.look(stall).ready()),
				properties("ready"));
	}

	@Deactivate
	void deactivate() {
		live.unregister();
		ready.unregister();
	}

	private interface Question {
		boolean ask() throws Exception;
	}

	/** A look that fails is a "no", logged. */
	private static boolean answer(Question q) {
		try {
			return q.ask();
		} catch (Exception e) {
			LOG.warn("probe failed: {}", e.toString());
			return false;
		}
	}

	private static Dictionary<String, Object> properties(String kind) {
		Hashtable<String, Object> p = new Hashtable<>();
		p.put(PROPERTY, kind);
		return p;
	}
}
