package org.genlock.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RequestGuardTest {

    @Test
    void jsonMessagesAreEscaped() {
        assertEquals("a \\\"b\\\" \\\\ \\u000a", RequestGuard.jsonEscape("a \"b\" \\ \n"));
    }
}
