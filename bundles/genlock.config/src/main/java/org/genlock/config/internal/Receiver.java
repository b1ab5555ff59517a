package org.genlock.config.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * What the receiver of a configuration declares about it: the Metatype attributes of its
 * (factory) PID, and the {@code <reference>.target} keys of the Declarative Services
 * components configured by it. DS re-targets a reference from such a key before the
 * component's {@code @Modified} runs, so these keys must be checked before delivery.
 *
 * @param attributes the Metatype attributes, empty when undescribed
 * @param targetKeys the {@code .target} keys of DS references (and Metatype attributes so named)
 */
record Receiver(List<ValueChecker.Attribute> attributes, Set<String> targetKeys) {

	static final String TARGET_SUFFIX = ".target";

	boolean isEmpty() {
		return attributes.isEmpty() && targetKeys.isEmpty();
	}

	ValueChecker.Attribute attribute(String key) {
		for (ValueChecker.Attribute a : attributes) {
			if (a.id().equals(key)) {
				return a;
			}
		}
		return null;
	}

	/**
	 * Looks the receiver up.
	 *
	 * @param bundle the receiving bundle, or null to search every bundle (for a change made
	 *               before any delivery, as the writer makes)
	 */
	static Receiver of(BundleContext context, MetaTypeService metaType, ServiceComponentRuntime scr, Bundle bundle,
			String pid, String factoryPid) {
		String id = factoryPid != null ? factoryPid : pid;
		List<ValueChecker.Attribute> attributes = new ArrayList<>();
		Set<String> targets = new HashSet<>();
		Bundle[] bundles = bundle != null ? new Bundle[] { bundle } : context.getBundles();
		for (Bundle b : bundles) {
			ObjectClassDefinition ocd = definition(metaType, b, id, factoryPid != null);
			AttributeDefinition[] ads = ocd == null ? null : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
			if (ads != null) {
				for (AttributeDefinition ad : ads) {
					attributes.add(ValueChecker.Attribute.of(ad));
					if (ad.getID().endsWith(TARGET_SUFFIX)) {
						targets.add(ad.getID());
					}
				}
				break;
			}
		}
		if (scr != null) {
			try {
				for (ComponentDescriptionDTO d : bundle != null ? scr.getComponentDescriptionDTOs(bundle)
						: scr.getComponentDescriptionDTOs()) {
					if (d.configurationPid != null && Arrays.asList(d.configurationPid).contains(id)) {
						for (ReferenceDTO r : d.references) {
							targets.add(r.name + TARGET_SUFFIX);
						}
					}
				}
			} catch (RuntimeException e) {
				// SCR going away while we ask: the Metatype attributes still apply
			}
		}
		return new Receiver(List.copyOf(attributes), Set.copyOf(targets));
	}

	private static ObjectClassDefinition definition(MetaTypeService metaType, Bundle bundle, String id, boolean factory) {
		if (bundle == null || metaType == null) {
			return null;
		}
		try {
			MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
			if (info == null) {
				return null;
			}
			String[] known = factory ? info.getFactoryPids() : info.getPids();
			if (known == null || !Arrays.asList(known).contains(id)) {
				return null;
			}
			return info.getObjectClassDefinition(id, null);
		} catch (IllegalArgumentException | IllegalStateException e) {
			return null; // the bundle is going away
		}
	}
}
