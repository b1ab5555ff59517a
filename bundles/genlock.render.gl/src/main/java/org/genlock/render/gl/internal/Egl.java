package org.genlock.render.gl.internal;

import static org.lwjgl.egl.EGL10.EGL_ALPHA_SIZE;
import static org.lwjgl.egl.EGL10.EGL_BLUE_SIZE;
import static org.lwjgl.egl.EGL10.EGL_GREEN_SIZE;
import static org.lwjgl.egl.EGL10.EGL_NONE;
import static org.lwjgl.egl.EGL10.EGL_NO_CONTEXT;
import static org.lwjgl.egl.EGL10.EGL_NO_DISPLAY;
import static org.lwjgl.egl.EGL10.EGL_NO_SURFACE;
import static org.lwjgl.egl.EGL10.EGL_RED_SIZE;
import static org.lwjgl.egl.EGL10.EGL_SURFACE_TYPE;
import static org.lwjgl.egl.EGL12.EGL_RENDERABLE_TYPE;
import static org.lwjgl.egl.EGL14.EGL_OPENGL_API;
import static org.lwjgl.egl.EGL14.EGL_OPENGL_BIT;
import static org.lwjgl.egl.EGL15.EGL_CONTEXT_MAJOR_VERSION;
import static org.lwjgl.egl.EGL15.EGL_CONTEXT_MINOR_VERSION;
import static org.lwjgl.egl.EGL15.EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT;
import static org.lwjgl.egl.EGL15.EGL_CONTEXT_OPENGL_PROFILE_MASK;
import static org.lwjgl.egl.EGL15.EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY;
import static org.lwjgl.egl.EGL15.EGL_LOSE_CONTEXT_ON_RESET;

import org.lwjgl.PointerBuffer;
import org.lwjgl.egl.EGL;
import org.lwjgl.egl.EGL10;
import org.lwjgl.egl.EGL12;
import org.lwjgl.egl.EGL14;
import org.lwjgl.egl.EGLCapabilities;
import org.lwjgl.egl.EXTDeviceEnumeration;
import org.lwjgl.opengl.GL;
import org.lwjgl.system.Configuration;
import org.lwjgl.system.FunctionProvider;
import org.lwjgl.system.JNI;
import org.lwjgl.system.MemoryStack;

/**
 * Headless EGL: the process-wide bindings, one initialized display per renderer component, and
 * OpenGL 3.3 core contexts without a surface. Display calls are thread-safe; a context is
 * created, made current and destroyed on its session's GL thread only.
 */
final class Egl {

	static final int EGL_PLATFORM_SURFACELESS_MESA = 0x31DD;
	static final int EGL_PLATFORM_DEVICE_EXT = 0x313F;

	private Egl() {}

	/**
	 * Loads libEGL and points LWJGL's GL function lookup at {@code eglGetProcAddress}. Both are
	 * static state of the library bundle, shared by every revision of this bundle: the GL
	 * function provider is installed by {@link GlRenderer} on activation and removed again on
	 * deactivation ({@link #unbind()}), so no class of an old revision stays referenced.
	 *
	 * @param provider the function provider to install if none is
	 * @return whether this call installed it (and must remove it)
	 */
	static synchronized boolean bind(FunctionProvider provider) {
		if (EGL.getFunctionProvider() == null) {
			EGL.create();
		}
		// GL must not look for libGL (GLX) itself: the functions come from EGL.
		Configuration.OPENGL_EXPLICIT_INIT.set(true);
		if (GL.getFunctionProvider() == null) {
			GL.create(provider);
			return true;
		}
		return false;
	}

	/** Removes the GL function provider installed by {@link #bind}. */
	static synchronized void unbind() {
		GL.destroy();
	}

	/** An initialized display and the config contexts are created with. */
	record Display(long handle, long config, String description) {

		/** Releases the display's resources; every context on it must be gone. */
		void terminate() {
			EGL10.eglTerminate(handle);
		}
	}

	/**
	 * Opens and initializes a display on the configured platform.
	 *
	 * @throws IllegalStateException naming what was tried and why it failed
	 */
	static Display openDisplay(Settings.Platform platform) {
		EGLCapabilities client = EGL.getCapabilities();
		StringBuilder tried = new StringBuilder();
		if (platform != Settings.Platform.DEVICE) {
			String extensions = EGL10.eglQueryString(EGL_NO_DISPLAY, EGL10.EGL_EXTENSIONS);
			if (extensions == null || !extensions.contains("EGL_MESA_platform_surfaceless")) {
				tried.append("surfaceless: EGL_MESA_platform_surfaceless is not offered by libEGL; ");
			} else {
				long dpy = platformDisplay(EGL_PLATFORM_SURFACELESS_MESA, 0L);
				Display d = initialize(dpy, "EGL surfaceless (Mesa)", tried);
				if (d != null) {
					return d;
				}
			}
			if (platform == Settings.Platform.SURFACELESS) {
				throw new IllegalStateException("no EGL display on platform surfaceless: " + tried);
			}
		}
		if (!client.EGL_EXT_device_enumeration || !client.EGL_EXT_platform_device || client.eglQueryDevicesEXT == 0L) {
			tried.append("device: EGL_EXT_device_enumeration/EGL_EXT_platform_device are not offered by libEGL");
		} else {
			try (MemoryStack stack = MemoryStack.stackPush()) {
				int[] count = new int[1];
				EXTDeviceEnumeration.eglQueryDevicesEXT(null, count);
				PointerBuffer devices = stack.mallocPointer(Math.max(1, count[0]));
				EXTDeviceEnumeration.eglQueryDevicesEXT(devices, count);
				for (int i = 0; i < count[0]; i++) {
					long dpy = platformDisplay(EGL_PLATFORM_DEVICE_EXT, devices.get(i));
					Display d = initialize(dpy, "EGL device " + i + " of " + count[0], tried);
					if (d != null) {
						return d;
					}
				}
				if (count[0] == 0) {
					tried.append("device: no EGL devices");
				}
			}
		}
		throw new IllegalStateException("no headless EGL display (platform " + platform.key() + "): " + tried);
	}

