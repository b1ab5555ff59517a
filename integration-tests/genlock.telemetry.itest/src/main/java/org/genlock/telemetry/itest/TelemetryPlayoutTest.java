package org.genlock.telemetry.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.VideoBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The telemetry against a real 720p50 channel on the clock device with dropped frames
 * injected: /metrics agrees with the backend's counters, the verdict names the drops, a
 * HEALTH event arrives, and stopping the telemetry bundle does not disturb playout.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class TelemetryPlayoutTest {

    static final String CHANNEL = "tel1";
    static final long TIMEOUT_MS = 30_000;
    static final Set<BackendState> ON_AIR = EnumSet.of(BackendState.RUNNING, BackendState.DEGRADED);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20_000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 20_000)
    HttpServiceRuntime httpRuntime;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<Event> healthEvents = new CopyOnWriteArrayList<>();
    ServiceRegistration<EventHandler> handler;
    Configuration channel;

    @AfterEach
    void cleanUp() throws Exception {
        if (handler != null) {
            handler.unregister();
        }
        if (channel != null) {
            channel.delete();
        }
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().startsWith("genlock.") && b.getState() == Bundle.RESOLVED) {
                b.start();
            }
        }
    }

    @Test
    void metricsAgreeWithTheBackendAndStoppingTelemetryLeavesPlayoutAlone() throws Exception {
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, "org/genlock/channel/" + CHANNEL + "/HEALTH");
        handler = context.registerService(EventHandler.class, healthEvents::add, topics);

        configureDevice(25);
        Dictionary<String, Object> policy = new Hashtable<>();
        policy.put("prerollFrames", 6);
        policy.put("targetReadyFrames", 4);
        policy.put("maxReadyFrames", 6);
        policy.put("maxHeadroomFrames", 6);
        configAdmin.getConfiguration("genlock.policy.standard", "?").update(policy);
        Dictionary<String, Object> ch = new Hashtable<>();
        ch.put("channel.id", CHANNEL);
        ch.put("format", "720p50");
        ch.put("program", "bars | timecode");
        ch.put("device.target", "(genlock.device.id=clock)");
        ch.put("renderer.target", "(genlock.renderer.id=software)");
        ch.put("policy.target", "(genlock.policy.id=standard)");
        ch.put("strategy.target", "(genlock.strategy.id=repeat)");
        channel = configAdmin.getFactoryConfiguration("genlock.channel", CHANNEL, "?");
        channel.update(ch);

        VideoBackend backend = awaitOnAir();
        Thread.sleep(4000);

        // The verdict names the drops (status and verdict are refreshed once a second).
        String health = awaitBody("/genlock/api/channels/" + CHANNEL + "/health", "\"verdict\" : \"DEGRADED\"");
        assertThat(health).contains("dropped frames in last 10 s");
        long eventDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (healthEvents.isEmpty() && System.nanoTime() < eventDeadline) {
            Thread.sleep(20); // EventAdmin delivers posted events asynchronously
        }
        assertThat(healthEvents).as("HEALTH events").isNotEmpty();
        assertThat(healthEvents.get(0).getProperty("verdict")).isEqualTo("DEGRADED");

        // Stop injecting, let the last drops complete and the telemetry poll the status again:
        // then the counters stand still and must agree exactly.
        configureDevice(0);
        Thread.sleep(2500);
        long dropped = backend.status().counters().dropped();
        assertThat(dropped).as("dropped completions injected").isPositive();
        assertThat(metric(get("/metrics").body(), "genlock_completions_total", "result=\"dropped\""))
                .as("/metrics dropped vs backend status").isEqualTo(dropped);
        assertThat(metric(get("/metrics").body(), "genlock_underruns_total", null))
                .isEqualTo(backend.status().counters().underruns());

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("/metrics without credentials").isEqualTo(401);

        // Stop the telemetry bundle for 2 s during playout: nothing on air notices.
        Bundle telemetry = bundle("genlock.telemetry");
        ChannelStatus before = backend.status();
        telemetry.stop();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < end) {
            assertThat(backend.state()).as("state while telemetry is stopped").isIn(ON_AIR);
            Thread.sleep(20);
        }
        ChannelStatus after = backend.status();
        telemetry.start();
        assertThat(after.counters().dropped() - before.counters().dropped()).as("dropped added").isZero();
        assertThat(after.counters().late() - before.counters().late()).as("late added").isZero();
        assertThat(after.counters().underruns() - before.counters().underruns()).as("underruns added").isZero();
        assertThat(after.counters().framesAired()).isGreaterThan(before.counters().framesAired() + 80);
        awaitBody("/genlock/api/health", "\"channel\" : \"" + CHANNEL + "\"");
    }

    void configureDevice(int dropEvery) throws Exception {
        Dictionary<String, Object> device = new Hashtable<>();
        device.put("id", "clock");
        device.put("mode", "paced");
        device.put("sink", "discard");
        device.put("snapshot.path", "");
        device.put("fault.drop.every", dropEvery);
        configAdmin.getConfiguration("genlock.device.clock", "?").update(device);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (context.getServiceReferences(org.genlock.api.device.VideoOutputDevice.class, "(genlock.device.id=clock)")
                .isEmpty()) {
            assertThat(System.nanoTime()).as("clock device registered").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    VideoBackend awaitOnAir() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            for (ServiceReference<VideoBackend> ref : context.getServiceReferences(VideoBackend.class, null)) {
                VideoBackend b = context.getService(ref);
                if (b != null && CHANNEL.equals(b.channelId()) && ON_AIR.contains(b.state())) {
                    return b;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("channel " + CHANNEL + " did not go on air within " + TIMEOUT_MS + " ms");
    }

    Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** The value of the channel's sample of {@code name} with the extra label, from Prometheus text. */
    static long metric(String text, String name, String label) {
        String labels = "channel=\"" + CHANNEL + "\"" + (label == null ? "" : "," + label);
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\d+)$").matcher(text);
        assertThat(m.find()).as("%s{%s} in\n%s", name, labels, text).isTrue();
        return Long.parseLong(m.group(1));
    }

    String awaitBody(String path, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        HttpResponse<String> last;
        do {
            last = get(path);
            if (last.statusCode() == 200 && last.body().contains(expected)) {
                return last.body();
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(path + " never contained " + expected + "; last " + last.statusCode() + ": " + last.body());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + password()).getBytes(StandardCharsets.UTF_8)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    String base() {
        ServiceReference<HttpServiceRuntime> ref = context.getServiceReference(HttpServiceRuntime.class);
        Object endpoint = ref.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String first = endpoint instanceof String[] a ? a[0]
                : endpoint instanceof java.util.Collection<?> c ? String.valueOf(c.iterator().next())
                : String.valueOf(endpoint);
        return first.endsWith("/") ? first.substring(0, first.length() - 1) : first;
    }

    String password() throws IOException, InterruptedException {
        Path file = Path.of(context.getProperty("genlock.home"), "secrets", "console-password");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return Files.readString(file).trim();
    }
}
