package org.genlock.security.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OriginCheckTest {

    static String refusal(String method, String origin, String referer) {
        return OriginCheck.refusal(method, origin, referer, "http", "127.0.0.1", 8080);
    }

    @Test
    void readsAreNeverChecked() {
        for (String method : new String[] {"GET", "HEAD", "OPTIONS"}) {
            assertNull(refusal(method, "http://evil.example", null));
        }
    }

    @Test
    void changesFromThisServerOrWithoutEitherHeaderPass() {
        assertNull(refusal("POST", "http://127.0.0.1:8080", null));
        assertNull(refusal("PUT", "HTTP://127.0.0.1:8080", "http://evil.example/"));
        assertNull(refusal("DELETE", null, "http://127.0.0.1:8080/system/console/bundles?x=1"));
        assertNull(refusal("POST", null, null));
        assertNull(OriginCheck.refusal("POST", "http://console.example", null, "http", "Console.Example", 80));
        assertNull(OriginCheck.refusal("POST", "https://console.example", null, "https", "console.example", 443));
        assertNull(OriginCheck.refusal("POST", "http://[::1]:8080", null, "http", "[::1]", 8080));
        assertNull(OriginCheck.refusal("POST", "http://[::1]:8080", null, "http", "::1", 8080));
    }

    @Test
    void anotherHostPortOrSchemeOrNoOriginAtAllIsForeign() {
        String r = refusal("POST", "http://evil.example", null);
        assertTrue(r != null && r.contains("Origin http://evil.example") && r.contains("http://127.0.0.1:8080"), r);
        assertNotNull(refusal("POST", "http://127.0.0.1:8081", null));
        assertNotNull(refusal("POST", "https://127.0.0.1:8080", null));
        assertNotNull(refusal("POST", "http://localhost:8080", null));
        assertNotNull(refusal("POST", "null", null));
        assertNotNull(refusal("POST", "", null));
        assertNotNull(refusal("PATCH", "garbage", null));
        assertNotNull(OriginCheck.refusal("POST", "http://console.example:8080", null, "http", "console.example", 80));
    }

    @Test
    void aForeignRefererWithoutOriginIsForeignAndTheOriginWinsOverTheReferer() {
        String r = refusal("POST", null, "http://evil.example/form.html");
        assertTrue(r != null && r.startsWith("Referer http://evil.example/form.html"), r);
        assertNotNull(refusal("POST", null, "not a url"));
        assertNotNull(refusal("POST", "http://evil.example", "http://127.0.0.1:8080/system/console"));
    }

    @Test
    void headerValuesAreShownWithoutControlCharacters() {
        String r = refusal("POST", "http://evil.example\r\nX-Injected: 1", null);
        assertTrue(r != null && !r.contains("\r") && !r.contains("\n"), r);
    }
}
