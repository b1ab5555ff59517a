package org.genlock.telemetry.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.genlock.api.backend.VideoBackend;
import org.genlock.api.telemetry.Observation;
import org.genlock.api.telemetry.TelemetrySink;
import org.genlock.api.telemetry.Topics;
import org.genlock.support.ConfigRejected;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health telemetry of every channel: one daemon thread polls each channel's frame log every
 * 100 ms and its status every second, keeps rolling windows and a verdict, counts
 * observations, and posts rate-limited EventAdmin events on
 * {@code org/genlock/channel/<id>/STATE|UNDERRUN|LATE|SWAP|HEALTH}. Only reads from the backend: it
 * never runs on, nor blocks, the playout threads, so stopping it leaves playout alone.
 */
@Component(service = { TelemetrySink.class, HealthTelemetry.class }, immediate = true,
        configurationPid = HealthTelemetry.PID)
@Designate(ocd = TelemetryConfig.class)
public class HealthTelemetry implements TelemetrySink {

    static final String PID = "genlock.telemetry";
    static final String THREAD_NAME = "genlock-telemetry";
    static final long TICK_MILLIS = 100;
    /** Status polls happen every this many ticks (1 s). */
    static final int STATUS_EVERY_TICKS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(HealthTelemetry.class);

    private final Map<String, ChannelTelemetry> channels = new ConcurrentHashMap<>();
    private final LongSupplier wallMillis;
    private final LongSupplier monotonicNanos;
    private final Consumer<String> episodeLog;
    private final Exposition exposition = new Exposition(this::snapshots);
    private volatile Thresholds thresholds = Thresholds.DEFAULTS;
    private ScheduledExecutorService scheduler;
    private long ticks;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    /** For DS. */
    public HealthTelemetry() {
        this(System::currentTimeMillis, System::nanoTime, LOG::warn);
    }

    /** For tests: explicit clocks and episode log. */
    HealthTelemetry(LongSupplier wallMillis, LongSupplier monotonicNanos, Consumer<String> episodeLog) {
        this.wallMillis = wallMillis;
        this.monotonicNanos = monotonicNanos;
        this.episodeLog = episodeLog;
    }

    @Activate
    void activate(TelemetryConfig config) {
        configure(config);
        exposition.registerJvm();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleAtFixedRate(this::safeTick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Modified
    void modified(TelemetryConfig config) {
        configure(config);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        scheduler.shutdownNow();
        if (!scheduler.awaitTermination(2, TimeUnit.SECONDS)) {
            LOG.warn("{} thread did not stop within 2 s", THREAD_NAME);
        }
    }

    void configure(TelemetryConfig config) {
        try {
            thresholds = Thresholds.of(config);
        } catch (ConfigRejected e) {
            LOG.error("{}; the previous configuration stays in force", e.getMessage());
        }
    }

    Thresholds thresholds() {
        return thresholds;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindBackend(VideoBackend backend) {
        ChannelTelemetry channel = new ChannelTelemetry(backend, episodeLog, exposition);
        ChannelTelemetry previous = channels.put(channel.channelId(), channel);
        if (previous != null) {
            LOG.warn("Two channel backends report the id {}; telemetry follows the newer one", channel.channelId());
        }
    }

    void unbindBackend(VideoBackend backend) {
        channels.values().removeIf(c -> {
            if (c.backend() != backend) {
                return false;
            }
            exposition.remove(c.channelId());
            return true;
        });
    }

    /** What /metrics shows. */
    Exposition exposition() {
        return exposition;
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException | Error e) {
            // A scheduled task that throws is never run again: keep the thread alive.
            LOG.error("Telemetry poll failed; continuing", e);
        }
    }

    /** One scheduler period: frame logs always, status every {@link #STATUS_EVERY_TICKS}th time. */
    void tick() {
        boolean statusDue = ticks++ % STATUS_EVERY_TICKS == 0;
        long now = wallMillis.getAsLong();
        for (ChannelTelemetry channel : channels.values()) {
            try {
                channel.pollFrames(now);
                if (statusDue) {
                    channel.pollStatus(now, thresholds);
                }
                // Also sends what a rate limit held back once the limit allows it.
                for (ChannelTelemetry.EventKind kind : ChannelTelemetry.EventKind.values()) {
                    post(channel, kind);
                }
            } catch (RuntimeException e) {
                // A backend going away between bind and unbind: skip it this round.
                LOG.debug("Polling channel {} failed: {}", channel.channelId(), e.toString());
            }
        }
    }

    @Override
    public void observe(Observation observation) {
        ChannelTelemetry channel = channels.get(observation.channelId());
        if (channel == null) {
            return;
        }
        ChannelTelemetry.EventKind kind = channel.observe(observation);
        if (kind != null) {
            post(channel, kind);
        }
    }

    /** Posts the channel's due event of {@code kind}, if any; without EventAdmin it stays pending. */
    private void post(ChannelTelemetry channel, ChannelTelemetry.EventKind kind) {
        EventAdmin events = eventAdmin;
        if (events == null) {
            return;
        }
        Map<String, Object> properties = channel.pollEvent(kind, monotonicNanos.getAsLong());
        if (properties != null) {
            properties.put(Topics.PROPERTY_CHANNEL, channel.channelId());
            events.postEvent(new Event(topic(channel.channelId(), kind.suffix()), properties));
        }
    }

    /** The channel's topic; characters a topic token may not hold become '_'. */
    static String topic(String channelId, String suffix) {
        return Topics.PREFIX + channelId.replaceAll("[^A-Za-z0-9_\\-]", "_") + suffix;
    }

    /** Snapshots of every channel, ordered by id. */
    public List<ChannelSnapshot> snapshots() {
        return channels.values().stream().map(ChannelTelemetry::snapshot)
                .sorted(Comparator.comparing(ChannelSnapshot::channelId)).toList();
    }

    /**
     * The per-second series of one channel over the last {@code seconds} (1..600) up to the
     * current second.
     */
    public Optional<BucketRing.Series> series(String channelId, int seconds) {
        ChannelTelemetry channel = channels.get(channelId);
        return channel == null ? Optional.empty() : Optional.of(channel.series(seconds, wallMillis.getAsLong()));
    }

    /** The snapshot of one channel. */
    public Optional<ChannelSnapshot> snapshot(String channelId) {
        ChannelTelemetry channel = channels.get(channelId);
        return channel == null ? Optional.empty() : Optional.of(channel.snapshot());
    }

    /** The ids of the channels tracked, sorted. */
    public List<String> channelIds() {
        return channels.keySet().stream().sorted().toList();
    }
}
