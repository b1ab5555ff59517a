package org.genlock.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.osgi.framework.Bundle;

/**
 * The shipped {@code configs/}, embedded in this bundle, written out when the FileInstall directory
 * does not exist: a jar copied alone into an empty directory then plays ch1 with the console on
 * 127.0.0.1:8080, as it does from the repository. An existing directory, even an empty one, is the
 * operator's and is never touched. Written to a temporary sibling and renamed, so a start that dies
 * half-way leaves no partial {@code configs/} that would pass for the operator's at the next start.
 */
final class DefaultConfigs {

    /** Where the build puts the shipped files inside this bundle. */
    static final String EMBEDDED = "genlock/defaults/configs";

    private DefaultConfigs() {
    }

    /** The embedded files by name, in name order. */
    static SortedMap<String, URL> embedded(Bundle bundle) {
        SortedMap<String, URL> files = new TreeMap<>();
        Enumeration<URL> entries = bundle.findEntries(EMBEDDED, "*", false);
        while (entries != null && entries.hasMoreElements()) {
            URL url = entries.nextElement();
            String path = url.getPath();
            if (!path.endsWith("/")) {
                files.put(path.substring(path.lastIndexOf('/') + 1), url);
            }
        }
        return files;
    }

    /**
     * Creates {@code dir} with the embedded files if it does not exist.
     *
     * @param dir   the FileInstall directory, or null when there is none (no FileInstall)
     * @param files the embedded files by name
     * @return the names written, empty if nothing was (the directory exists or there is none)
     * @throws IOException if the directory cannot be created
     */
    static List<String> createIfMissing(Path dir, SortedMap<String, URL> files) throws IOException {
        if (dir == null || Files.exists(dir) || files.isEmpty()) {
            return List.of();
        }
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + dir.getFileName() + "-");
        try {
            List<String> written = new ArrayList<>();
            for (Map.Entry<String, URL> f : files.entrySet()) {
                try (InputStream in = f.getValue().openStream()) {
                    Files.copy(in, staging.resolve(f.getKey()));
                }
                written.add(f.getKey());
            }
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            return written;
        } catch (IOException | RuntimeException e) {
            delete(staging);
            throw e;
        }
    }

    /** The FileInstall directory the platform watches, or null without one. */
    static Path directory(String fileinstallDirs) {
        if (fileinstallDirs == null) {
            return null;
        }
        for (String dir : fileinstallDirs.split(",")) {
            if (!dir.isBlank()) {
                return Path.of(dir.strip());
            }
        }
        return null;
    }

    private static void delete(Path staging) {
        try (var files = Files.list(staging)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(staging);
        } catch (IOException e) {
            // a hidden leftover; the next start makes a fresh staging directory
        }
    }
}
