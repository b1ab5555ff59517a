package org.genlock.device.decklink.internal;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Calls methods of the driver's COM-style objects through their vtables: an object's first
 * word points to its vtable, an array of function pointers. Control-path helpers; the hot
 * path caches its {@link Function}s.
 */
final class Com {

	private Com() {
	}

	/** The function in vtable slot {@code slot} of {@code object}. */
	static Function method(Pointer object, int slot) {
		Pointer vtable = object.getPointer(0);
		return Function.getFunction(vtable.getPointer((long) slot * Native.POINTER_SIZE));
	}

	static int call(Pointer object, int slot, Object... args) {
		return method(object, slot).invokeInt(prepend(object, args));
	}

	static long callLong(Pointer object, int slot, Object... args) {
		return method(object, slot).invokeLong(prepend(object, args));
	}

	static Object[] prepend(Pointer object, Object[] args) {
		Object[] all = new Object[args.length + 1];
		all[0] = object;
		System.arraycopy(args, 0, all, 1, args.length);
		return all;
	}

	/** QueryInterface; the returned object holds a reference the caller releases, or null. */
	static Pointer query(Pointer object, Guid iid) {
		Memory out = new Memory(Native.POINTER_SIZE);
		out.setPointer(0, null);
		int hr = call(object, Sdk.QUERY_INTERFACE, iid.lo(), iid.hi(), out);
		return hr == Sdk.S_OK ? out.getPointer(0) : null;
	}

	static void addRef(Pointer object) {
		call(object, Sdk.ADD_REF);
	}

	static void release(Pointer object) {
		if (object != null) {
			call(object, Sdk.RELEASE);
		}
	}

	/** A method with one {@code T*} out-parameter: returns the pointer written, or null on failure. */
	static Pointer outPointer(Pointer object, int slot, Object... args) {
		Memory out = new Memory(Native.POINTER_SIZE);
		out.setPointer(0, null);
		Object[] all = new Object[args.length + 1];
		System.arraycopy(args, 0, all, 0, args.length);
		all[args.length] = out;
		int hr = call(object, slot, all);
		return hr == Sdk.S_OK ? out.getPointer(0) : null;
	}

	/** GetFlag-style call; {@code fallback} when the driver does not answer. */
	static boolean flag(Pointer object, int slot, int id, boolean fallback) {
		if (object == null) {
			return fallback;
		}
		Memory out = new Memory(8);
		out.clear();
		int hr = call(object, slot, id, out);
		return hr == Sdk.S_OK ? out.getByte(0) != 0 : fallback;
	}

	/** GetInt-style call; {@code fallback} when the driver does not answer. */
	static long integer(Pointer object, int slot, int id, long fallback) {
		if (object == null) {
			return fallback;
		}
		Memory out = new Memory(8);
		out.clear();
		int hr = call(object, slot, id, out);
		return hr == Sdk.S_OK ? out.getLong(0) : fallback;
	}

	/** A {@code const char**} result the driver allocated with malloc; read and freed. */
	static String string(Pointer object, int slot) {
		Pointer p = outPointer(object, slot);
		if (p == null) {
			return null;
		}
		String s = p.getString(0, "UTF-8");
		Native.free(Pointer.nativeValue(p));
		return s;
	}

	static String hresult(int hr) {
		return "HRESULT 0x" + Integer.toHexString(hr);
	}
}
