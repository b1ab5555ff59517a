package org.genlock.benchmark.probe.internal;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The limits and peers Genlock's throughput is read against, measured on the same frame size
 * and count: a Java copy of one 1080p BGRA frame, ffmpeg's SMPTE HD bars to BGRA raw video
 * and GStreamer's SMPTE test source in BGRA. A missing peer is reported as not measured.
 */
final class Peers {

    static final int WIDTH = 1920;
    static final int HEIGHT = 1080;
    static final int FRAME_BYTES = WIDTH * HEIGHT * 4;
    /** Frames of a peer's start-up run, whose time is subtracted from the full run. */
    static final int STARTUP_FRAMES = 10;

    /** One peer figure: fps, or why there is none. */
    record Figure(String name, String command, double fps, double seconds, long frames, String problem) {
        boolean measured() {
            return problem == null;
        }
    }

    /** Direct-to-direct copies of a 1080p BGRA frame: the memory bandwidth ceiling. */
    static Figure copyCeiling(long frames) {
        ByteBuffer src = ByteBuffer.allocateDirect(FRAME_BYTES);
        ByteBuffer dst = ByteBuffer.allocateDirect(FRAME_BYTES);
        for (int i = 0; i < FRAME_BYTES; i += 4096) {
            src.put(i, (byte) i);
        }
        for (int i = 0; i < 300; i++) {
            dst.put(0, src, 0, FRAME_BYTES);
        }
        long t0 = System.nanoTime();
        for (long i = 0; i < frames; i++) {
            dst.put(0, src, 0, FRAME_BYTES);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        return new Figure("Java copy (direct to direct)", "ByteBuffer.put of 8,294,400 bytes", frames / s, s, frames,
                null);
    }

    static Figure ffmpeg(long frames) {
        return external("ffmpeg", "ffmpeg", n -> List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "smptehdbars=size=" + WIDTH + "x" + HEIGHT + ":rate=50", "-frames:v",
                Long.toString(n), "-pix_fmt", "bgra", "-f", "rawvideo", "-y", "/dev/null"), frames);
    }

    static Figure gstreamer(long frames) {
        return external("GStreamer", "gst-launch-1.0", n -> List.of("gst-launch-1.0", "-q", "videotestsrc",
                "pattern=smpte", "num-buffers=" + n, "!", "video/x-raw,format=BGRA,width=" + WIDTH + ",height="
                        + HEIGHT + ",framerate=50/1",
                "!", "fakesink", "sync=false"), frames);
    }

    private interface Command {
        List<String> of(long frames);
    }

    private static Figure external(String name, String exe, Command command, long frames) {
        String shown = String.join(" ", command.of(frames));
        if (!onPath(exe)) {
            return new Figure(name, shown, Double.NaN, Double.NaN, frames, exe + " is not installed (not on PATH)");
        }
        try {
            run(command.of(STARTUP_FRAMES)); // warm the page cache and libraries
            double startup = run(command.of(STARTUP_FRAMES));
            double full = run(command.of(frames));
            double s = Math.max(1e-6, full - startup);
            return new Figure(name, shown, (frames - STARTUP_FRAMES) / s, s, frames, null);
        } catch (IOException e) {
            return new Figure(name, shown, Double.NaN, Double.NaN, frames, e.getMessage());
        }
    }

    /** Runs a command to completion; returns its wall time in seconds. */
    private static double run(List<String> cmd) throws IOException {
        Path err = Files.createTempFile("genlock-peer", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " did not finish within 600 s");
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (p.exitValue() != 0) {
                String text = Files.readString(err).strip();
                throw new IOException(cmd.get(0) + " exited with " + p.exitValue() + ": "
                        + text.substring(0, Math.min(300, text.length())));
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(cmd.get(0) + " was interrupted");
        } finally {
            Files.deleteIfExists(err);
        }
    }

    static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, exe);
            if (f.isFile() && f.canExecute()) {
                return true;
            }
        }
        return false;
    }
}
