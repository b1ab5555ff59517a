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
	private final java.util.Map<String, Renderer> renderers = new java.util.concurrent.ConcurrentHashMap<>();
	private volatile java.util.function.Consumer<Renderer> unregistered = r -> {
	};

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
			set(kind, after);
		}
		listener.changed(kind, before, after);
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
}
