package org.genlock.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

class ConfigurationGuardTest {

    static final String PID = "genlock.test";
    static final String FACTORY = "genlock.test.factory";

    /** A minimal attribute definition. */
    record Ad(String id, int type, int cardinality, String[] options) implements AttributeDefinition {
        Ad(String id, int type) {
            this(id, type, 0, null);
        }
        @Override public String getName() { return id; }
        @Override public String getID() { return id; }
        @Override public String getDescription() { return null; }
        @Override public int getCardinality() { return cardinality; }
        @Override public int getType() { return type; }
        @Override public String[] getOptionValues() { return options; }
        @Override public String[] getOptionLabels() { return options; }
        @Override public String validate(String value) { return null; }
        @Override public String[] getDefaultValue() { return null; }
    }

    static final AttributeDefinition[] ADS = {
        new Ad("port", AttributeDefinition.INTEGER),
        new Ad("ratio", AttributeDefinition.DOUBLE),
        new Ad("mode", AttributeDefinition.STRING, 0, new String[] {"a", "b"}),
        new Ad("secret", AttributeDefinition.PASSWORD),
    };

    final Map<String, AttributeDefinition[]> pids = new HashMap<>();
    final Map<String, AttributeDefinition[]> factoryPids = new HashMap<>();
    final AtomicInteger lookups = new AtomicInteger();
    boolean metatypeAvailable = true;

    final Bundle bundle = proxy(Bundle.class, (name, args) -> switch (name) {
        case "getSymbolicName" -> "test.bundle";
        case "getBundleId" -> 7L;
        default -> null;
    });
    ServiceReference<?> reference = reference(bundle);

    ConfigurationGuard guard;

    @BeforeEach
    void setUp() {
        guard = new ConfigurationGuard();
        guard.metaType = proxy(MetaTypeService.class, (name, args) -> {
            if (!name.equals("getMetaTypeInformation")) {
                return null;
            }
            lookups.incrementAndGet();
            assertSame(bundle, args[0], "metatype must be looked up for the receiving bundle");
            return metatypeAvailable ? information() : null;
        });
    }

    MetaTypeInformation information() {
        return proxy(MetaTypeInformation.class, (name, args) -> switch (name) {
            case "getPids" -> pids.keySet().toArray(new String[0]);
            case "getFactoryPids" -> factoryPids.keySet().toArray(new String[0]);
            case "getBundle" -> bundle;
            case "getLocales" -> null;
            case "getObjectClassDefinition" -> {
                String id = (String) args[0];
                AttributeDefinition[] ads = pids.containsKey(id) ? pids.get(id) : factoryPids.get(id);
                if (ads == null) {
                    throw new IllegalArgumentException("no such pid " + id);
                }
                yield ocd(id, ads);
            }
            default -> null;
        });
    }

    static ObjectClassDefinition ocd(String id, AttributeDefinition[] ads) {
        return proxy(ObjectClassDefinition.class, (name, args) -> switch (name) {
            case "getID", "getName" -> id;
            case "getAttributeDefinitions" -> ads;
            default -> null;
        });
    }

    static ServiceReference<?> reference(Bundle bundle) {
        return proxy(ServiceReference.class, (name, args) -> name.equals("getBundle") ? bundle : null);
    }

    interface Handler {
        Object handle(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Handler handler) {
        return (T) Proxy.newProxyInstance(ConfigurationGuardTest.class.getClassLoader(), new Class<?>[] {type},
                (p, m, args) -> switch (m.getName()) {
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    case "toString" -> type.getSimpleName() + "@fake";
                    default -> handler.handle(m.getName(), args);
                });
    }

    static Dictionary<String, Object> config(String pid, Object... keyValues) {
        Hashtable<String, Object> d = new Hashtable<>();
        d.put(Constants.SERVICE_PID, pid);
        for (int i = 0; i < keyValues.length; i += 2) {
            d.put((String) keyValues[i], keyValues[i + 1]);
        }
        return d;
    }

    static Map<String, Object> map(Dictionary<String, Object> d) {
        Map<String, Object> m = new HashMap<>();
        for (String k : Collections.list(d.keys())) {
            m.put(k, d.get(k));
        }
        return m;
    }

    Dictionary<String, Object> deliver(Dictionary<String, Object> d) {
        guard.modifyConfiguration(reference, d);
        return d;
    }

    @Test
    void goodValuesPassUntouched() {
        pids.put(PID, ADS);
        Dictionary<String, Object> d = config(PID, "port", "8080", "ratio", 1.5, "mode", "a", "other", "x y z");
        Map<String, Object> before = map(d);
        deliver(d);
        assertEquals(before, map(d));
        assertEquals(before, guard.lastGood(PID), "what was delivered, in full");
        assertEquals(1, lookups.get());
    }

