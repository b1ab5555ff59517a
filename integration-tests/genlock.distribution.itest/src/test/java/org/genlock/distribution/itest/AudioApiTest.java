package org.genlock.distribution.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 5: the audio meters in the JSON API of the exported platform. The shipped ch1
 * airs the EBU line-up (1 kHz at -18 dBFS on two audio channels, the left interrupted 250 ms
 * every 3 s): after about 5 s on air {@code GET /genlock/api/channels/ch1} reports two audio
 * channels, the continuous right one at -18 dBTP, and group 1/2 at about -18 LUFS momentary.
 */
class AudioApiTest {

    static final Duration START = Duration.ofSeconds(60);
    /** About 5 s of aired audio at 1080p50, counted by the meters themselves (no sleeping). */
    static final long FIVE_SECONDS = 250;

    @TempDir
    Path dir;

    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void ch1ReportsItsLineUpToneInTheChannelJson() throws Exception {
        try (Distribution d = Distribution.start("genlock.jar", dir)) {
            d.awaitLog("channel ch1: PREROLLING -> RUNNING", START);
            String password = d.generatedPassword();
            d.awaitStatus("/genlock/api/channels/ch1", "admin", password, 200, START);
            JsonNode channel = null;
            JsonNode audio = null;
            long deadline = System.nanoTime() + START.toNanos();
            while (System.nanoTime() < deadline) {
                var r = d.get("/genlock/api/channels/ch1", "admin", password);
                assertThat(r.statusCode()).as("GET /genlock/api/channels/ch1: %s", r.body()).isEqualTo(200);
                channel = mapper.readTree(r.body());
                audio = channel.path("audio");
                if (audio.path("measuredFrames").asLong() >= FIVE_SECONDS) {
                    break;
                }
                Thread.sleep(200);
            }
            // a non-fresh frame (repeat, black, slate) carries silence: the counters say how many there were
            System.out.println("GET /genlock/api/channels/ch1 audio: " + audio + "; counters: " + channel.path("counters"));
            assertThat(audio.isObject()).as("audio object in channels/ch1: %s", audio).isTrue();
            assertThat(audio.path("measuredFrames").asLong()).as("frames measured within %s", START)
                    .isGreaterThanOrEqualTo(FIVE_SECONDS);
            assertThat(audio.path("channels").asInt()).as("audio.channels").isEqualTo(2);
            assertThat(audio.path("levels")).as("levels").hasSize(2);
            assertThat(audio.at("/levels/1/channel").asInt()).isEqualTo(2);
            JsonNode truePeak = audio.at("/levels/1/truePeak");
            assertThat(truePeak.isNumber()).as("right channel true peak is a number: %s", audio).isTrue();
            assertThat(truePeak.asDouble()).as("right channel true peak, dBTP").isCloseTo(-18.0, within(0.5));
            assertThat(audio.at("/loudness/0/group").asText()).isEqualTo("1/2");
            JsonNode momentary = audio.at("/loudness/0/momentary");
            assertThat(momentary.isNumber()).as("momentary loudness of 1/2 is a number: %s", audio).isTrue();
            assertThat(momentary.asDouble()).as("momentary loudness of 1/2, LUFS").isBetween(-25.0, -15.0);
            assertThat(audio.path("kernelErrors").asLong()).as("audio source errors").isZero();
            assertThat(audio.path("clippedSamples").asLong()).as("clipped samples of a -18 dBFS tone").isZero();

            // the same meters in the channel's health JSON and in /metrics
            JsonNode health = mapper.readTree(d.get("/genlock/api/channels/ch1/health", "admin", password).body());
            System.out.println("health audio: " + health.path("audio"));
            assertThat(health.at("/audio/channels").asInt()).as("health JSON audio.channels").isEqualTo(2);
            assertThat(health.at("/audio/levels/1/truePeak").asDouble()).as("health JSON right true peak")
                    .isCloseTo(-18.0, within(0.5));
            assertThat(health.at("/audio/loudness/0/group").asText()).isEqualTo("1/2");
            String metrics = d.get("/metrics", "admin", password).body();
            java.util.regex.Matcher peak = java.util.regex.Pattern.compile(
                    "genlock_audio_peak_dbfs\\{audio_channel=\"2\",channel=\"ch1\",kind=\"true\"} (-?[\\d.]+)").matcher(metrics);
            assertThat(peak.find()).as("right channel's true peak in /metrics").isTrue();
            assertThat(Double.parseDouble(peak.group(1))).as("/metrics right true peak").isCloseTo(-18.0, within(0.5));
            assertThat(metrics).contains("genlock_audio_channels{channel=\"ch1\"} 2.0")
                    .containsPattern("genlock_audio_loudness_lufs\\{channel=\"ch1\",group=\"1/2\",window=\"momentary\"} -\\d");
            d.terminate(Duration.ofSeconds(15));
        }
    }
}
