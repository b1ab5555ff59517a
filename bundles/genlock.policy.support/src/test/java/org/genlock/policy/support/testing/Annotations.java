package org.genlock.policy.support.testing;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds instances of configuration annotation types as DS would: given values, else the defaults. */
public final class Annotations {

	private Annotations() {
	}

	/**
	 * Returns an instance of {@code type}.
	 *
	 * @param type   the annotation type
	 * @param values values by method name; missing ones take the declared default
	 * @return the instance
	 */
	public static <A extends Annotation> A of(Class<A> type, Map<String, ?> values) {
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
			if (method.getName().equals("annotationType")) {
				return type;
			}
			if (method.getDeclaringClass() == Object.class) {
				return switch (method.getName()) {
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					default -> type.getSimpleName() + values;
				};
			}
			return values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
		}));
	}
}
