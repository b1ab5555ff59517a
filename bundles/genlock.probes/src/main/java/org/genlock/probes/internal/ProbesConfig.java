package org.genlock.probes.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code genlock.probes}. Strings, so that a bad value is named rather than read as false. */
@ObjectClassDefinition(name = "Genlock probes")
@interface ProbesConfig {

	@AttributeDefinition(description = "true or false: answer /health/live and /health/ready at all")
	String enabled() default "true";

	@AttributeDefinition(description = "true or false: answer clients that are not on this host (a load "
			+ "balancer); false answers loopback clients only")
	String allowRemote() default "false";
}
