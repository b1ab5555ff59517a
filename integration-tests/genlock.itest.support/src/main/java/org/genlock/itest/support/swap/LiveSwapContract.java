package org.genlock.itest.support.swap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * What a system integrator relies on when swapping a Genlock service bundle live, checked in a
 * real framework (SCR, ConfigAdmin, Metatype) for one bundle whose component is configured by
 * the PID = the bundle symbolic name: the service is registered with its id property by an
 * immediate component; Metatype describes the PID as documented; a configuration update
 * changes the behaviour in place; a rejected configuration changes nothing and keeps the
 * service; a stop and start of the bundle unregisters the service and registers it again
 * with the configuration applied. The concrete test supplies the bundle's facts.
 *
 * <p>The service is probed with get/unget through the bundle context rather than a tracker,
 * so no test keeps a consumer that would hide a component that is not immediate.
 *
 * @param <S> the service interface
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
public abstract class LiveSwapContract<S> {

	/** How long an asynchronous change (ConfigAdmin delivery, SCR registration) may take. */
	protected static final Duration TIMEOUT = Duration.ofSeconds(10);
	/** How long a rejected configuration is watched for late effects. */
	protected static final Duration SETTLE = Duration.ofMillis(500);

	@InjectBundleContext
	protected BundleContext context;

	@InjectService(timeout = 10_000)
	protected ConfigurationAdmin configAdmin;

	@InjectService(timeout = 10_000)
	protected MetaTypeService metaType;

	@InjectService(timeout = 10_000)
	protected ServiceComponentRuntime scr;

	private final Class<S> type;
	private final String pid;
	private final String idProperty;
	private final String id;

	/**
	 * @param type       the service interface
	 * @param pid        the configuration PID, also the bundle symbolic name
	 * @param idProperty the service property channels select the service by
	 * @param id         its value, also what the service's {@code id()} returns
	 */
	protected LiveSwapContract(Class<S> type, String pid, String idProperty, String id) {
		this.type = type;
		this.pid = pid;
		this.idProperty = idProperty;
		this.id = id;
	}

	/** Returns what the service's {@code id()} reports. */
	protected abstract String idOf(S service);

	/** Returns what the service does, as a value that equals itself only for the same behaviour. */
	protected abstract Object behaviour(S service);

	/** Asserts that a behaviour is the one of the documented defaults. */
	protected abstract void assertDefaults(Object behaviour);

	/** Asserts that a behaviour is the one of {@link #configuration()}. */
	protected abstract void assertConfigured(Object behaviour);

	/** Returns a valid configuration whose behaviour differs from the defaults'. */
	protected abstract Map<String, Object> configuration();

	/** Returns configurations the bundle must reject, each {@link #configuration()} with one fault. */
	protected abstract List<Map<String, Object>> rejectedConfigurations();

	/** Returns the documented Metatype attributes, in declaration order. */
	protected abstract List<Attr> metatype();

	@BeforeEach
	protected void startFromTheDefaults() throws Exception {
		if (bundle().getState() != Bundle.ACTIVE) {
			bundle().start(); // a failed test may have left it stopped
		}
		configAdmin.getConfiguration(pid, "?").delete();
		eventually("the defaults in force", () -> assertDefaults(behaviour()));
	}

	@AfterEach
	protected void removeTheConfiguration() throws Exception {
		configAdmin.getConfiguration(pid, "?").delete();
	}

	@Test
	protected void registeredWithItsIdByAnImmediateComponent() throws Exception {
		restart(); // a fresh component that nobody has asked for yet
		ServiceReference<S> reference = awaitReference();
		assertThat(reference.getProperty(idProperty)).as(idProperty).isEqualTo(id);
		assertThat(reference.getBundle().getSymbolicName()).isEqualTo(pid);

		ComponentDescriptionDTO description = description();
		assertThat(description.immediate).as("immediate").isTrue();
		assertThat(description.configurationPid).containsExactly(pid);
		eventually("the component active without a consumer", () -> {
			assertThat(reference.getUsingBundles()).as("consumers").isNull();
			assertThat(scr.getComponentConfigurationDTOs(description)).singleElement()
					.extracting(c -> c.state).isEqualTo(ComponentConfigurationDTO.ACTIVE);
		});
		assertThat(probe(this::idOf)).as("id()").isEqualTo(id);
	}

