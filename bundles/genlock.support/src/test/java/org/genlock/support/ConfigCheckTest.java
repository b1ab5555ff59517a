package org.genlock.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class ConfigCheckTest {

    enum Mode { FAST, KEY_SAFE }

    final ConfigCheck check = ConfigCheck.of("genlock.test");

    @Test
    void rangeAcceptsBoundsAndNamesPidKeyValueAndRangeOtherwise() {
        assertEquals(1, check.range("depth", 1, 1, 8));
        assertEquals(8, check.range("depth", 8, 1, 8));
        ConfigRejected e = assertThrows(ConfigRejected.class, () -> check.range("depth", 9, 1, 8));
        assertEquals("genlock.test: key 'depth' = '9' rejected (allowed: 1 to 8)", e.getMessage());
        assertEquals("depth", e.key());
        assertEquals(9, e.value());
    }

    @Test
    void doubleRangeRejectsNaN() {
        assertThrows(ConfigRejected.class, () -> check.range("ratio", Double.NaN, 0, 1));
        assertEquals(0.5, check.range("ratio", 0.5, 0, 1));
    }

    @Test
    void oneOfIsLenientOnCaseAndDashesAndListsTheAllowedValues() {
        assertEquals(Mode.KEY_SAFE, check.oneOf("mode", "key-safe", Mode.class));
        ConfigRejected e = assertThrows(ConfigRejected.class, () -> check.oneOf("mode", "slow", Mode.class));
        assertEquals("genlock.test: key 'mode' = 'slow' rejected (allowed: one of fast, key_safe)", e.getMessage());
    }

    @Test
    void parseWrapsTheParsersMessage() {
        ConfigRejected e = assertThrows(ConfigRejected.class,
                () -> check.parse("rate", "x", s -> Integer.valueOf(s)));
        assertEquals("genlock.test: key 'rate' = 'x' rejected (For input string: \"x\")", e.getMessage());
        assertEquals("abc", check.notBlank("name", " abc "));
        assertThrows(ConfigRejected.class, () -> check.notBlank("name", " "));
    }

    @Test
    void orPreviousKeepsThePreviousConfigurationAndSaysWhy() {
        java.util.List<String> logged = new java.util.ArrayList<>();
        assertEquals(5, ConfigCheck.orPrevious(() -> check.range("depth", 5, 1, 8), 3, logged::add));
        assertEquals(List.of(), logged);
        assertEquals(3, ConfigCheck.orPrevious(() -> check.range("depth", 9, 1, 8), 3, logged::add));
        assertEquals(List.of("genlock.test: key 'depth' = '9' rejected (allowed: 1 to 8); the previous configuration stays in force"),
                logged);
    }
}
