package org.genlock.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ErrorJsonTest {

    @Test
    void allowedOnlyWhenThereIsAChoice() {
        assertEquals("{\"status\":404,\"error\":\"no such resource\"}", ErrorJson.body(404, "no such resource", List.of()));
        assertEquals("{\"status\":400,\"error\":\"x\",\"allowed\":[\"a\",\"b\"]}",
                ErrorJson.body(400, "x", List.of("a", "b")));
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("{\"status\":400,\"error\":\"a \\\"b\\\" c\\\\d\\n\\u0001\"}",
                ErrorJson.body(400, "a \"b\" c\\d\n\u0001", null));
    }

    @Test
    void genlockPathsAreTheContextAndBelow() {
        assertTrue(ErrorJson.genlockPath("/genlock"));
        assertTrue(ErrorJson.genlockPath("/genlock/api"));
        assertFalse(ErrorJson.genlockPath("/genlockx"));
        assertFalse(ErrorJson.genlockPath("/system/console"));
        assertFalse(ErrorJson.genlockPath(null));
    }
}
