package org.genlock.shader.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.genlock.api.shader.ShaderProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound shader services of a renderer by id, published as an immutable snapshot (copy on write), so a
 * session reads one volatile field per frame and re-resolves its program only when the
 * snapshot changed. For an id offered by several services the highest service ranking wins,
 * then the most recently bound.
 */
public final class ShaderRegistry {

	/** The service property carrying a shader's id. */
	public static final String SHADER_ID_PROPERTY = "genlock.shader.id";

	private static final Logger LOG = LoggerFactory.getLogger(ShaderRegistry.class);

	/** An immutable view of the bound shaders; a new instance on every change. */
	public record Snapshot(Map<String, ShaderProvider> byId) {
		public static final Snapshot EMPTY = new Snapshot(Map.of());
	}

	private record Bound(ShaderProvider provider, String id, int ranking, long order) {}

	private final List<Bound> bound = new ArrayList<>(); // guarded by this
	private long order;
	private volatile Snapshot snapshot = Snapshot.EMPTY;
	private final Set<String> reported = ConcurrentHashMap.newKeySet();

	public Snapshot snapshot() {
		return snapshot;
	}

	public synchronized void add(ShaderProvider provider, Map<String, ?> properties) {
		String id;
		try {
			id = provider.info().id();
		} catch (RuntimeException e) {
			LOG.error("Shader service {} is ignored: its info() failed: {}", properties.get("service.id"), e.toString());
			return;
		}
		Object declared = properties.get(SHADER_ID_PROPERTY);
		if (declared != null && !id.equals(String.valueOf(declared))) {
			LOG.warn("Shader service {} has genlock.shader.id={} but reports id {}; layers find it by {}",
					properties.get("service.id"), declared, id, id);
		}
		int ranking = properties.get("service.ranking") instanceof Integer r ? r : 0;
		bound.add(new Bound(provider, id, ranking, order++));
		// A shader that comes back is reported again if it goes missing later.
		reported.removeIf(key -> key.endsWith("\u0000" + id));
		publish();
	}

	public synchronized void remove(ShaderProvider provider) {
		if (bound.removeIf(b -> b.provider == provider)) {
			publish();
		}
	}

	private void publish() {
		Map<String, Bound> best = new HashMap<>();
		for (Bound b : bound) {
			best.merge(b.id, b, (old, now) -> now.ranking > old.ranking
					|| (now.ranking == old.ranking && now.order > old.order) ? now : old);
		}
		Map<String, ShaderProvider> byId = new HashMap<>();
		best.forEach((id, b) -> byId.put(id, b.provider));
		snapshot = new Snapshot(Collections.unmodifiableMap(byId));
	}

	/**
	 * Returns {@code true} the first time a problem with a shader id is reported, so each
	 * distinct problem is logged once, not per frame or per session.
	 *
	 * @param problem a short key for the kind of problem
	 * @param id      the shader id
	 * @return whether to log it
	 */
	public boolean firstReport(String problem, String id) {
		return reported.add(problem + "\u0000" + id);
	}
}