	@Test
	protected void metatypeDescribesThePidAsDocumented() {
		MetaTypeInformation information = metaType.getMetaTypeInformation(bundle());
		assertThat(information.getPids()).as("designated PIDs").containsExactly(pid);
		ObjectClassDefinition ocd = information.getObjectClassDefinition(pid, null);
		AttributeDefinition[] attributes = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
		assertThat(Arrays.stream(attributes).map(AttributeDefinition::getID))
				.containsExactlyElementsOf(metatype().stream().map(Attr::id).toList());
		for (int i = 0; i < attributes.length; i++) {
			metatype().get(i).check(attributes[i]);
		}
	}

	@Test
	protected void configurationUpdateChangesTheBehaviourInPlace() throws Exception {
		long serviceId = serviceId(awaitReference());
		update(configuration());
		eventually("the configured behaviour", () -> assertConfigured(behaviour()));
		assertThat(serviceId(awaitReference())).as("service.id: modified, not re-registered").isEqualTo(serviceId);
	}

	@Test
	protected void rejectedConfigurationKeepsThePreviousOneAndTheService() throws Exception {
		update(configuration());
		eventually("the configured behaviour", () -> assertConfigured(behaviour()));
		long serviceId = serviceId(awaitReference());
		Object configured = behaviour();
		for (Map<String, Object> rejected : rejectedConfigurations()) {
			update(rejected);
			// SCR copies the configuration onto the registration after @Modified returned
			eventually("SCR to deliver " + rejected,
					() -> assertThat(properties(awaitReference())).containsAllEntriesOf(rejected));
			holds(SETTLE, () -> {
				assertThat(serviceId(awaitReference())).as("service.id after " + rejected).isEqualTo(serviceId);
				assertThat(behaviour()).as("behaviour after " + rejected).isEqualTo(configured);
			});
		}
	}

	@Test
	protected void restartedBundleRegistersAgainWithTheConfigurationApplied() throws Exception {
		update(configuration());
		eventually("the configured behaviour", () -> assertConfigured(behaviour()));
		long before = serviceId(awaitReference());
		bundle().stop();
		try {
			assertThat(reference()).as("service of the stopped bundle").isNull();
		} finally {
			bundle().start();
		}
		ServiceReference<S> after = awaitReference();
		assertThat(serviceId(after)).as("a new registration").isNotEqualTo(before);
		assertConfigured(behaviour()); // at once: the configuration is applied before the service is used
	}

	// ---------------------------------------------------------------- helpers for concrete tests

	/** Updates the bundle's configuration through ConfigurationAdmin, as the Web Console does. */
	protected void update(Map<String, Object> values) throws Exception {
		configAdmin.getConfiguration(pid, "?").update(new Hashtable<>(values));
	}

	/** Returns {@link #configuration()} with one value replaced, for {@link #rejectedConfigurations()}. */
	protected Map<String, Object> with(String key, Object value) {
		Map<String, Object> c = new HashMap<>(configuration());
		c.put(key, value);
		return c;
	}

	/** Returns the current behaviour of the registered service. */
	protected Object behaviour() {
		return probe(this::behaviour);
	}

	/** Applies {@code f} to the registered service, released again right after. */
	protected <R> R probe(Function<S, R> f) {
		ServiceReference<S> reference = awaitReference();
		S service = context.getService(reference);
		assertThat(service).as("service of " + reference).isNotNull();
		try {
			return f.apply(service);
		} finally {
			context.ungetService(reference);
		}
	}

	/** Returns the registration with the bundle's id, or {@code null}. */
	protected ServiceReference<S> reference() {
		try {
			Collection<ServiceReference<S>> references = context.getServiceReferences(type,
					"(" + idProperty + "=" + id + ")");
			assertThat(references).as("registrations with " + idProperty + "=" + id).hasSizeLessThanOrEqualTo(1);
			return references.isEmpty() ? null : references.iterator().next();
		} catch (InvalidSyntaxException e) {
			throw new AssertionError(e);
		}
	}

	protected ServiceReference<S> awaitReference() {
		ServiceReference<S>[] found = new ServiceReference[1];
		eventually("a " + type.getSimpleName() + " with " + idProperty + "=" + id, () -> {
			found[0] = reference();
			assertThat(found[0]).isNotNull();
		});
		return found[0];
	}

