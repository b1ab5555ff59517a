package org.genlock.backend.internal;

/**
 * One service binding as the hot path sees it: the service, its id and the generation of
 * the binding, read together with a single volatile read so a frame never mixes the
 * service of one binding with the generation of another.
 *
 * @param <T>        the service type
 * @param service    the bound service, or {@code null} if none is bound
 * @param id         the service's id, or {@code null} if none is bound
 * @param generation increases with every bind, unbind and update of this reference
 */
record Binding<T>(T service, String id, long generation) {

	/** The state before anything was bound. */
	static <T> Binding<T> none() {
		return new Binding<>(null, null, 0);
	}

	boolean bound() {
		return service != null;
	}
}
