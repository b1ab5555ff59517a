package org.genlock.config.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards every configuration on its way to a component, whichever bundle owns it (Genlock's
 * own, Jetty, the Web Console...). Each value is checked against the receiving bundle's
 * Metatype description; a bad value is logged with the file it came from, the key, the value
 * and what is allowed, and replaced by the last value that passed for that key (or removed,
 * so the component's default applies). The component keeps running on good values; nothing
 * crashes on a typo.
 */
@Component(
        immediate = true,
        property = {
            ConfigurationPlugin.CM_RANKING + ":Integer=500",
            "config.plugin.id=genlock.config.guard"
        })
public class ConfigurationGuard implements ConfigurationPlugin {

    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationGuard.class);

    @Reference
    MetaTypeService metaType;

    /** Last accepted value per configuration and key. */
    private final Map<String, Map<String, Object>> lastGood = new ConcurrentHashMap<>();

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        String pid = (String) properties.get(Constants.SERVICE_PID);
        if (pid == null || reference == null) {
            return;
        }
        String factoryPid = (String) properties.get(ConfigurationAdmin.SERVICE_FACTORYPID);
        ObjectClassDefinition ocd = definition(reference.getBundle(), pid, factoryPid);
        if (ocd == null) {
            return;
        }
        AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (ads == null) {
            return;
        }
        Map<String, Object> good = lastGood.computeIfAbsent(pid, k -> new ConcurrentHashMap<>());
        String origin = origin(properties, pid);
        for (AttributeDefinition ad : ads) {
            Object value = properties.get(ad.getID());
            if (value == null) {
                continue;
            }
            String problem = ValueChecker.check(ValueChecker.Attribute.of(ad), value);
            if (problem == null) {
                good.put(ad.getID(), value);
                continue;
            }
            Object previous = good.get(ad.getID());
            if (previous != null) {
                properties.put(ad.getID(), previous);
                LOG.error("{}: key '{}' = '{}' rejected: {}. The previous value '{}' stays in force.",
                        origin, ad.getID(), display(ad, value), problem, display(ad, previous));
            } else {
                properties.remove(ad.getID());
                LOG.error("{}: key '{}' = '{}' rejected: {}. The default stays in force.",
                        origin, ad.getID(), display(ad, value), problem);
            }
        }
    }

    /** What the checks know of a configuration, for tests and the console. */
    Map<String, Object> lastGood(String pid) {
        return Collections.unmodifiableMap(new HashMap<>(lastGood.getOrDefault(pid, Map.of())));
    }

    private ObjectClassDefinition definition(Bundle bundle, String pid, String factoryPid) {
        if (bundle == null) {
            return null;
        }
        MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
        if (info == null) {
            return null;
        }
        String id = factoryPid != null ? factoryPid : pid;
        String[] known = factoryPid != null ? info.getFactoryPids() : info.getPids();
        if (known == null || !java.util.Arrays.asList(known).contains(id)) {
            return null;
        }
        try {
            return info.getObjectClassDefinition(id, null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String origin(Dictionary<String, Object> properties, String pid) {
        Object file = properties.get(FILEINSTALL_FILENAME);
        if (file == null) {
            return "configuration " + pid;
        }
        String name = String.valueOf(file);
        try {
            Path path = name.startsWith("file:") ? Path.of(URI.create(name)) : Path.of(name);
            Path cwd = Path.of("").toAbsolutePath();
            if (path.startsWith(cwd)) {
                path = cwd.relativize(path);
            }
            return path + " (configuration " + pid + ")";
        } catch (RuntimeException e) {
            return name + " (configuration " + pid + ")";
        }
    }

    private static Object display(AttributeDefinition ad, Object value) {
        if (ad.getType() == AttributeDefinition.PASSWORD) {
            return "********";
        }
        if (value != null && value.getClass().isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                sb.append(i == 0 ? "" : ", ").append(java.lang.reflect.Array.get(value, i));
            }
            return sb.append(']');
        }
        return value;
    }
}