	/**
	 * Calls {@code eglGetPlatformDisplay} (EGL 1.5, else the EXT variant) through its pointer:
	 * LWJGL's wrapper rejects the null native display the surfaceless platform takes, and the
	 * client capabilities do not always carry the EGL 1.5 entry point.
	 */
	private static long platformDisplay(int platform, long nativeDisplay) {
		long function = EGL10.eglGetProcAddress("eglGetPlatformDisplay");
		if (function == 0L) {
			function = EGL10.eglGetProcAddress("eglGetPlatformDisplayEXT");
		}
		if (function == 0L) {
			throw new IllegalStateException("libEGL has neither eglGetPlatformDisplay nor eglGetPlatformDisplayEXT");
		}
		return JNI.callPPP(platform, nativeDisplay, 0L, function);
	}

	private static Display initialize(long dpy, String what, StringBuilder tried) {
		if (dpy == EGL_NO_DISPLAY) {
			tried.append(what).append(": no display (EGL error 0x").append(Integer.toHexString(EGL10.eglGetError()))
					.append("); ");
			return null;
		}
		int[] major = new int[1];
		int[] minor = new int[1];
		if (!EGL10.eglInitialize(dpy, major, minor)) {
			tried.append(what).append(": eglInitialize failed (0x").append(Integer.toHexString(EGL10.eglGetError()))
					.append("); ");
			return null;
		}
		int[] attributes = { EGL_SURFACE_TYPE, 0, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_RED_SIZE, 8,
				EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_ALPHA_SIZE, 8, EGL_NONE };
		try (MemoryStack stack = MemoryStack.stackPush()) {
			PointerBuffer configs = stack.mallocPointer(1);
			int[] found = new int[1];
			if (!EGL10.eglChooseConfig(dpy, attributes, configs, found) || found[0] == 0) {
				tried.append(what).append(": no RGBA8 OpenGL config; ");
				EGL10.eglTerminate(dpy);
				return null;
			}
			String vendor = EGL10.eglQueryString(dpy, EGL10.EGL_VENDOR);
			return new Display(dpy, configs.get(0), what + ", EGL " + major[0] + "." + minor[0] + " " + vendor);
		}
	}

	/**
	 * Creates an OpenGL 3.3 core context (with reset notification where the driver offers
	 * robustness) and makes it current on the calling thread without a surface.
	 *
	 * @return the context handle
	 * @throws IllegalStateException with the EGL error
	 */
	static long createCurrentContext(Display display) {
		if (!EGL14.eglBindAPI(EGL_OPENGL_API)) {
			throw new IllegalStateException("eglBindAPI(OpenGL) failed: 0x" + Integer.toHexString(EGL10.eglGetError()));
		}
		int[] robust = { EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3, EGL_CONTEXT_OPENGL_PROFILE_MASK,
				EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY,
				EGL_LOSE_CONTEXT_ON_RESET, EGL_NONE };
		long ctx = EGL10.eglCreateContext(display.handle(), display.config(), EGL_NO_CONTEXT, robust);
		if (ctx == EGL_NO_CONTEXT) {
			int[] plain = { EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
					EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE };
			ctx = EGL10.eglCreateContext(display.handle(), display.config(), EGL_NO_CONTEXT, plain);
		}
		if (ctx == EGL_NO_CONTEXT) {
			throw new IllegalStateException("eglCreateContext (OpenGL 3.3 core) failed on " + display.description()
					+ ": EGL error 0x" + Integer.toHexString(EGL10.eglGetError()));
		}
		if (!EGL10.eglMakeCurrent(display.handle(), EGL_NO_SURFACE, EGL_NO_SURFACE, ctx)) {
			int error = EGL10.eglGetError();
			EGL10.eglDestroyContext(display.handle(), ctx);
			throw new IllegalStateException("eglMakeCurrent without a surface failed on " + display.description()
					+ ": EGL error 0x" + Integer.toHexString(error));
		}
		return ctx;
	}

	/** Releases the calling thread's current context and destroys it. */
	static void destroyContext(Display display, long ctx) {
		EGL10.eglMakeCurrent(display.handle(), EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
		EGL10.eglDestroyContext(display.handle(), ctx);
		EGL12.eglReleaseThread();
	}
}
