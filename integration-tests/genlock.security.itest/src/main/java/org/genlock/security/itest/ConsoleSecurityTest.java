package org.genlock.security.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Set;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

/**
 * The Web Console and the genlock servlet context in a real framework with Jetty: the
 * built-in admin/admin never works, the generated password does, configured credentials
 * replace it live, bad configuration keeps the previous credentials.
 */
class ConsoleSecurityTest extends ConsoleTestSupport {

    @BeforeEach
    void steadyState() throws Exception {
        base = endpoint();
        assertThat(base).as("HTTP endpoint").startsWith("http://127.0.0.1:");
        configuration().delete();
        awaitStatus(CONSOLE, generatedPassword(), 200);
        // Right after a restart of genlock.security the console is re-registered; wait until
        // it answers an anonymous request with a challenge, as it does in steady state.
        awaitStatus(CONSOLE, null, null, 401);
    }

    @AfterEach
    void reset() throws Exception {
        configuration().delete();
        for (Bundle b : context.getBundles()) {
            if ("genlock.security".equals(b.getSymbolicName()) && b.getState() != Bundle.ACTIVE) {
                b.start();
            }
        }
    }

    @Test
    void builtInAdminAdminIsRefusedAndTheGeneratedPasswordIsAccepted() throws Exception {
        assertThat(get(CONSOLE, "admin", "admin").statusCode()).isEqualTo(401);
        assertThat(get(CONSOLE, null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = get(CONSOLE, "admin", generatedPassword());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"symbolicName\":\"genlock.security\"");
    }

    @Test
    void generatedPasswordFileIsReadableByItsOwnerOnly() throws Exception {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(passwordFile());
        assertThat(perms).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(generatedPassword()).hasSizeGreaterThanOrEqualTo(20).doesNotContain("admin");
    }

    @Test
    void configuredCredentialsReplaceTheGeneratedOnesLive() throws Exception {
        String generated = generatedPassword();
        update("username", "operator", "password", "correct horse battery");
        awaitStatus(CONSOLE, "operator", "correct horse battery", 200);
        assertThat(get(CONSOLE, "admin", generated).statusCode()).isEqualTo(401);

        String hash = "{sha-256}" + Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest("another long secret".getBytes(StandardCharsets.UTF_8)));
        update("username", "operator", "password", hash);
        awaitStatus(CONSOLE, "operator", "another long secret", 200);
        assertThat(get(CONSOLE, "operator", "correct horse battery").statusCode()).isEqualTo(401);
    }

    @Test
    void theConfiguredPasswordNeverAppearsInAnyServiceProperty() throws Exception {
        update("username", "operator", "password", "secret that must stay private");
        awaitStatus(CONSOLE, "operator", "secret that must stay private", 200);
        for (ServiceReference<?> ref : context.getAllServiceReferences(null, null)) {
            for (String key : ref.getPropertyKeys()) {
                Object value = ref.getProperty(key);
                String text = value instanceof Object[] a ? java.util.Arrays.toString(a) : String.valueOf(value);
                assertThat(text).as("service %s property %s", ref, key).doesNotContain("secret that must stay private");
                if (ref.getBundle() != null && ref.getBundle().getSymbolicName().startsWith("genlock.")) {
                    assertThat(key).as("service %s", ref).isNotEqualToIgnoringCase("password");
                }
            }
        }
    }

    @Test
    void aCredentialChangeDoesNotTakeTheConsoleAwayEvenBriefly() throws Exception {
        update("username", "operator", "password", "correct horse battery");
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            // 429: the failed attempts before the change applied are throttled; still an answer of the console
            assertThat(get(CONSOLE, "operator", "correct horse battery").statusCode()).isIn(200, 401, 429);
        }
        awaitStatus(CONSOLE, "operator", "correct horse battery", 200);
    }

    @Test
    void weakOrMalformedConfigurationIsRejectedAndThePreviousCredentialsStay() throws Exception {
        update("username", "operator", "password", "correct horse battery");
        awaitStatus(CONSOLE, "operator", "correct horse battery", 200);

        update("username", "admin", "password", "admin");
        Thread.sleep(1000);
        assertThat(get(CONSOLE, "admin", "admin").statusCode()).isEqualTo(401);
        assertThat(get(CONSOLE, "operator", "correct horse battery").statusCode()).isEqualTo(200);

        update("username", "operator", "password", "{sha-256}not base64!");
        Thread.sleep(1000);
        assertThat(get(CONSOLE, "operator", "correct horse battery").statusCode()).isEqualTo(200);
    }

    @Test
    void stoppingTheSecurityBundleTakesTheConsoleAwayInsteadOfFallingBackToAdminAdmin() throws Exception {
        Bundle security = bundle("genlock.security");
        security.stop();
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            int status;
            do {
                status = get(CONSOLE, "admin", "admin").statusCode();
            } while (status == 200 && System.nanoTime() < deadline);
            // admin/admin must never be accepted, whatever else the console answers meanwhile.
            for (int i = 0; i < 5; i++) {
                assertThat(get(CONSOLE, "admin", "admin").statusCode()).isNotEqualTo(200);
                Thread.sleep(200);
            }
        } finally {
            security.start();
        }
        awaitStatus(CONSOLE, generatedPassword(), 200);
    }

    @Test
    void genlockServletContextRequiresTheSameCredentials() throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, "/probe");
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT,
                "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=genlock)");
        var reg = context.registerService(jakarta.servlet.Servlet.class, new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/plain");
                resp.getWriter().print("probe ok for " + req.getRemoteUser());
            }
        }, props);
        try {
            awaitStatus("/genlock/probe", generatedPassword(), 200);
            assertThat(get("/genlock/probe", "admin", generatedPassword()).body()).isEqualTo("probe ok for admin");
            HttpResponse<String> refused = get("/genlock/probe", "admin", "admin");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
            assertThat(get("/genlock/probe", null, null).statusCode()).isEqualTo(401);
        } finally {
            reg.unregister();
        }
    }

    // --- helpers

    void update(String... keyValues) throws IOException {
        Dictionary<String, Object> props = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        configuration().update(props);
    }
}
