package org.genlock.device.clock.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real ffprobe and ffmpeg, as independent readers of the files the sinks write. A missing
 * tool fails the test ({@code .ci/run} installs both).
 */
final class FfTools {

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\": \"?([^\",\\n]*)\"?");

    private FfTools() {}

    /** The first stream's fields from {@code ffprobe -v error -show_streams -of json}, as text. */
    static Map<String, String> probe(Path file) throws Exception {
        String json = new String(run(List.of("ffprobe", "-v", "error", "-show_streams", "-of", "json",
                file.toString())), StandardCharsets.UTF_8);
        Map<String, String> fields = new HashMap<>();
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            fields.putIfAbsent(m.group(1), m.group(2).strip());
        }
        return fields;
    }

    /** The file's audio as ffmpeg decodes it, interleaved int32 LE ({@code -f s32le}). */
    static byte[] decodeS32(Path file, String... inputOptions) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin"));
        cmd.addAll(List.of(inputOptions));
        cmd.addAll(List.of("-i", file.toString(), "-f", "s32le", "-"));
        return run(cmd);
    }

    static byte[] run(List<String> cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new AssertionError(cmd.get(0) + " is needed for this test (.ci/run installs it): " + e, e);
        }
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        byte[] out = readAll(p.getInputStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish within 120 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(cmd + " exited " + p.exitValue() + ": "
                    + new String(err.get(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
