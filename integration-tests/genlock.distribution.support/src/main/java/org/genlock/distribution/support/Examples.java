package org.genlock.distribution.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The SDK examples' bundles as an integrator builds them: from their own folder, with Maven,
 * as examples/README.md says (v1 by default, v2 with {@code -Dexample.variant=v2}). The Genlock
 * build makes them first (examples/pom.xml); when their jars are missing they are built here,
 * with the SDK repository that build left in examples/target/local-repo if there is one. And jars for deploy/: copied in as one atomic step (as an
 * integrator's {@code mv} does), or made broken on purpose.
 */
public final class Examples {

    public static final Path DIR = Path.of(System.getProperty("genlock.examples.dir", "../../examples"));
    /** The example policy's bundle symbolic name and the policy id it registers. */
    public static final String POLICY_BSN = "com.example.genlock.policy";
    public static final String POLICY_ID = "example";

    private Examples() {
    }

    /** The example policy's bundle jar of {@code variant} (v1: 1.0.0, v2: 2.0.0), built if missing. */
    public static Path policy(String variant) throws IOException, InterruptedException {
        Path project = DIR.resolve("policy-example").toAbsolutePath().normalize();
        Path target = project.resolve("bundle/target" + (variant.equals("v1") ? "" : "/" + variant));
        Path jar = bundleJar(target);
        if (jar != null) {
            return jar;
        }
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-q", "package", "-DskipTests", "-pl", "bundle"));
        Path sdk = DIR.resolve("target/local-repo").toAbsolutePath();
        if (Files.isDirectory(sdk)) {
            // the SDK as the Genlock build put it there for the examples (examples/pom.xml), offline;
            // -llr: that repository records where each file came from (examples/README.md)
            cmd.addAll(List.of("-o", "-llr", "-Dmaven.repo.local=" + sdk));
        }
        if (!variant.equals("v1")) {
            cmd.add("-Dexample.variant=" + variant);
        }
        Path log = Files.createTempFile("example-build-", ".log");
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("building the example policy " + variant + " took over 10 minutes; log " + log);
        }
        jar = bundleJar(target);
        if (p.exitValue() != 0 || jar == null) {
            throw new AssertionError("building the example policy " + variant + " in " + project + " (" + String.join(" ", cmd)
                    + ") failed with " + p.exitValue() + ":\n" + Files.readString(log));
        }
        return jar;
    }

    private static Path bundleJar(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(target, POLICY_BSN + "-*.jar")) {
            for (Path p : s) {
                if (!p.getFileName().toString().contains("-tests") && !p.getFileName().toString().contains("-sources")) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Puts {@code jar} into {@code dir} as {@code name} in one step, as {@code mv} does: never half a jar. */
    public static Path drop(Path jar, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + name + ".part");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A copy of {@code jar} with manifest headers set ({@code null} value: removed). */
    public static Path withHeaders(Path jar, Path out, String... headerValuePairs) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest mf = new Manifest(in.getManifest());
            Attributes a = mf.getMainAttributes();
            for (int i = 0; i < headerValuePairs.length; i += 2) {
                if (headerValuePairs[i + 1] == null) {
                    a.remove(new Attributes.Name(headerValuePairs[i]));
                } else {
                    a.putValue(headerValuePairs[i], headerValuePairs[i + 1]);
                }
            }
            try (OutputStream os = Files.newOutputStream(out); JarOutputStream jo = new JarOutputStream(os, mf)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    if (e.getName().equals(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    jo.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(jo);
                    jo.closeEntry();
                }
            }
        }
        return out;
    }

    /** A zip with a class but no manifest: a plain jar, not a bundle. */
    public static Path plainJar(Path out) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(out))) {
            z.putNextEntry(new ZipEntry("com/example/Plain.class"));
            z.write(new byte[] { (byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe });
            z.closeEntry();
        }
        return out;
    }

}