	protected static long serviceId(ServiceReference<?> reference) {
		return (Long) reference.getProperty(Constants.SERVICE_ID);
	}

	protected static Map<String, Object> properties(ServiceReference<?> reference) {
		Map<String, Object> copy = new HashMap<>();
		for (String key : reference.getPropertyKeys()) {
			copy.put(key, reference.getProperty(key));
		}
		return copy;
	}

	protected Bundle bundle() {
		for (Bundle b : context.getBundles()) {
			if (pid.equals(b.getSymbolicName())) {
				return b;
			}
		}
		throw new AssertionError("bundle " + pid + " is not installed");
	}

	protected void restart() throws Exception {
		bundle().stop();
		bundle().start();
	}

	protected ComponentDescriptionDTO description() {
		Collection<ComponentDescriptionDTO> descriptions = scr.getComponentDescriptionDTOs(bundle());
		assertThat(descriptions).as("components of " + pid).hasSize(1);
		return descriptions.iterator().next();
	}

	/** A check that may throw. */
	protected interface Check {
		void run() throws Exception;
	}

	/** Repeats {@code check} until it passes; fails with its last failure after {@link #TIMEOUT}. */
	protected static void eventually(String what, Check check) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (true) {
			try {
				check.run();
				return;
			} catch (AssertionError | Exception e) {
				if (System.nanoTime() > deadline) {
					throw new AssertionError("not within " + TIMEOUT + ": " + what, e);
				}
			}
			sleep();
		}
	}

	/** Repeats {@code check} for {@code duration}; it must pass every time. */
	protected static void holds(Duration duration, Check check) throws Exception {
		long end = System.nanoTime() + duration.toNanos();
		do {
			check.run();
			sleep();
		} while (System.nanoTime() < end);
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", e);
		}
	}

	/**
	 * A configuration attribute as the Web Console's configuration page shows it.
	 *
	 * @param id       the key
	 * @param name     the label
	 * @param type     an {@link AttributeDefinition} type constant
	 * @param defaults the default value(s)
	 * @param options  the option values, or {@code null} for free input
	 * @param accepted values Metatype validation must accept (the range bounds, the options)
	 * @param refused  values Metatype validation must refuse (just outside the range)
	 */
	public record Attr(String id, String name, int type, List<String> defaults, List<String> options, List<String> accepted,
			List<String> refused) {

		public static Attr integer(String id, String name, int defaultValue, int min, int max) {
			return new Attr(id, name, AttributeDefinition.INTEGER, List.of(String.valueOf(defaultValue)), null,
					List.of(String.valueOf(min), String.valueOf(max)),
					List.of(String.valueOf(min - 1), String.valueOf(max + 1)));
		}

		public static Attr flag(String id, String name, boolean defaultValue) {
			return new Attr(id, name, AttributeDefinition.BOOLEAN, List.of(String.valueOf(defaultValue)), null,
					List.of("true", "false"), List.of());
		}

		public static Attr choice(String id, String name, String defaultValue, String... options) {
			return new Attr(id, name, AttributeDefinition.STRING, List.of(defaultValue), List.of(options),
					List.of(options), List.of("grey"));
		}

		public static Attr text(String id, String name, String defaultValue) {
			return new Attr(id, name, AttributeDefinition.STRING, List.of(defaultValue), null, List.of(), List.of());
		}

		void check(AttributeDefinition ad) {
			String what = "attribute " + id;
			assertThat(ad.getName()).as(what + " name").isEqualTo(name);
			assertThat(ad.getType()).as(what + " type").isEqualTo(type);
			assertThat(ad.getCardinality()).as(what + " cardinality").isZero();
			assertThat(ad.getDefaultValue()).as(what + " default").containsExactlyElementsOf(defaults);
			if (options == null) {
				assertThat(ad.getOptionValues()).as(what + " options").isNullOrEmpty();
			} else {
				assertThat(ad.getOptionValues()).as(what + " options").containsExactlyElementsOf(options);
			}
			for (String value : accepted) {
				assertThat(ad.validate(value)).as(what + " validation of " + value).isEmpty();
			}
			for (String value : refused) {
				assertThat(ad.validate(value)).as(what + " validation of " + value).isNotEmpty();
			}
		}
	}
}
