package org.genlock.itest.support.log;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Copies System.out (where slf4j-simple writes in the itest framework) while a test runs, so
 * the test can see what a bundle reports that the API does not show: a renderer's session
 * threads, rejected configurations and skipped layers, or a device's applied settings.
 */
public final class LogWatch implements AutoCloseable {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    public LogWatch() {
        System.setOut(new PrintStream(new Tee(original, copy), true, StandardCharsets.UTF_8));
    }

    public String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    public int count(String s) {
        String t = text();
        int n = 0;
        for (int i = t.indexOf(s); i >= 0; i = t.indexOf(s, i + s.length())) {
            n++;
        }
        return n;
    }

    /** Waits until {@code s} occurs more than {@code before} times; returns the text after that. */
    public String awaitMore(String s, int before, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(s) <= before) {
            if (System.nanoTime() > deadline) {
                return fail("no new log line with '" + s + "' within " + timeout + "; captured:\n" + text());
            }
            Thread.sleep(20);
        }
        return text();
    }

    @Override
    public void close() {
        System.setOut(original);
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final ByteArrayOutputStream b;

        Tee(OutputStream a, ByteArrayOutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            a.flush();
        }
    }
}
