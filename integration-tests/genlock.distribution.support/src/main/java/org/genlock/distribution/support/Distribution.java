package org.genlock.distribution.support;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BinaryOperator;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One exported Genlock jar running as a real process in its own working directory, with
 * standard input closed (as under systemd or CI) or a pipe for Gogo commands, a copy of the
 * shipped configs/ on a free port, and its output in a log file ({@link #restart} starts it
 * again in the same directory). Shared by the distribution test and the browser test.
 */
public final class Distribution implements AutoCloseable {

    public static final Path DIST = Path.of(System.getProperty("genlock.distribution.dir", "../../bndrun/target"));
    public static final Path SHIPPED_CONFIGS = Path.of(System.getProperty("genlock.configs.dir", "../../configs"));

    /** The port line of org.apache.felix.http.cfg, commented out or not. */
    static final Pattern PORT_LINE = Pattern.compile("(?m)^#?\\s*org\\.osgi\\.service\\.http\\.port\\s*=.*$");

    public final Path workDir;
    public final Path log;
    public final int port;
    public final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Distribution(Path workDir, int port, Process process) {
        this.workDir = workDir;
        this.log = workDir.resolve("genlock.log");
        this.port = port;
        this.process = process;
    }

    public static Distribution start(String jar, Path workDir) throws IOException {
        return start(jar, workDir, false);
    }

    /** With {@code console}, standard input is a pipe the test types Gogo commands into. */
    public static Distribution start(String jar, Path workDir, boolean console) throws IOException {
        return start(jar, workDir, console, port -> List.of("-Dorg.osgi.service.http.port=" + port));
    }

    /**
     * As {@link #start(String, Path, boolean)}, with the JVM options {@code jvmOptions} gives for
     * the free port written into the copied configs/ (none: that file alone sets the port).
     */
    public static Distribution start(String jar, Path workDir, boolean console, IntFunction<List<String>> jvmOptions)
            throws IOException {
        return start(jar, workDir, console, jvmOptions, (name, text) -> text, Map.of());
    }

    /**
     * As {@link #start(String, Path, boolean, IntFunction)}, with the text of each copied config
     * file passed through {@code edit} (its file name, its text), e.g. to set a device sink.
     */
    public static Distribution start(String jar, Path workDir, boolean console, IntFunction<List<String>> jvmOptions,
            BinaryOperator<String> edit) throws IOException {
        return start(jar, workDir, console, jvmOptions, edit, Map.of());
    }

    /** As {@link #start(String, Path, boolean, IntFunction)}, with {@code environment} added to the process's. */
    public static Distribution start(String jar, Path workDir, boolean console, IntFunction<List<String>> jvmOptions,
            Map<String, String> environment) throws IOException {
        return start(jar, workDir, console, jvmOptions, (name, text) -> text, environment);
    }

    /** As {@link #start(String, Path, boolean, IntFunction, BinaryOperator)}, with {@code environment} added. */
    public static Distribution start(String jar, Path workDir, boolean console, IntFunction<List<String>> jvmOptions,
            BinaryOperator<String> edit, Map<String, String> environment) throws IOException {
        Path exported = DIST.resolve(jar).toAbsolutePath();
        if (!Files.isRegularFile(exported)) {
            throw new AssertionError("no exported distribution at " + exported
                    + "; build it first (mvn -B -q -f bndrun/pom.xml package)");
        }
        int port = freePort();
        Path configs = copyShippedConfigs(workDir);
        try (Stream<Path> files = Files.list(configs)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                String original = Files.readString(f);
                String edited = edit.apply(name, original);
                if (!edited.equals(original)) {
                    Files.writeString(f, edited);
                }
            }
        }
        // pinned in the file: tests run beside other processes, and a restart finds it there
        Path http = configs.resolve("org.apache.felix.http.cfg");
        String text = Files.readString(http);
        Matcher line = PORT_LINE.matcher(text);
        text = line.find() ? line.replaceAll("org.osgi.service.http.port=" + port)
                : text + "\norg.osgi.service.http.port=" + port + "\n";
        Files.writeString(http, text);
        return launch(exported, workDir, jvmOptions.apply(port), port, console, false, environment);
    }

    /**
     * Starts the jar as an operator does: in {@code workDir} as it is (with no configs/ there, or
     * the shipped ones {@link #copyShippedConfigs} put there), on the port {@code jvmOptions}
     * name (a free one chosen here and given to the function).
     */
    public static Distribution startAsIs(String jar, Path workDir, IntFunction<List<String>> jvmOptions)
            throws IOException {
        Path exported = DIST.resolve(jar).toAbsolutePath();
        if (!Files.isRegularFile(exported)) {
            throw new AssertionError("no exported distribution at " + exported);
        }
        int port = freePort();
        return launch(exported, workDir, jvmOptions.apply(port), port, false, false, Map.of());
    }

    /** Copies the shipped configs/ unchanged into {@code workDir}; returns the copy. */
    public static Path copyShippedConfigs(Path workDir) throws IOException {
        Path configs = Files.createDirectories(workDir.resolve("configs"));
        try (Stream<Path> files = Files.list(SHIPPED_CONFIGS)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, configs.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return configs;
    }

    /**
     * Starts the jar again in a working directory a previous {@link #start} prepared, keeping
     * its configs/ (with what the platform wrote back) and its .genlock/ state, on the port
     * its configs/ name: a process restart as an operator does it.
     */
    public static Distribution restart(String jar, Path workDir) throws IOException {
        Path exported = DIST.resolve(jar).toAbsolutePath();
        String http = Files.readString(workDir.resolve("configs/org.apache.felix.http.cfg"));
        java.util.regex.Matcher m = Pattern.compile("(?m)^org\\.osgi\\.service\\.http\\.port=(\\d+)").matcher(http);
        if (!m.find()) {
            throw new AssertionError("no port in " + workDir.resolve("configs/org.apache.felix.http.cfg"));
        }
        int port = Integer.parseInt(m.group(1));
        return launch(exported, workDir, List.of("-Dorg.osgi.service.http.port=" + port), port, false, true, Map.of());
    }

    /** With {@code appendLog}, the log continues the previous process's (a restart), else it starts empty. */
    private static Distribution launch(Path exported, Path workDir, List<String> jvmOptions, int port, boolean console,
            boolean appendLog, Map<String, String> environment) throws IOException {
        java.io.File log = workDir.resolve("genlock.log").toFile();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", exported.toString()));
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().putAll(environment);
        Process p = builder
                .directory(workDir.toFile())
                .redirectInput(console ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log) : ProcessBuilder.Redirect.to(log))
                .start();
        return new Distribution(workDir, port, p);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Types one line into the Gogo shell (only for a {@code console} start). */
    public void gogo(String command) throws IOException {
        var in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The bundle id Gogo's {@code lb -s} shows for {@code bsn}. */
    public long bundleId(String bsn) throws Exception {
        gogo("lb -s " + bsn);
        Pattern row = Pattern.compile("(?m)^\\s*(\\d+)\\|\\s*\\w+\\s*\\|\\s*\\d+\\|" + Pattern.quote(bsn) + "\\s");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            var m = row.matcher(log());
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("lb -s never listed " + bsn + "; log tail:\n" + tail());
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Waits until the log matches; fails with the log's tail otherwise. */
    public void awaitLog(String regex, Duration timeout) throws Exception {
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

    public String tail() throws IOException {
        String l = log();
        return l.length() > 4000 ? l.substring(l.length() - 4000) : l;
    }

    /** The origin of the platform's HTTP endpoint, e.g. {@code http://127.0.0.1:40123}. */
    public String origin() {
        return "http://127.0.0.1:" + port;
    }

    public Path passwordFile() {
        return workDir.resolve(".genlock/secrets/console-password");
    }

    public String generatedPassword() throws IOException {
        return Files.readString(passwordFile()).strip();
    }

    public HttpResponse<String> get(String path, String user, String password) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Stops or starts a bundle through the Web Console ({@code action} stop or start) as
     * {@code admin}, as an operator's click does; returns the HTTP status.
     */
    public int consoleBundle(String bsn, String action, String password) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("\\{\"id\":(\\d+),[^{}]*\"symbolicName\":\"" + Pattern.quote(bsn) + "\"")
                .matcher(get("/system/console/bundles.json", "admin", password).body());
        if (!m.find()) {
            throw new AssertionError(bsn + " is not in the Web Console's bundle list");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin() + "/system/console/bundles/" + m.group(1)))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=" + action)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /**
     * Sends a request with a body ({@code contentType} null: none) as {@code user}, with no
     * Origin or Referer (as curl or a script does: the cross-site guard lets those pass).
     */
    public HttpResponse<String> send(String method, String path, String contentType, String body, String user,
            String password) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until the path answers the status (connection refused counts as not yet). */
    public void awaitStatus(String path, String user, String password, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                int s = get(path, user, password).statusCode();
                if (s == status) {
                    return;
                }
                last = "HTTP " + s;
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("GET " + path + " as " + user + " never answered " + status + " (last: " + last
                + ", alive: " + process.isAlive() + "); log tail:\n" + tail());
    }

    /** SIGTERM, as systemd sends; returns the milliseconds the process took to exit. */
    public long terminate(Duration timeout) throws Exception {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not exit within " + timeout + " of SIGTERM; log tail:\n" + tail());
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** The local addresses of sockets listening on {@code port}, from /proc/net/tcp{,6}. */
    public List<String> listeningAddresses() throws IOException {
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path t = Path.of(table);
            if (!Files.exists(t)) {
                continue;
            }
            for (String line : Files.readAllLines(t)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[3].equals("0A")) { // 0A = LISTEN
                    continue;
                }
                String[] local = f[1].split(":");
                if (Integer.parseInt(local[1], 16) == port) {
                    out.add(local[0]);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
