package org.genlock.config.itest;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * A DS component with one dynamic reference selected by its configuration's
 * {@code thing.target}, as a channel selects its providers: what DS binds shows whether a
 * rejected target reached it.
 */
@Component(configurationPid = DsProbe.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = DsProbe.class)
public class DsProbe {

	static final String PID = "genlock.itest.ds";

	@Reference(name = "thing", service = Runnable.class, target = "(!(objectClass=*))",
			cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	volatile Runnable thing;

	volatile Map<String, Object> config = Map.of();

	@Activate
	@Modified
	void configure(Map<String, Object> properties) {
		config = Map.copyOf(properties);
	}

	Runnable thing() {
		return thing;
	}

	Map<String, Object> config() {
		return config;
	}
}
