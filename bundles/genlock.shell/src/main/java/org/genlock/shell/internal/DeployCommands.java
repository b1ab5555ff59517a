package org.genlock.shell.internal;

import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.genlock.api.deploy.BundleDeployment;
import org.genlock.api.deploy.Change;
import org.genlock.api.deploy.DeployedBundle;
import org.genlock.api.deploy.DeploymentException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo commands in scope {@code genlock} on {@link BundleDeployment}: the versions that run and
 * are kept, rollback, and update to the newest known version. Named apart from Felix's
 * {@code update}, which reads a bundle's location.
 */
@Component(service = DeployCommands.class, property = { "osgi.command.scope=genlock",
		"osgi.command.function=deployed", "osgi.command.function=rollback", "osgi.command.function=upgrade" })
public class DeployCommands {

	/** Optional: without genlock.deploy the commands say so (and resolving genlock.shell never needs it). */
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	volatile BundleDeployment deployment;

	private BundleDeployment deployment() throws DeploymentException {
		BundleDeployment d = deployment;
		if (d == null) {
			throw new DeploymentException(DeploymentException.Reason.UNAVAILABLE,
					"bundle versions and rollback come from the genlock.deploy bundle, which is not active");
		}
		return d;
	}

	@Descriptor("lists Genlock and deployed bundles: id, version, state, source and the versions kept to roll back to")
	public String deployed() throws DeploymentException {
		StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-5s %-36s %-10s %-9s %-34s %-10s %s%n", "ID",
				"BUNDLE", "VERSION", "STATE", "SOURCE", "PREVIOUS", "KEPT"));
		for (DeployedBundle d : deployment().bundles()) {
			b.append(String.format(Locale.ROOT, "%-5d %-36s %-10s %-9s %-34s %-10s %s%n", d.bundleId(), d.symbolicName(),
					d.version(), d.state(), d.source(), d.previous() == null ? "-" : d.previous(),
					String.join(", ", d.kept())));
		}
		return b.toString();
	}

	@Descriptor("restores the version of a bundle that ran before the current one, live")
	public String rollback(@Descriptor("bundle symbolic name, e.g. genlock.policy.standard") String bsn)
			throws DeploymentException {
		return text(deployment().rollback(bsn));
	}

	@Descriptor("updates a bundle to the newest version in deploy/ or among the kept ones, live")
	public String upgrade(@Descriptor("bundle symbolic name, e.g. genlock.policy.standard") String bsn)
			throws DeploymentException {
		return text(deployment().update(bsn));
	}

	private static String text(Change c) {
		return c.symbolicName() + " " + c.from() + " -> " + c.to() + " (bundle " + c.bundleId() + ")";
	}
}
