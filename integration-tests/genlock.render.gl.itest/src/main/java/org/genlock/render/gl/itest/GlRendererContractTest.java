package org.genlock.render.gl.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.genlock.api.render.RenderSession;
import org.genlock.api.render.Renderer;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.swap.LiveSwapContract;
import org.junit.jupiter.api.Test;

/**
 * The GL renderer as a swappable service: registered with genlock.renderer.id=gl, Metatype as
 * documented, configuration changes in place. Its observable behaviour is the readback depth:
 * a session's {@code maxInFlight()} (1 when synchronous, else the number of PBOs).
 */
class GlRendererContractTest extends LiveSwapContract<Renderer> {

	GlRendererContractTest() {
		super(Renderer.class, "genlock.render.gl", "genlock.renderer.id", "gl");
	}

	@Override
	protected String idOf(Renderer service) {
		return service.info().id();
	}

	@Override
	protected Object behaviour(Renderer service) {
		try (RenderSession s = service.open(VideoFormat.parse("720p50"))) {
			return s.maxInFlight();
		} catch (Exception e) {
			throw new AssertionError(e);
		}
	}

	@Override
	protected void assertDefaults(Object behaviour) {
		assertThat(behaviour).as("maxInFlight with readback.depth 0").isEqualTo(1);
	}

	@Override
	protected void assertConfigured(Object behaviour) {
		assertThat(behaviour).as("maxInFlight with readback.depth 3").isEqualTo(3);
	}

	@Override
	protected Map<String, Object> configuration() {
		return Map.of("readback.depth", 3, "platform", "surfaceless");
	}

	@Override
	protected List<Map<String, Object>> rejectedConfigurations() {
		return List.of(with("readback.depth", 5), with("readback.depth", -1), with("platform", "x11"));
	}

	@Override
	protected List<Attr> metatype() {
		return List.of(Attr.integer("readback.depth", "Readback depth", 0, 0, 4),
				Attr.choice("platform", "EGL platform", "auto", "auto", "surfaceless", "device"));
	}

	@Test
	void infoCarriesTheBundleVersion() {
		String bundleVersion = awaitReference().getBundle().getVersion().toString();
		String infoVersion = probe(r -> r.info().version());
		assertThat(infoVersion).as("the version the Genlock page shows: the bundle's")
				.isEqualTo(bundleVersion);
	}
}
