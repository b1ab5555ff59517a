package org.genlock.render.gl.itest.broken;

import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderProvider;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers shader {@value #ID}, whose GLSL has a compile error (a missing semicolon). */
public final class BrokenShader implements ShaderProvider, BundleActivator {

	public static final String ID = "broken";
	/** What the GLSL compiler complains about, as Mesa words it. */
	public static final String GLSL = "vec4 mainImage(vec2 fragCoord) {\n    return vec4(1.0, 0.0, 0.0, 1.0)\n}\n";

	private static final ShaderInfo INFO = new ShaderInfo(ID, "Broken on purpose", "1.0.0", List.of());

	@Override
	public ShaderInfo info() {
		return INFO;
	}

	@Override
	public String glslFragment() {
		return GLSL;
	}

	@Override
	public Optional<CpuKernel> cpuKernel() {
		return Optional.empty();
	}

	@Override
	public void start(BundleContext context) {
		Hashtable<String, Object> p = new Hashtable<>();
		p.put("genlock.shader.id", ID);
		context.registerService(ShaderProvider.class, this, p);
	}

	@Override
	public void stop(BundleContext context) {
		// the framework unregisters the service
	}
}
