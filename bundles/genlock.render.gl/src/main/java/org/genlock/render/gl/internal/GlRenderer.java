package org.genlock.render.gl.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.genlock.shader.support.ShaderRegistry;
import org.genlock.api.render.RenderException;
import org.genlock.api.render.RenderSession;
import org.genlock.api.render.Renderer;
import org.genlock.api.render.RendererInfo;
import org.genlock.api.render.RendererKind;
import org.genlock.api.shader.ShaderProvider;
import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.VideoFormat;
import org.genlock.support.ConfigRejected;
import org.lwjgl.egl.EGL10;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenGL renderer: opens {@link GlSession}s, each with its own headless EGL context and GL
 * thread, on one EGL display this component initializes on first use and terminates when it
 * is deactivated. Shaders come and go at any time; a session picks up the change at its next
 * frame.
 */
@Component(service = Renderer.class, immediate = true, configurationPid = GlRenderer.PID,
		configurationPolicy = ConfigurationPolicy.OPTIONAL,
		property = GlRenderer.RENDERER_ID_PROPERTY + "=" + GlRenderer.ID)
@Designate(ocd = GlRenderer.Config.class)
public class GlRenderer implements Renderer {

	static final String PID = "genlock.render.gl";
	static final String ID = "gl";
	static final String RENDERER_ID_PROPERTY = "genlock.renderer.id";
	/** The bundle's version, which the Genlock page and telemetry show; 0.0.0 outside a framework (unit tests). */
	static final String VERSION = Optional.ofNullable(FrameworkUtil.getBundle(GlRenderer.class))
			.map(b -> b.getVersion().toString()).orElse("0.0.0");

	@ObjectClassDefinition(name = "Genlock OpenGL renderer",
			description = "GLSL rendering of shader layers on a headless EGL context. Changes apply to sessions "
					+ "opened afterwards (the next time a channel starts or its renderer is swapped); the platform "
					+ "applies once no session uses the current display.")
	@interface Config {
		@AttributeDefinition(name = "Readback depth", min = "0", max = "4",
				description = "Pixel buffer objects per channel for asynchronous readback, 0 to 4. 0 reads each "
						+ "frame back synchronously (best on llvmpipe); 2 or more lets a GPU render the next frame "
						+ "while the previous one is copied, each handed back only after its fence has signalled")
		int readback_depth() default 0;

		@AttributeDefinition(name = "EGL platform", description = "Where the headless display comes from: "
				+ "surfaceless (Mesa), device (EGL_EXT_platform_device) or auto (surfaceless, then device)",
				options = { @Option(value = "auto", label = "auto"), @Option(value = "surfaceless", label = "surfaceless"),
						@Option(value = "device", label = "device") })
		String platform() default "auto";
	}

	private static final Logger LOG = LoggerFactory.getLogger(GlRenderer.class);
	private static final RendererInfo INFO = new RendererInfo(ID, "OpenGL renderer (GLSL, headless EGL)",
			RendererKind.GL, VERSION);

	private final ShaderRegistry shaders = new ShaderRegistry();
	private final Set<GlSession> sessions = ConcurrentHashMap.newKeySet();
	private final AtomicInteger sessionNumbers = new AtomicInteger();
	private volatile Settings settings = Settings.defaults();
	private Egl.Display display; // guarded by this
	private Settings.Platform displayPlatform; // guarded by this
	private boolean boundGl; // guarded by this
	private String bindingProblem; // guarded by this

	@Activate
	void activate(Config config) {
		apply(config);
		synchronized (this) {
			try {
				boundGl = Egl.bind(name -> EGL10.eglGetProcAddress(name));
			} catch (Throwable t) { // no libEGL: the service stays, open() explains
				bindingProblem = "libEGL could not be loaded: " + t;
				LOG.error("The GL renderer cannot render: {}", bindingProblem);
			}
		}
	}

	@Modified
	void modified(Config config) {
		apply(config);
	}

	private void apply(Config config) {
		try {
			settings = Settings.from(config);
		} catch (ConfigRejected e) {
			LOG.error("{}; the previous configuration stays in force", e.getMessage());
		}
	}

	@Deactivate
	void deactivate() {
		// The backend closes its sessions when this service goes; this closes any it did not,
		// which finishes their frames and ends their GL threads, before the display goes.
		for (GlSession s : sessions) {
			s.close();
		}
		synchronized (this) {
			if (display != null) {
				display.terminate();
				display = null;
			}
			if (boundGl) {
				Egl.unbind(); // LWJGL must keep no reference to this bundle revision's classes
				boundGl = false;
			}
		}
	}

	@Reference(service = ShaderProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
			policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeShader")
	void addShader(ShaderProvider shader, Map<String, Object> properties) {
		shaders.add(shader, properties);
	}

	void removeShader(ShaderProvider shader) {
		shaders.remove(shader);
	}

	Settings settings() {
		return settings;
	}

	/** The open sessions, for tests. */
	Set<GlSession> sessions() {
		return sessions;
	}

	@Override
	public RendererInfo info() {
		return INFO;
	}

	@Override
	public RenderSession open(VideoFormat format) throws RenderException {
		if (format.pixelFormat() != PixelFormat.BGRA8) {
			throw new RenderException("The GL renderer writes BGRA8 only, but format " + format.name() + " uses "
					+ format.pixelFormat() + "; use BGRA8 for the channel");
		}
		Settings s = settings;
		Egl.Display d = display(s.platform());
		GlSession session = new GlSession(format, shaders, d, s.readbackDepth(),
				"genlock-render-gl-" + sessionNumbers.incrementAndGet(), sessions::remove);
		sessions.add(session);
		return session;
	}

	private synchronized Egl.Display display(Settings.Platform platform) throws RenderException {
		if (bindingProblem != null) {
			throw new RenderException("The GL renderer cannot render: " + bindingProblem);
		}
		if (display != null && displayPlatform != platform && sessions.isEmpty()) {
			display.terminate();
			display = null;
		}
		if (display == null) {
			try {
				display = Egl.openDisplay(platform);
				displayPlatform = platform;
				LOG.info("GL renderer display: {}", display.description());
			} catch (RuntimeException e) {
				throw new RenderException("The GL renderer has no display: " + e.getMessage(), e);
			}
		}
		return display;
	}
}
