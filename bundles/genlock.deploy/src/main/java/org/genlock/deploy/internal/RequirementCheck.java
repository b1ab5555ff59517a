package org.genlock.deploy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Checks, before anything is installed or updated, that the running framework can meet a jar's
 * mandatory requirements: every non-optional Import-Package in its range, every Require-Bundle
 * and every resolve-time Require-Capability (osgi.ee, osgi.extender, ...). Installing a jar that
 * cannot resolve would leave a dead bundle behind, and updating to one would take the running
 * version off air; so a problem here refuses the jar and names the requirement and what the
 * framework offers instead.
 */
final class RequirementCheck {

	private RequirementCheck() {
	}

	/**
	 * @param replaced the bundle the jar would replace (its own capabilities go away), or null
	 * @return the problems, empty when the jar can resolve
	 */
	static List<String> problems(JarInfo jar, BundleContext context, Bundle replaced) {
		List<BundleRevision> revisions = new ArrayList<>();
		for (Bundle b : context.getBundles()) {
			if (b.equals(replaced) || b.getState() == Bundle.UNINSTALLED) {
				continue;
			}
			BundleRevision r = b.adapt(BundleRevision.class);
			if (r != null) {
				revisions.add(r);
			}
		}
		List<String> problems = new ArrayList<>();
		for (Header h : Header.parse(jar.manifest().getValue(Constants.IMPORT_PACKAGE))) {
			if (Constants.RESOLUTION_OPTIONAL.equals(h.directives().get(Constants.RESOLUTION_DIRECTIVE))) {
				continue;
			}
			VersionRange range = range(h.attributes().get(Constants.VERSION_ATTRIBUTE));
			for (String pkg : h.paths()) {
				String problem = importProblem(pkg, range, revisions);
				if (problem != null) {
					problems.add(problem);
				}
			}
		}
		for (Header h : Header.parse(jar.manifest().getValue(Constants.REQUIRE_BUNDLE))) {
			if (Constants.RESOLUTION_OPTIONAL.equals(h.directives().get(Constants.RESOLUTION_DIRECTIVE))) {
				continue;
			}
			VersionRange range = range(h.attributes().get(Constants.BUNDLE_VERSION_ATTRIBUTE));
			for (String bsn : h.paths()) {
				boolean found = revisions.stream().anyMatch(r -> bsn.equals(r.getSymbolicName()) && range.includes(r.getVersion()));
				if (!found) {
					problems.add("requires bundle " + bsn + " " + range + ", which is not installed in that range");
				}
			}
		}
		for (Header h : Header.parse(jar.manifest().getValue(Constants.REQUIRE_CAPABILITY))) {
			String effective = h.directives().getOrDefault(Constants.EFFECTIVE_DIRECTIVE, Constants.EFFECTIVE_RESOLVE);
			if (!Constants.EFFECTIVE_RESOLVE.equals(effective)
					|| Constants.RESOLUTION_OPTIONAL.equals(h.directives().get(Constants.RESOLUTION_DIRECTIVE))) {
				continue;
			}
			for (String namespace : h.paths()) {
				String problem = capabilityProblem(namespace, h.directives().get(Constants.FILTER_DIRECTIVE), revisions);
				if (problem != null) {
					problems.add(problem);
				}
			}
		}
		return problems;
	}

	private static String importProblem(String pkg, VersionRange range, List<BundleRevision> revisions) {
		TreeSet<String> offered = new TreeSet<>();
		for (BundleRevision r : revisions) {
			for (BundleCapability c : r.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
				Map<String, Object> a = c.getAttributes();
				if (!pkg.equals(a.get(PackageNamespace.PACKAGE_NAMESPACE))) {
					continue;
				}
				Object v = a.get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE);
				Version version = v instanceof Version ver ? ver : Version.emptyVersion;
				if (range.includes(version)) {
					return null;
				}
				offered.add(version + " (from " + r.getSymbolicName() + " " + r.getVersion() + ")");
			}
		}
		if (offered.isEmpty()) {
			return "imports package " + pkg + " " + range + ", which no installed bundle exports";
		}
		return "imports package " + pkg + " " + range + ", but the framework exports it only at " + String.join(", ", offered);
	}

	private static String capabilityProblem(String namespace, String filterText, List<BundleRevision> revisions) {
		Filter filter;
		try {
			filter = filterText == null ? null : FrameworkUtil.createFilter(filterText);
		} catch (InvalidSyntaxException e) {
			return "requires capability " + namespace + " with a malformed filter " + filterText + ": " + e.getMessage();
		}
		for (BundleRevision r : revisions) {
			for (BundleCapability c : r.getDeclaredCapabilities(namespace)) {
				if (filter == null || filter.matches(c.getAttributes())) {
					return null;
				}
			}
		}
		if (BundleNamespace.BUNDLE_NAMESPACE.equals(namespace)) {
			return "requires bundle " + filterText + ", which is not installed";
		}
		return "requires capability " + namespace + (filterText == null ? "" : " " + filterText)
				+ ", which no installed bundle provides";
	}

	private static VersionRange range(String text) {
		if (text == null || text.isBlank()) {
			return new VersionRange(VersionRange.LEFT_CLOSED, Version.emptyVersion, null, VersionRange.RIGHT_OPEN);
		}
		try {
			return VersionRange.valueOf(text.strip());
		} catch (IllegalArgumentException e) {
			return new VersionRange(VersionRange.LEFT_CLOSED, Version.emptyVersion, null, VersionRange.RIGHT_OPEN);
		}
	}
}
