package org.genlock.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our meter against an independent one: ffmpeg's {@code ebur128} filter on the same 30 s of
 * programme-like stereo, written as a WAV. ffmpeg must be installed (.ci/run installs it);
 * without it this test fails, it does not skip.
 */
class LoudnessMeterFfmpegTest {

    static final int SECONDS = 30;
    /** The bound for integrated loudness, and ours for momentary and short-term. */
    static final double LU = 0.1;
    /**
     * ffmpeg finds the true peak by resampling to 192 kHz with libswresample, not with the
     * Annex 2 filter, so the two differ by the filters' ripple near the crests.
     */
    static final double TRUE_PEAK_DB = 0.2;
    /** ffmpeg prints its summary with one decimal. */
    static final double PRINTED = 0.05;

    @TempDir
    Path dir;

    @Test
    void integratedMomentaryShortTermAndTruePeakAgreeWithFfmpeg() throws Exception {
        int[] programme = Pcm.programme(20261206, SECONDS);
        Path wav = dir.resolve("programme.wav");
        writeWav(wav, programme, 2);

        LoudnessMeter meter = new LoudnessMeter(LoudnessLayout.standard(2));
        Pcm.feed(meter, programme, 1602, 1601, 1602, 1601, 1602);
        LoudnessSnapshot ours = meter.snapshot();
        assertEquals((long) SECONDS * LoudnessMeter.SAMPLE_RATE, ours.samples());
        double ourTruePeak = Math.max(ours.maxTruePeakDbfs(0), ours.maxTruePeakDbfs(1));
        double ourSamplePeak = Math.max(ours.maxSamplePeakDbfs(0), ours.maxSamplePeakDbfs(1));

        // the command as an engineer runs it: its summary
        String summary = ffmpeg(dir, List.of("-nostats", "-i", wav.toString(), "-af", "ebur128=peak=true", "-f", "null", "-"));
        double printedI = number(summary, "(?s)Integrated loudness:\\s+I:\\s+(-?[0-9.]+) LUFS");
        double printedPeak = number(summary, "(?s)True peak:\\s+Peak:\\s+(-?[0-9.]+) dBFS");
        // the same filter's readings with three decimals (ametadata writes into the working directory)
        Path meta = dir.resolve("r128.txt");
        ffmpeg(dir, List.of("-nostats", "-i", wav.toString(), "-af",
                "ebur128=peak=true:metadata=1,ametadata=mode=print:file=" + meta.getFileName(), "-f", "null", "-"));
        Map<String, Double> last = lastValues(Files.readAllLines(meta));
        double ffI = last.get("lavfi.r128.I");
        double ffM = last.get("lavfi.r128.M");
        double ffS = last.get("lavfi.r128.S");
        double ffTruePeak = 20 * Math.log10(last.get("lavfi.r128.true_peak"));

        System.out.printf(Locale.ROOT, "LoudnessMeter vs ffmpeg ebur128 (%d s stereo programme):%n"
                + "  integrated  ours %.3f LUFS  ffmpeg %.3f (summary %.1f)%n"
                + "  momentary   ours %.3f LUFS  ffmpeg %.3f%n"
                + "  short-term  ours %.3f LUFS  ffmpeg %.3f%n"
                + "  true peak   ours %.3f dBFS  ffmpeg %.3f (summary %.1f); our sample peak %.3f%n",
                SECONDS, ours.integratedLufs(0), ffI, printedI, ours.momentaryLufs(0), ffM, ours.shortTermLufs(0), ffS,
                ourTruePeak, ffTruePeak, printedPeak, ourSamplePeak);

        assertEquals(ffI, ours.integratedLufs(0), LU, "integrated loudness");
        assertEquals(printedI, ours.integratedLufs(0), LU + PRINTED, "integrated loudness, ffmpeg's summary");
        assertEquals(ffM, ours.momentaryLufs(0), LU, "momentary loudness at the end");
        assertEquals(ffS, ours.shortTermLufs(0), LU, "short-term loudness at the end");
        assertEquals(ffTruePeak, ourTruePeak, TRUE_PEAK_DB, "true peak");
        assertEquals(printedPeak, ourTruePeak, TRUE_PEAK_DB + PRINTED, "true peak, ffmpeg's summary");
        // the material has peaks between samples: both meters must see them
        assertTrue(ffTruePeak > ourSamplePeak + 2, "ffmpeg's true peak above our sample peak");
        // and gating mattered: the quiet and silent parts would pull an ungated mean down
        assertTrue(ours.integratedLufs(0) > -30, ours::toString);
    }

    static String ffmpeg(Path workingDirectory, List<String> args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add("ffmpeg");
        command.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("ffmpeg is needed for this test (apt-get install ffmpeg; .ci/run installs it): "
                    + e.getMessage(), e);
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ffmpeg did not finish");
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + "\n" + out);
        return out;
    }

    static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), () -> "no " + regex + " in ffmpeg's output:\n" + text);
        return Double.parseDouble(m.group(1));
    }

    /** The last value of each key that ametadata printed. */
    static Map<String, Double> lastValues(List<String> lines) {
        Map<String, Double> last = new HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (line.startsWith("lavfi.r128.") && eq > 0) {
                last.put(line.substring(0, eq), Double.parseDouble(line.substring(eq + 1)));
            }
        }
        for (String key : List.of("lavfi.r128.I", "lavfi.r128.M", "lavfi.r128.S", "lavfi.r128.true_peak")) {
            assertNotNull(last.get(key), () -> key + " not in ffmpeg's metadata: " + lines.size() + " lines");
        }
        return last;
    }

    /** A plain 32-bit PCM WAV (format 1), the samples as Genlock carries them. */
    static void writeWav(Path file, int[] interleaved, int channels) throws IOException {
        int dataBytes = interleaved.length * 4;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        b.putShort((short) 1).putShort((short) channels).putInt(LoudnessMeter.SAMPLE_RATE);
        b.putInt(LoudnessMeter.SAMPLE_RATE * channels * 4).putShort((short) (channels * 4)).putShort((short) 32);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (int v : interleaved) {
            b.putInt(v);
        }
        Files.write(file, b.array());
    }
}
