package org.genlock.deploy.internal;

import java.io.IOException;
import java.util.Hashtable;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FileInstall's second watch, on deploy/ (a factory configuration of
 * {@code org.apache.felix.fileinstall}). It exists only while the {@link Deployer} does: without
 * it FileInstall would install the jars there itself, unchecked, and update a running bundle to
 * a jar that cannot resolve.
 */
@Component(immediate = true)
public class DeployWatch {

	private static final Logger LOG = LoggerFactory.getLogger(DeployWatch.class);
	static final String FACTORY_PID = "org.apache.felix.fileinstall";
	static final String NAME = "genlock-deploy";

	private final Configuration watch;

	@Activate
	public DeployWatch(@Reference ConfigurationAdmin cm, @Reference Deployer deployer) throws IOException {
		Hashtable<String, Object> p = new Hashtable<>();
		p.put("felix.fileinstall.dir", deployer.deployDir().toString());
		p.put("felix.fileinstall.filter", ".*\\.jar");
		p.put("felix.fileinstall.poll", "1000");
		p.put("felix.fileinstall.noInitialDelay", "true");
		p.put("felix.fileinstall.subdir.mode", "skip");
		p.put("felix.fileinstall.log.level", "2");
		p.put("felix.fileinstall.enableConfigSave", "false");
		watch = cm.getFactoryConfiguration(FACTORY_PID, NAME, "?");
		watch.update(p);
		LOG.info("deploy: watching {} for bundle jars (drop to install, replace to update in place, remove to uninstall)",
				deployer.deployDir());
	}

	@Deactivate
	void deactivate() {
		try {
			watch.delete();
		} catch (IOException | IllegalStateException e) {
			// Configuration Admin went first
		}
	}
}
