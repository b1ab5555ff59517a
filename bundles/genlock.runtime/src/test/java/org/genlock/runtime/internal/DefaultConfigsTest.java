package org.genlock.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultConfigsTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingDirectoryIsCreatedWithEveryFileAndNoStagingLeftBehind() throws Exception {
        Path dir = tmp.resolve("work/configs");
        List<String> written = DefaultConfigs.createIfMissing(dir, files("b.cfg", "B", "a.cfg", "A"));
        assertEquals(List.of("a.cfg", "b.cfg"), written);
        assertEquals("A", Files.readString(dir.resolve("a.cfg")));
        assertEquals("B", Files.readString(dir.resolve("b.cfg")));
        try (Stream<Path> siblings = Files.list(dir.getParent())) {
            assertEquals(List.of(dir), siblings.toList(), "only configs/ beside it");
        }
    }

    @Test
    void anExistingDirectoryEvenAnEmptyOneIsNeverTouched() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("configs"));
        assertEquals(List.of(), DefaultConfigs.createIfMissing(dir, files("a.cfg", "A")));
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(0, entries.count());
        }
        assertEquals(List.of(), DefaultConfigs.createIfMissing(null, files("a.cfg", "A")), "no FileInstall directory");
    }

    @Test
    void aFailedCopyLeavesNoPartialDirectory() throws Exception {
        Path dir = tmp.resolve("configs");
        SortedMap<String, URL> files = files("a.cfg", "A");
        files.put("b.cfg", tmp.resolve("missing").toUri().toURL());
        assertThrows(IOException.class, () -> DefaultConfigs.createIfMissing(dir, files));
        try (Stream<Path> entries = Files.list(tmp)) {
            assertEquals(List.of(tmp.resolve("src")), entries.toList(), "no configs/ and no staging directory");
        }
    }

    @Test
    void theDirectoryIsTheFirstOfFileInstallsList() {
        assertEquals(Path.of("configs"), DefaultConfigs.directory("configs"));
        assertEquals(Path.of("a"), DefaultConfigs.directory(" ,a, b"));
        assertEquals(null, DefaultConfigs.directory(null));
    }

    /** name, content, name, content, ...: files under tmp/src, by name. */
    private SortedMap<String, URL> files(String... nameContent) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        SortedMap<String, URL> out = new TreeMap<>();
        for (int i = 0; i < nameContent.length; i += 2) {
            Path f = src.resolve(nameContent[i]);
            Files.writeString(f, nameContent[i + 1]);
            out.put(nameContent[i], f.toUri().toURL());
        }
        return out;
    }
}
