package org.genlock.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ConfigOriginTest {

    static final String PID = "genlock.channel~ch1";

    @Test
    void aFileUnderTheWorkingDirectoryIsNamedRelativeToIt() {
        Path file = Path.of("").toAbsolutePath().resolve("configs").resolve("genlock.channel-ch1.cfg");
        assertEquals("configs/genlock.channel-ch1.cfg", ConfigOrigin.file(file.toUri().toString()));
        assertEquals("configs/genlock.channel-ch1.cfg", ConfigOrigin.file(file.toString()));
    }

    @Test
    void aFileElsewhereIsAbsoluteAndEscapesAreDecoded() {
        assertEquals("/nonexistent-root/x/a.cfg", ConfigOrigin.file("file:/nonexistent-root/x/a.cfg"));
        Path spaced = Path.of("").toAbsolutePath().resolve("my configs").resolve("a.cfg");
        assertEquals("my configs/a.cfg", ConfigOrigin.file(spaced.toUri().toString()));
    }

    @Test
    void anUnparsableNameIsKeptAndNoFileIsNull() {
        assertEquals("file:bad name%", ConfigOrigin.file("file:bad name%"));
        assertNull(ConfigOrigin.file(null));
    }

    @Test
    void describeNamesFileSubjectAndPid() {
        assertEquals("configs/x.cfg (channel ch1, configuration " + PID + ")",
                ConfigOrigin.describe("configs/x.cfg", "channel ch1", PID));
        assertEquals("configuration " + PID, ConfigOrigin.describe(null, null, PID));
        assertEquals("configs/x.cfg (configuration " + PID + ")", ConfigOrigin.describe("configs/x.cfg", null, PID));
    }
}
