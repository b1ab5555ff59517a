package org.genlock.backend.internal;

import org.genlock.api.device.VideoOutputDevice;
import org.genlock.api.playout.PlayoutPolicy;
import org.genlock.api.playout.UnderrunStrategy;
import org.genlock.api.render.Renderer;
import org.genlock.api.telemetry.SwapKind;

/**
 * The channel's swappable services. DS bind, unbind and updated callbacks land here (on
 * whatever thread DS uses); each one replaces the immutable {@link Binding} of that kind
 * with a new generation in one volatile write and tells the listener. With a greedy
 * reference DS binds the replacement before unbinding the old service; an unbind of a
 * service that is no longer the bound one is ignored.
 */
final class ServiceBindings {

	/** Told about every change, after it happened. Must not block. */
	interface Listener {
		void changed(SwapKind kind, Binding<?> before, Binding<?> after);
	}

	private volatile Binding<VideoOutputDevice> device = Binding.none();
	private volatile Binding<Renderer> renderer = Binding.none();
	private volatile Binding<PlayoutPolicy> policy = Binding.none();
	private volatile Binding<UnderrunStrategy> strategy = Binding.none();
	private volatile Listener listener = (k, b, a) -> {
	};
	/** Every registered renderer by id, selected or not: fallbacks come from here. */
	private final AudioSources audioSources = new AudioSources();
	private final java.util.Map<String, Renderer> renderers = new java.util.concurrent.ConcurrentHashMap<>();
	private volatile java.util.function.Consumer<Renderer> unregistered = r -> {
	};
	/** Every registered policy with its id, selected or not: the policy fallback comes from here. Guarded by this. */
	private final java.util.Map<PlayoutPolicy, String> policies = new java.util.LinkedHashMap<>();
	/** Policy ids to bind, in order, while the policy filter matches none. */
	private volatile java.util.List<String> policyFallback = java.util.List.of();
	/** How long no policy may match the policy filter before the fallback is bound. */
	static final long FALLBACK_GRACE_MILLIS = 2000;
	/** Runs the fallback check after the grace period (tests run it at once). */
	java.util.concurrent.Executor later = java.util.concurrent.CompletableFuture.delayedExecutor(FALLBACK_GRACE_MILLIS,
			java.util.concurrent.TimeUnit.MILLISECONDS);
	/** Whether the bound policy is a fallback, not the one the policy filter selects. Guarded by this. */
	private boolean policyFromFallback;

	void listener(Listener l) {
		listener = l;
	}

	void unregisteredListener(java.util.function.Consumer<Renderer> l) {
		unregistered = l;
	}

	/** A renderer service was registered (whatever the channel selects). */
	void registered(String id, Renderer renderer) {
		renderers.put(id, renderer);
	}

	/** A renderer service was unregistered. */
	void unregistered(String id, Renderer renderer) {
		renderers.remove(id, renderer);
		unregistered.accept(renderer);
	}

	/** The registered renderer with {@code id}, or {@code null}. */
	Renderer registered(String id) {
		return renderers.get(id);
	}

	/** The channel's policy fallback ids; one is bound after the grace period if no policy is bound then. */
	void policyFallback(java.util.List<String> ids) {
		policyFallback = java.util.List.copyOf(ids);
		later.execute(this::fallBackIfUnbound); // at activation the selected policy may still be on its way
	}

	/** A policy service was registered (whatever the channel selects). */
	void registeredPolicy(String id, PlayoutPolicy p) {
		synchronized (this) {
			policies.put(p, id);
		}
		if (!policyFallback.isEmpty()) {
			later.execute(this::fallBackIfUnbound);
		}
	}

	/**
	 * A policy service was unregistered. A fallback policy was not bound through the policy
	 * filter's reference, so DS does not unbind it there: it is unbound here (and the next
	 * fallback, if any, takes over after the grace period). For the selected policy the second
	 * unbind is ignored.
	 */
	void unregisteredPolicy(PlayoutPolicy p) {
		synchronized (this) {
			policies.remove(p);
		}
		change(SwapKind.POLICY, p, null, true, true);
	}

