package org.genlock.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpAddressCheckTest {

    @TempDir
    Path dir;

    @Test
    void aPortHeldByAnotherSocketIsNamedWithHostPortAndFile() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Files.writeString(dir.resolve("org.apache.felix.http.cfg"),
                    "org.apache.felix.http.host=127.0.0.1\norg.osgi.service.http.port=" + port + "\n");
            String problem = HttpAddressCheck.problem(props(Map.of("felix.fileinstall.dir", dir.toString(),
                    "org.osgi.service.http.port", "1")));
            assertTrue(problem != null && problem.contains("127.0.0.1:" + port) && problem.contains("in use")
                    && problem.contains(dir.resolve("org.apache.felix.http.cfg").toString()), problem);
        }
    }

    @Test
    void aFreePortPassesAndTheCheckReleasesItAtOnce() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertNull(HttpAddressCheck.problem(props(Map.of("org.apache.felix.http.host", "127.0.0.1",
                "org.osgi.service.http.port", "" + port))));
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @Test
    void theFileWinsOverTheFrameworkPropertyAndDisabledOrEphemeralOrMalformedPortsAreNotChecked() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            UnaryOperator<String> fw = props(Map.of("felix.fileinstall.dir", dir.toString(),
                    "org.apache.felix.http.host", "127.0.0.1", "org.osgi.service.http.port", "" + port));
            assertTrue(HttpAddressCheck.problem(fw) != null, "framework property alone applies without a file");
            Files.writeString(dir.resolve("org.apache.felix.http.cfg"), "org.osgi.service.http.port=0\n");
            assertNull(HttpAddressCheck.problem(fw));
            Files.writeString(dir.resolve("org.apache.felix.http.cfg"), "org.osgi.service.http.port=eighty\n");
            assertNull(HttpAddressCheck.problem(fw));
            Files.writeString(dir.resolve("org.apache.felix.http.cfg"),
                    "org.apache.felix.http.enable=false\norg.osgi.service.http.port=" + port + "\n");
            assertNull(HttpAddressCheck.problem(fw));
        }
    }

    @Test
    void anUnknownHostIsNamed() {
        String problem = HttpAddressCheck.bindProblem("no-such-host.invalid", 8080, "test");
        assertTrue(problem != null && problem.contains("no-such-host.invalid:8080") && problem.contains("unknown"), problem);
    }

    private static UnaryOperator<String> props(Map<String, String> values) {
        return values::get;
    }
}
