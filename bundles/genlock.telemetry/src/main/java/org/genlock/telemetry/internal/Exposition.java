package org.genlock.telemetry.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What {@code /metrics} shows, through the Prometheus Java client: the channels'
 * {@code genlock_*} families, the render time and lateness histograms, and the JVM's and the
 * process's metrics, in the format the scraper's Accept header asks for (Prometheus text
 * 0.0.4 by default, OpenMetrics text, or Prometheus protobuf, which carries the native
 * histograms). A registry of its own: the client's default registry is static and would
 * outlive this bundle.
 */
final class Exposition {

    /** Classic buckets of render time, seconds: 0.5 ms doubling to 0.512 s. */
    static final double[] RENDER_BOUNDS = { 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256,
        0.512 };
    /** Classic buckets of lateness, seconds: 0 (on time or early), then 1 ms doubling to 0.256 s. */
    static final double[] LATENESS_BOUNDS = { 0, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256 };

    private final PrometheusRegistry registry = new PrometheusRegistry();
    /** Made at the first scrape: it loads the protobuf writer with its shaded protobuf classes. */
    private volatile ExpositionFormats formats;
    private final Histogram render;
    private final Histogram lateness;
    private boolean jvm;

    Exposition(Supplier<List<ChannelSnapshot>> channels) {
        registry.register(new ChannelMetrics(channels));
        render = Histogram.builder().name("genlock_render_seconds")
                .help("Render time of fresh frames (from the frame log).").labelNames("channel")
                .classicUpperBounds(RENDER_BOUNDS).withoutExemplars().register(registry);
        lateness = Histogram.builder().name("genlock_lateness_seconds")
                .help("Completion time minus due time of aired frames, early as 0 (from the frame log).")
                .labelNames("channel").classicUpperBounds(LATENESS_BOUNDS).withoutExemplars().register(registry);
    }

    /** The render time histogram's series of one channel. */
    Histogram render() {
        return render;
    }

    /** The lateness histogram's series of one channel. */
    Histogram lateness() {
        return lateness;
    }

    /** Forgets a channel's histogram series (its backend went away). */
    void remove(String channelId) {
        render.remove(channelId);
        lateness.remove(channelId);
    }

    /**
     * Adds the JVM's and the process's metrics (memory pools, GC, threads, CPU, file
     * descriptors, start time), once. Not the allocation metrics: they add a GC listener to
     * the platform MXBeans that nothing can remove, so every restart of this bundle would
     * leave one behind; nor the native memory metrics, which call a diagnostic command on
     * each scrape and are empty unless native memory tracking was switched on.
     */
    synchronized void registerJvm() {
        if (jvm) {
            return;
        }
        jvm = true;
        JvmThreadsMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
    }

    private ExpositionFormats formats() {
        ExpositionFormats f = formats;
        if (f == null) {
            synchronized (this) {
                if (formats == null) {
                    formats = ExpositionFormats.init();
                }
                f = formats;
            }
        }
        return f;
    }

    /**
     * The exposition.
     *
     * @param contentType the format's content type
     * @param body        the bytes to send
     */
    record Written(String contentType, byte[] body) {}

    /**
     * Writes everything in the format {@code accept} (an Accept header, may be {@code null})
     * prefers; written to memory first, so that a failure is an error, not half an answer.
     */
    Written write(String accept) throws IOException {
        ExpositionFormatWriter writer = formats().findWriter(accept);
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        writer.write(out, registry.scrape());
        return new Written(writer.getContentType(), out.toByteArray());
    }
}
