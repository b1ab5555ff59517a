package org.genlock.device.decklink.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * A COM object implemented in Java for the driver to call: native memory holding a vtable of
 * JNA callback function pointers, and an object whose first word points to it. IUnknown is
 * implemented here; the interface's own methods are given. Driver threads that call it stay
 * attached to the JVM (no attach and detach per callback).
 *
 * <p>The driver's AddRef/Release are counted but do not free: the Java owner keeps the memory
 * (and the callbacks, which must stay reachable) until it has withdrawn the object from the
 * driver.
 */
final class CallbackObject {

	interface QueryInterface extends Callback {
		int invoke(Pointer self, long iidLo, long iidHi, Pointer out);
	}

	interface Ref extends Callback {
		int invoke(Pointer self);
	}

	interface Destructor extends Callback {
		void invoke(Pointer self);
	}

	private final Guid iid;
	private final Memory vtable;
	private final Memory object;
	private final List<Callback> keep = new ArrayList<>();
	private final AtomicInteger refs = new AtomicInteger(1);

	/**
	 * @param iid     the interface the object implements
	 * @param methods the interface's methods, vtable slots 3, 4, ...
	 * @param thread  the name driver threads get while attached
	 */
	CallbackObject(Guid iid, List<Callback> methods, String thread) {
		this.iid = iid;
		int slots = 3 + methods.size() + 2;
		vtable = new Memory((long) slots * Native.POINTER_SIZE);
		object = new Memory(Native.POINTER_SIZE);
		CallbackThreadInitializer attached = new CallbackThreadInitializer(true, false, thread);
		List<Callback> all = new ArrayList<>();
		all.add((QueryInterface) this::queryInterface);
		all.add((Ref) self -> refs.incrementAndGet());
		all.add((Ref) self -> Math.max(0, refs.decrementAndGet()));
		all.addAll(methods);
		Destructor destructor = self -> {
			// the SDK's objects are destroyed through Release, never through this slot
		};
		all.add(destructor);
		all.add(destructor);
		for (int i = 0; i < all.size(); i++) {
			Callback cb = all.get(i);
			Native.setCallbackThreadInitializer(cb, attached);
			vtable.setPointer((long) i * Native.POINTER_SIZE, CallbackReference.getFunctionPointer(cb));
			keep.add(cb);
		}
		object.setPointer(0, vtable);
	}

	private int queryInterface(Pointer self, long lo, long hi, Pointer out) {
		if (out == null) {
			return 0x80000003; // E_INVALIDARG
		}
		if (iid.is(lo, hi) || Sdk.IID_IUNKNOWN.is(lo, hi)) {
			refs.incrementAndGet();
			out.setPointer(0, object);
			return Sdk.S_OK;
		}
		out.setPointer(0, null);
		return Sdk.E_NOINTERFACE;
	}

	Pointer pointer() {
		return object;
	}

	/** References the driver holds (1 is the owner's own). */
	int references() {
		return refs.get();
	}
}
