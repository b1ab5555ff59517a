package org.genlock.render.software.internal;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPU renderer: opens {@link SoftwareSession}s that composite programs with the bound
 * shaders' CPU kernels into BGRA8 frames. Shaders come and go at any time; a session picks
 * up the change at its next frame boundary.
 */
@Component(service = Renderer.class, immediate = true, configurationPid = SoftwareRenderer.PID,
		configurationPolicy = ConfigurationPolicy.OPTIONAL,
		property = SoftwareRenderer.RENDERER_ID_PROPERTY + "=" + SoftwareRenderer.ID)
@Designate(ocd = SoftwareRenderer.Config.class)
public class SoftwareRenderer implements Renderer {

	static final String PID = "genlock.render.software";
	static final String ID = "software";
	static final String RENDERER_ID_PROPERTY = "genlock.renderer.id";
	/** The bundle's version, which the Genlock page and telemetry show; 0.0.0 outside a framework (unit tests). */
	static final String VERSION = Optional.ofNullable(FrameworkUtil.getBundle(SoftwareRenderer.class))
			.map(b -> b.getVersion().toString()).orElse("0.0.0");

	@ObjectClassDefinition(name = "Genlock software renderer",
			description = "CPU rendering of shader layers. Changes apply to sessions opened afterwards "
					+ "(the next time a channel starts or its renderer is swapped).")
	@interface Config {
		@AttributeDefinition(name = "Threads", min = "0", max = "64",
				description = "Render threads per channel including the backend's producer thread, 1 to 64; "
						+ "0 = one per available processor")
		int threads() default 0;

		@AttributeDefinition(name = "Minimum band height", min = "16", max = "1080",
				description = "Smallest horizontal band, in rows, handed to one thread: 16 to 1080. Larger "
						+ "bands mean fewer hand-offs, smaller ones better balance between threads")
		int band_height() default Settings.DEFAULT_BAND;
	}

	private static final Logger LOG = LoggerFactory.getLogger(SoftwareRenderer.class);
	private static final RendererInfo INFO = new RendererInfo(ID, "Software renderer (CPU kernels)", RendererKind.CPU,
			VERSION);

	private final ShaderRegistry shaders = new ShaderRegistry();
	private final Set<SoftwareSession> sessions = ConcurrentHashMap.newKeySet();
	private final AtomicInteger sessionNumbers = new AtomicInteger();
	private volatile Settings settings = Settings.defaults();

	@Activate
	void activate(Config config) {
		apply(config);
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
		// The backend closes its sessions when this service goes; this only stops threads
		// of sessions it did not close.
		for (SoftwareSession s : sessions) {
			s.close();
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

	@Override
	public RendererInfo info() {
		return INFO;
	}

	@Override
	public RenderSession open(VideoFormat format) throws RenderException {
		if (format.pixelFormat() != PixelFormat.BGRA8) {
			throw new RenderException("The software renderer writes BGRA8 only, but format " + format.name()
					+ " uses " + format.pixelFormat() + "; use BGRA8 for the channel or the GL renderer");
		}
		Settings s = settings;
		SoftwareSession session = new SoftwareSession(format, shaders, s.threads(), s.bandHeight(),
				"genlock-render-software-" + sessionNumbers.incrementAndGet(), sessions::remove);
		sessions.add(session);
		LOG.info("Software render session for {} opened: {} threads, {} bands of {} rows", format.name(),
				s.threads(), session.bandCount(), session.bandRows());
		return session;
	}
}
