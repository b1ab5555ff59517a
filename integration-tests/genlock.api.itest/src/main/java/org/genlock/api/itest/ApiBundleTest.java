package org.genlock.api.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.genlock.api.backend.BackendState;
import org.genlock.api.video.Rational;
import org.genlock.api.video.VideoFormat;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.test.common.annotation.InjectBundleContext;

/** The API bundle in a real framework: resolved, exporting exactly its packages at their versions. */
class ApiBundleTest {

    /** The contract: every exported package and its semantic version. A bump is made here on purpose. */
    static final Map<String, Version> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("org.genlock.api.video", new Version(1, 1, 0)), // FrameTime.audioSamples, audioSampleOffset (audio)
            Map.entry("org.genlock.api.frame", new Version(1, 1, 0)), // AudioBuffer, FrameBuffer.audio()
            Map.entry("org.genlock.api.device", new Version(1, 2, 0)), // OutputSession.paced(), reference(), setKeyer(); ReferenceStatus, KeyerMode
            Map.entry("org.genlock.api.render", new Version(1, 3, 0)), // RenderRequest.deadlineNanos, pastDeadline; 1.3: Program.audio()
            Map.entry("org.genlock.api.shader", new Version(1, 1, 0)),
            Map.entry("org.genlock.api.playout", new Version(1, 0, 0)),
            Map.entry("org.genlock.api.backend", new Version(1, 3, 0)), // ChannelStatus engine, render, failureReason, outputLatencyNanos, reference; 1.3: taps(), completionWorkerIdleNanos() too
            Map.entry("org.genlock.api.control", new Version(1, 0, 0)), // ChannelControl
            Map.entry("org.genlock.api.config", new Version(1, 0, 0)), // ConfigurationCheck, ConfigurationWriter
            Map.entry("org.genlock.api.deploy", new Version(1, 0, 0)), // BundleDeployment (issue 17)
            Map.entry("org.genlock.api.tap", new Version(1, 0, 1)), // FrameTap, TapSession, TapStatus; 1.0.1: an idle tap reads the aired slot (doc)
            Map.entry("org.genlock.api.audio", new Version(1, 0, 0)), // AudioSourceProvider, AudioKernel (audio)
            Map.entry("org.genlock.api.telemetry", new Version(1, 1, 0)))); // SwapObservation.reason

    @InjectBundleContext
    BundleContext context;

    private Bundle api() {
        for (Bundle b : context.getBundles()) {
            if ("genlock.api".equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("genlock.api is not installed");
    }

    @Test
    void apiBundleIsActiveAndExportsEveryPackageAtItsDeclaredVersion() {
        Bundle api = api();
        assertThat(api.getState()).as("state of genlock.api").isEqualTo(Bundle.ACTIVE);
        BundleWiring wiring = api.adapt(BundleWiring.class);
        Map<String, Version> exported = new TreeMap<>();
        for (BundleCapability cap : wiring.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            exported.put((String) cap.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE),
                    (Version) cap.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE));
        }
        assertThat(exported).isEqualTo(EXPECTED);
    }

    @Test
    void apiImportsNothingButTheJavaPlatform() {
        List<BundleWire> wires = api().adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE);
        assertThat(wires).as("packages genlock.api imports").isEmpty();
    }

    @Test
    void consumersAreWiredToTheApiBundle() {
        // This test bundle imports the API packages; they must come from genlock.api.
        assertThat(FrameworkUtil.getBundle(Rational.class).getSymbolicName()).isEqualTo("genlock.api");
        assertThat(FrameworkUtil.getBundle(BackendState.class).getSymbolicName()).isEqualTo("genlock.api");
        BundleWiring mine = FrameworkUtil.getBundle(ApiBundleTest.class).adapt(BundleWiring.class);
        assertThat(mine.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE))
                .filteredOn(w -> ((String) w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))
                        .startsWith("org.genlock.api"))
                .allSatisfy(w -> assertThat(w.getProvider().getSymbolicName()).isEqualTo("genlock.api"))
                .isNotEmpty();
    }

    @Test
    void valueTypesWorkAcrossTheBundleBoundary() {
        VideoFormat f = VideoFormat.parse("1080i5994");
        assertThat(f.frameRate()).isEqualTo(Rational.of(30000, 1001));
        assertThat(f.width()).isEqualTo(1920);
        assertThat(BackendState.RUNNING.canTransitionTo(BackendState.DEGRADED)).isTrue();
        assertThat(BackendState.STOPPED.canTransitionTo(BackendState.RUNNING)).isFalse();
    }
}