	/** Whether the bound policy came from {@code policy.fallback}, not from the policy filter. */
	synchronized boolean policyFromFallback() {
		return policyFromFallback;
	}

	private void fallBackIfUnbound() {
		Binding<?> before;
		Binding<?> after;
		synchronized (this) {
			if (policy.bound()) {
				return;
			}
			java.util.Map.Entry<PlayoutPolicy, String> f = fallbackPolicy(null);
			if (f == null) {
				return;
			}
			before = policy;
			after = new Binding<>(f.getKey(), f.getValue(), before.generation() + 1);
			set(SwapKind.POLICY, after);
			policyFromFallback = true;
		}
		listener.changed(SwapKind.POLICY, before, after);
	}

	/** The first registered policy of the fallback ids other than {@code leaving}; guarded by this. */
	private java.util.Map.Entry<PlayoutPolicy, String> fallbackPolicy(Object leaving) {
		for (String id : policyFallback) {
			for (java.util.Map.Entry<PlayoutPolicy, String> e : policies.entrySet()) {
				if (e.getValue().equals(id) && e.getKey() != leaving) {
					return java.util.Map.entry(e.getKey(), e.getValue());
				}
			}
		}
		return null;
	}

	Binding<VideoOutputDevice> device() {
		return device;
	}

	Binding<Renderer> renderer() {
		return renderer;
	}

	Binding<PlayoutPolicy> policy() {
		return policy;
	}

	Binding<UnderrunStrategy> strategy() {
		return strategy;
	}

	/** Binds (or rebinds) {@code service} with {@code id}. */
	void bind(SwapKind kind, Object service, String id) {
		change(kind, service, id, false, false);
	}

	/** The bound service's properties changed (e.g. its configuration): a new generation. */
	void updated(SwapKind kind, Object service, String id) {
		change(kind, service, id, true, false);
	}

	/** Unbinds {@code service} if it is the bound one. */
	void unbind(SwapKind kind, Object service) {
		change(kind, service, null, true, true);
	}

	private void change(SwapKind kind, Object service, String id, boolean onlyIfCurrent, boolean remove) {
		Binding<?> before;
		Binding<?> after;
		synchronized (this) {
			before = get(kind);
			if (onlyIfCurrent && before.service() != service) {
				return;
			}
			after = remove ? new Binding<>(null, null, before.generation() + 1)
					: new Binding<>(service, id, before.generation() + 1);
			if (kind == SwapKind.POLICY) {
				policyFromFallback = onlyIfCurrent && !remove && policyFromFallback;
			}
			set(kind, after);
		}
		listener.changed(kind, before, after);
		if (kind == SwapKind.POLICY && remove && !policyFallback.isEmpty()) {
			// not at once: an update in place unregisters the selected policy and registers it
			// again within milliseconds, and the channel keeps its last settings meanwhile
			later.execute(this::fallBackIfUnbound);
		}
	}

	Binding<?> get(SwapKind kind) {
		return switch (kind) {
			case DEVICE -> device;
			case RENDERER -> renderer;
			case POLICY -> policy;
			case STRATEGY -> strategy;
			default -> throw new IllegalArgumentException(kind + " is not a service binding");
		};
	}

	@SuppressWarnings("unchecked")
	private void set(SwapKind kind, Binding<?> b) {
		switch (kind) {
			case DEVICE -> device = (Binding<VideoOutputDevice>) b;
			case RENDERER -> renderer = (Binding<Renderer>) b;
			case POLICY -> policy = (Binding<PlayoutPolicy>) b;
			case STRATEGY -> strategy = (Binding<UnderrunStrategy>) b;
			default -> throw new IllegalArgumentException(kind + " is not a service binding");
		}
	}

	/** The registered audio sources, for the program's audio layers. */
	AudioSources audioSources() {
		return audioSources;
	}
}