    @Test
    void badValueIsReplacedWithTheLastGoodOne() {
        pids.put(PID, ADS);
        deliver(config(PID, "port", 8080, "ratio", 1.5));
        deliver(config(PID, "port", 9090, "ratio", 2.0)); // the latest good value counts

        Dictionary<String, Object> d = deliver(config(PID, "port", "abc", "ratio", 3.0));
        assertEquals(9090, d.get("port"));
        assertEquals(3.0, d.get("ratio"), "good keys of the same configuration still update");
        assertEquals(Map.of(Constants.SERVICE_PID, PID, "port", 9090, "ratio", 3.0), guard.lastGood(PID),
                "a bad value is not remembered");

        Dictionary<String, Object> again = deliver(config(PID, "port", new String[] {"1", "2"}, "ratio", "NaN"));
        assertEquals(9090, again.get("port"));
        assertEquals(3.0, again.get("ratio"));
    }

    @Test
    void badValueWithoutAPreviousGoodOneIsRemoved() {
        pids.put(PID, ADS);
        Dictionary<String, Object> d = deliver(config(PID, "port", 8080, "mode", "c", "secret", "hunter2"));
        assertNull(d.get("mode"));
        assertFalse(Collections.list(d.keys()).contains("mode"));
        assertEquals(8080, d.get("port"));
        assertEquals("hunter2", d.get("secret"));
        assertEquals(PID, d.get(Constants.SERVICE_PID));
    }

    @Test
    void lastGoodValuesArePerPid() {
        pids.put(PID, ADS);
        pids.put("genlock.other", ADS);
        deliver(config(PID, "port", 8080));
        Dictionary<String, Object> other = deliver(config("genlock.other", "port", "abc"));
        assertNull(other.get("port"), "another pid's good value must not leak in");
        assertEquals(8080, deliver(config(PID, "port", "abc")).get("port"));
    }

    @Test
    void pidsWithoutMetatypeAreUntouched() {
        pids.put(PID, ADS);
        Dictionary<String, Object> unknownPid = config("genlock.unknown", "port", "abc", "mode", "zzz");
        Map<String, Object> before = map(unknownPid);
        deliver(unknownPid);
        assertEquals(before, map(unknownPid));

        metatypeAvailable = false;
        Dictionary<String, Object> noInfo = config(PID, "port", "abc");
        deliver(noInfo);
        assertEquals("abc", noInfo.get("port"));
    }

    @Test
    void noReferenceBundleOrPidIsLeftAlone() {
        pids.put(PID, ADS);
        Dictionary<String, Object> d = config(PID, "port", "abc");
        guard.modifyConfiguration(null, d);
        guard.modifyConfiguration(reference(null), d);
        assertEquals("abc", d.get("port"));

        Hashtable<String, Object> noPid = new Hashtable<>(Map.of("port", "abc"));
        guard.modifyConfiguration(reference, noPid);
        assertEquals("abc", noPid.get("port"));
    }

    @Test
    void factoryConfigurationsUseTheFactoryDefinition() {
        factoryPids.put(FACTORY, ADS);
        // a plain pid of the same name is not described: the factory definition must be used
        String pid = FACTORY + "~main";
        Dictionary<String, Object> good = config(pid, ConfigurationAdmin.SERVICE_FACTORYPID, FACTORY, "port", 1000);
        deliver(good);
        Dictionary<String, Object> bad = config(pid, ConfigurationAdmin.SERVICE_FACTORYPID, FACTORY,
                "port", "x", "mode", "z");
        deliver(bad);
        assertEquals(1000, bad.get("port"));
        assertNull(bad.get("mode"));

        // another instance of the same factory has its own history
        Dictionary<String, Object> second = config(FACTORY + "~backup", ConfigurationAdmin.SERVICE_FACTORYPID, FACTORY,
                "port", "x");
        deliver(second);
        assertNull(second.get("port"));
    }

    @Test
    void aFactoryPidIsNotLookedUpAmongPlainPids() {
        pids.put(FACTORY, ADS); // described as a singleton only
        Dictionary<String, Object> d = config(FACTORY + "~1", ConfigurationAdmin.SERVICE_FACTORYPID, FACTORY, "port", "x");
        deliver(d);
        assertEquals("x", d.get("port"));
    }

    @Test
    void multiValueAttributesAreCheckedAsAWhole() {
        pids.put(PID, new AttributeDefinition[] {new Ad("hosts", AttributeDefinition.STRING, 2, null),
            new Ad("ports", AttributeDefinition.INTEGER, Integer.MIN_VALUE, null)});
        String[] hosts = {"a", "b"};
        Dictionary<String, Object> d = deliver(config(PID, "hosts", hosts, "ports", List.of(1, 2, 3)));
        assertSame(hosts, d.get("hosts"));
        assertEquals(List.of(1, 2, 3), d.get("ports"));

        Dictionary<String, Object> tooMany = deliver(config(PID, "hosts", new String[] {"a", "b", "c"}, "ports", List.of(1, "x")));
        assertSame(hosts, tooMany.get("hosts"));
        assertEquals(List.of(1, 2, 3), tooMany.get("ports"));
    }

}
