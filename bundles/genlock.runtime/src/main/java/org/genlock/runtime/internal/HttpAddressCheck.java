package org.genlock.runtime.internal;

import java.io.IOException;
import java.io.Reader;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Checks, before anything has started, that the HTTP server will be able to listen where it is
 * configured to: the host and port of {@code org.apache.felix.http.cfg} in the FileInstall
 * directory, else the framework properties, as Felix HTTP resolves them. A port taken by another
 * process is then one clear line at start, not a stack trace and a platform running without its
 * console. Jetty binds a few seconds later; a port taken in between is still Jetty's to report.
 */
final class HttpAddressCheck {

    static final String PID_FILE = "org.apache.felix.http.cfg";
    static final String HOST = "org.apache.felix.http.host";
    static final String PORT = "org.osgi.service.http.port";
    static final String ENABLE = "org.apache.felix.http.enable";
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";
    /** Felix HTTP's port when none is configured. */
    static final int DEFAULT_PORT = 8080;

    private HttpAddressCheck() {
    }

    /**
     * Why HTTP cannot listen where configured, or null if it can (or if the check does not
     * apply: HTTP disabled, an ephemeral port, a value Felix HTTP itself will reject).
     *
     * @param frameworkProperty the framework's properties ({@code BundleContext::getProperty})
     */
    static String problem(UnaryOperator<String> frameworkProperty) {
        Path file = configFile(frameworkProperty.apply(FILEINSTALL_DIR));
        Properties cfg = new Properties();
        if (file != null) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                cfg.load(in);
            } catch (IOException | IllegalArgumentException e) {
                return null; // FileInstall and the configuration check report an unreadable file
            }
        }
        String source = file != null ? file.toString() : "the framework properties";
        if ("false".equalsIgnoreCase(value(cfg, frameworkProperty, ENABLE))) {
            return null;
        }
        String portText = value(cfg, frameworkProperty, PORT);
        int port;
        try {
            port = portText == null ? DEFAULT_PORT : Integer.parseInt(portText.strip());
        } catch (NumberFormatException e) {
            return null;
        }
        if (port <= 0 || port > 65535) {
            return null;
        }
        String host = value(cfg, frameworkProperty, HOST);
        host = host == null || host.isBlank() ? null : host.strip();
        return bindProblem(host, port, source);
    }

    /** Binds and releases at once, as Jetty's connector binds (address reuse on). */
    static String bindProblem(String host, int port, String source) {
        String where = (host == null ? "*" : host) + ":" + port;
        InetSocketAddress address = host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            return "HTTP cannot listen on " + where + ": host '" + host + "' is unknown (" + HOST + " in " + source + ")";
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
            return null;
        } catch (BindException e) {
            String reason = e.getMessage() != null && e.getMessage().contains("in use")
                    ? "the port is in use by another process"
                    : e.getMessage();
            return "HTTP cannot listen on " + where + ": " + reason + " (" + PORT + " / " + HOST + " in " + source
                    + "); choose a free port or stop the other process";
        } catch (IOException | RuntimeException e) {
            return "HTTP cannot listen on " + where + ": " + e.getMessage() + " (" + source + ")";
        }
    }

    private static String value(Properties cfg, UnaryOperator<String> frameworkProperty, String key) {
        String v = cfg.getProperty(key);
        return v != null ? v : frameworkProperty.apply(key);
    }

    private static Path configFile(String dirs) {
        if (dirs == null) {
            return null;
        }
        for (String dir : dirs.split(",")) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir.strip()).resolve(PID_FILE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
