package org.genlock.webconsole.browser;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The exported full distribution running as a real process in its own working directory,
 * with standard input closed, a copy of the shipped configs/ on a free port, and its output
 * in a log file. A focused copy of genlock.distribution.itest's helper of the same name
 * (start, log, password, GET, stop): the two modules are plain Surefire test modules, and
 * sharing the class would take a test-jar module for these few lines.
 */
final class Distribution implements AutoCloseable {

    static final Path DIST = Path.of(System.getProperty("genlock.distribution.dir", "../../bndrun/target"));
    static final Path SHIPPED_CONFIGS = Path.of(System.getProperty("genlock.configs.dir", "../../configs"));

    final Path workDir;
    final Path log;
    final int port;
    final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Distribution(Path workDir, int port, Process process) {
        this.workDir = workDir;
        this.log = workDir.resolve("genlock.log");
        this.port = port;
        this.process = process;
    }

    static Distribution start(String jar, Path workDir) throws IOException {
        Path exported = DIST.resolve(jar).toAbsolutePath();
        if (!Files.isRegularFile(exported)) {
            throw new AssertionError("no exported distribution at " + exported
                    + "; build it first (mvn -B -q -f bndrun/pom.xml package)");
        }
        int port = freePort();
        Path configs = Files.createDirectories(workDir.resolve("configs"));
        try (Stream<Path> files = Files.list(SHIPPED_CONFIGS)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String text = Files.readString(f);
                // the shipped file pins 8080; tests run beside other processes
                text = text.replaceAll("(?m)^org\\.osgi\\.service\\.http\\.port=.*$", "org.osgi.service.http.port=" + port);
                Files.writeString(configs.resolve(f.getFileName()), text);
            }
        }
        Process p = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.osgi.service.http.port=" + port,
                "-jar", exported.toString()))
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("genlock.log").toFile())
                .start();
        return new Distribution(workDir, port, p);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String origin() {
        return "http://127.0.0.1:" + port;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Waits until the log matches; fails with the log's tail otherwise. */
    void awaitLog(String regex, Duration timeout) throws Exception {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (p.matcher(log()).find()) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("log never matched /" + regex + "/ (process alive: " + process.isAlive()
                + "); log tail:\n" + tail());
    }

    String tail() throws IOException {
        String l = log();
        return l.length() > 4000 ? l.substring(l.length() - 4000) : l;
    }

    String generatedPassword() throws IOException {
        return Files.readString(workDir.resolve(".genlock/secrets/console-password")).strip();
    }

    HttpResponse<String> get(String path, String user, String password) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until the path answers 200 (connection refused counts as not yet). */
    void awaitOk(String path, String user, String password, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                int s = get(path, user, password).statusCode();
                if (s == 200) {
                    return;
                }
                last = "HTTP " + s;
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("GET " + path + " never answered 200 (last: " + last + ", alive: "
                + process.isAlive() + "); log tail:\n" + tail());
    }

    /** SIGTERM, as systemd sends; fails if the process does not exit in time. */
    void terminate(Duration timeout) throws Exception {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not exit within " + timeout + " of SIGTERM; log tail:\n" + tail());
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
