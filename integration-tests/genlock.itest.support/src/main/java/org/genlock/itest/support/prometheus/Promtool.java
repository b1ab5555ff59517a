package org.genlock.itest.support.prometheus;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code promtool check metrics} (Prometheus' own parser and linter, Debian package
 * {@code prometheus}) on exposition text. A missing promtool is a failure telling how to
 * install it, never a skip.
 */
public final class Promtool {

	/** The executable: {@code promtool} on the PATH. */
	public static final String COMMAND = "promtool";
	static final String INSTALL = "promtool is needed to validate Prometheus text: install the Debian package "
			+ "'prometheus' (apt-get install prometheus), which provides /usr/bin/promtool";

	/**
	 * What promtool said.
	 *
	 * @param exitCode 0: parsed without errors and no lint problems; 1: errors or lint problems
	 * @param output   its standard output and error, one problem a line
	 */
	public record Result(int exitCode, String output) {}

	private Promtool() {}

	/**
	 * Checks {@code text}.
	 *
	 * @throws AssertionError if promtool cannot be run or does not finish within 60 s
	 */
	public static Result checkMetrics(String text) throws InterruptedException {
		Process p;
		try {
			p = new ProcessBuilder(COMMAND, "check", "metrics").redirectErrorStream(true).start();
		} catch (IOException e) {
			throw new AssertionError(INSTALL + " (" + e.getMessage() + ")", e);
		}
		try {
			// Written on another thread: promtool may answer before it has read everything.
			Thread writer = new Thread(() -> {
				try (OutputStream in = p.getOutputStream()) {
					in.write(text.getBytes(StandardCharsets.UTF_8));
				} catch (IOException e) {
					// promtool closed its input early; its output says why
				}
			}, "promtool-stdin");
			writer.start();
			String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!p.waitFor(60, TimeUnit.SECONDS)) {
				throw new AssertionError("promtool check metrics did not finish within 60 s");
			}
			writer.join(10_000);
			return new Result(p.exitValue(), output.strip());
		} catch (IOException e) {
			throw new AssertionError("reading promtool's output failed: " + e.getMessage(), e);
		} finally {
			p.destroyForcibly();
		}
	}
}
