package org.genlock.api.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.genlock.api.video.Rational;
import org.junit.jupiter.api.Test;

/**
 * The API rules that the compiler does not check: every interface declares who implements it,
 * and every public class is an interface, record, enum, exception or constants holder.
 */
class ApiRulesTest {

	private static List<Path> classFiles() throws IOException, URISyntaxException {
		Path root = Path.of(Rational.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		try (Stream<Path> files = Files.walk(root.resolve("org/genlock/api"))) {
			return files.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().contains("$")
					&& !p.getFileName().toString().equals("package-info.class")).toList();
		}
	}

	private static String className(Path file) throws URISyntaxException {
		Path root = Path.of(Rational.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		String relative = root.relativize(file).toString();
		return relative.substring(0, relative.length() - ".class".length()).replace('/', '.').replace('\\', '.');
	}

	@Test
	void everyInterfaceIsProviderOrConsumerType() throws Exception {
		List<String> unmarked = new ArrayList<>();
		int interfaces = 0;
		for (Path file : classFiles()) {
			Class<?> type = Class.forName(className(file));
			if (!type.isInterface() || type.isAnnotation()) {
				continue;
			}
			interfaces++;
			// CLASS-retention annotations are not visible by reflection: look in the class file
			String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
			boolean provider = bytes.contains("Lorg/osgi/annotation/versioning/ProviderType;");
			boolean consumer = bytes.contains("Lorg/osgi/annotation/versioning/ConsumerType;");
			if (provider == consumer) {
				unmarked.add(type.getName());
			}
		}
		assertEquals(List.of(), unmarked, "interfaces without exactly one of @ProviderType/@ConsumerType");
		assertTrue(interfaces >= 23, "found only " + interfaces + " interfaces");
	}

	@Test
	void publicClassesAreValuesOnly() throws Exception {
		List<String> offenders = new ArrayList<>();
		for (Path file : classFiles()) {
			Class<?> type = Class.forName(className(file));
			if (!Modifier.isPublic(type.getModifiers()) || type.isInterface() || type.isRecord() || type.isEnum()
					|| Exception.class.isAssignableFrom(type)) {
				continue;
			}
			boolean constantsHolder = Modifier.isFinal(type.getModifiers()) && Stream.of(type.getDeclaredFields())
					.allMatch(f -> Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()));
			if (!constantsHolder) {
				offenders.add(type.getName());
			}
		}
		assertEquals(List.of(), offenders, "public implementation classes in the API");
	}
}
