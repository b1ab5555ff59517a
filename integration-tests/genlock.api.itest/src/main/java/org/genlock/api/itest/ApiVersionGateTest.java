package org.genlock.api.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.test.common.annotation.InjectBundleContext;

/**
 * The API's semantic versions decide what an integrator's bundle can bind to. bnd gives a
 * bundle compiled against an API package at version x.y the import range {@code [x.y,x+1)};
 * installed bundles with such imports show that one built against a newer minor or the next
 * major of a package than this framework's genlock.api exports does not resolve, and the
 * framework's refusal names the package and the version it needs, while one built against
 * the exported version (or an older minor) binds to genlock.api.
 */
class ApiVersionGateTest {

    @InjectBundleContext
    BundleContext context;

    private final Map<String, Bundle> installed = new TreeMap<>();

    @AfterEach
    void uninstall() throws BundleException {
        for (Bundle b : installed.values()) {
            b.uninstall();
        }
    }

    @Test
    void bndGivesAConsumerTheRangeUpToTheNextMajor() {
        // this test bundle is such a consumer: bnd built it against this genlock.api
        Map<String, Version> exported = exported();
        BundleWiring mine = FrameworkUtil.getBundle(ApiVersionGateTest.class).adapt(BundleWiring.class);
        int checked = 0;
        for (var requirement : mine.getRequirements(PackageNamespace.PACKAGE_NAMESPACE)) {
            String filter = requirement.getDirectives().get(PackageNamespace.REQUIREMENT_FILTER_DIRECTIVE);
            for (Map.Entry<String, Version> e : exported.entrySet()) {
                Version v = e.getValue();
                if (filter.contains("(osgi.wiring.package=" + e.getKey() + ")")) {
                    assertThat(filter).as("import of " + e.getKey())
                            .contains("(version>=" + v.getMajor() + "." + v.getMinor() + ".0)")
                            .contains("(!(version>=" + (v.getMajor() + 1) + ".0.0))");
                    checked++;
                }
            }
        }
        assertThat(checked).as("API packages this bundle imports").isPositive();
    }

    @Test
    void aBundleBuiltAgainstTheExportedVersionsBindsToTheApi() throws Exception {
        for (Map.Entry<String, Version> e : exported().entrySet()) {
            Version v = e.getValue();
            Bundle b = install(e.getKey(), "current", new VersionRange('[', new Version(v.getMajor(), v.getMinor(), 0),
                    new Version(v.getMajor() + 1, 0, 0), ')'));
            b.start();
            assertThat(b.getState()).as(b.getSymbolicName()).isEqualTo(Bundle.ACTIVE);
            BundleWire wire = b.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).get(0);
            assertThat(wire.getProvider().getSymbolicName()).isEqualTo("genlock.api");
        }
    }

    @Test
    void aBundleNeedingANewerMinorDoesNotResolveAndTheRefusalNamesPackageAndVersion() throws Exception {
        for (Map.Entry<String, Version> e : exported().entrySet()) {
            Version v = e.getValue();
            Version needed = new Version(v.getMajor(), v.getMinor() + 1, 0);
            assertRefused(e.getKey(), "minor", new VersionRange('[', needed, new Version(v.getMajor() + 1, 0, 0), ')'),
                    needed);
        }
    }

    @Test
    void aBundleNeedingTheNextMajorDoesNotResolveAndTheRefusalNamesPackageAndVersion() throws Exception {
        for (Map.Entry<String, Version> e : exported().entrySet()) {
            Version needed = new Version(e.getValue().getMajor() + 1, 0, 0);
            assertRefused(e.getKey(), "major", new VersionRange('[', needed, new Version(needed.getMajor() + 1, 0, 0),
                    ')'), needed);
        }
    }

    private void assertRefused(String pkg, String what, VersionRange range, Version needed) throws Exception {
        Bundle b = install(pkg, what, range);
        assertThatThrownBy(b::start).as(b.getSymbolicName() + " importing " + pkg + " " + range)
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("osgi.wiring.package=" + pkg + ")")
                .hasMessageContaining("(version>=" + needed + ")");
        assertThat(b.getState()).as(b.getSymbolicName() + " state").isEqualTo(Bundle.INSTALLED);
        // nothing else is touched: the API and its consumer (this test bundle) stay as they are
        Bundle api = FrameworkUtil.getBundle(org.genlock.api.video.Rational.class);
        assertThat(api.getState()).as("genlock.api").isEqualTo(Bundle.ACTIVE);
        assertThat(FrameworkUtil.getBundle(ApiVersionGateTest.class).getState()).isEqualTo(Bundle.ACTIVE);
    }

    /** The packages genlock.api exports here, at their versions. */
    private Map<String, Version> exported() {
        Bundle api = FrameworkUtil.getBundle(org.genlock.api.video.Rational.class);
        Map<String, Version> exported = new TreeMap<>();
        for (BundleCapability cap : api.adapt(BundleWiring.class).getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            exported.put((String) cap.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE),
                    (Version) cap.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE));
        }
        assertThat(exported).as("packages genlock.api exports").isNotEmpty();
        return exported;
    }

    /** Installs a bundle whose manifest imports one package with a range, as bnd writes it. */
    private Bundle install(String pkg, String what, VersionRange range) throws BundleException, IOException {
        String bsn = "com.example.gate." + what + "." + pkg.substring(pkg.lastIndexOf('.') + 1);
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", bsn);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", pkg + ";version=\"" + range + "\"");
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(jar, manifest)) {
            // the manifest is all the resolver reads
        }
        Bundle b = context.installBundle("gate:" + bsn, new ByteArrayInputStream(jar.toByteArray()));
        installed.put(bsn, b);
        return b;
    }
}
