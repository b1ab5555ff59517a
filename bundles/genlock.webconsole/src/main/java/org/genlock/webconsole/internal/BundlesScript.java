package org.genlock.webconsole.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A fix to the Web Console 5.0.18 Bundles page script ({@code res/ui/bundles.js}), made as it is
 * served: its Update dialog's "Update from location" button posts {@code action=refresh} (the
 * same request as "Refresh Package Imports": the bundle is restarted, nothing is updated, and
 * the page says the operation succeeded). It is made to post {@code action=update}, which the
 * console's servlet documents and {@link ConsoleUpdateFilter} answers; a refusal (409 with the
 * reason) shows in the console's own "AJAX Error" dialog. Should a later console change the
 * script, the text is not found and the script is served as it is.
 */
final class BundlesScript {

	static final String PATH = "/res/ui/bundles.js";
	static final String UPDATE_FROM_LOCATION = "return changeDataEntryState($(this).attr('__id'), 'refresh')";
	static final String UPDATE_FROM_LOCATION_FIXED = "return changeDataEntryState($(this).attr('__id'), 'update')";
	private BundlesScript() {
	}

	static boolean isScript(HttpServletRequest req) {
		return "GET".equals(req.getMethod()) && req.getRequestURI().endsWith(PATH);
	}

	static String patch(String script) {
		return script.replace(UPDATE_FROM_LOCATION, UPDATE_FROM_LOCATION_FIXED);
	}

	/** Serves the script through {@code chain}, patched; conditional headers are dropped so the answer has a body. */
	static void serve(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
			throws IOException, ServletException {
		Capture capture = new Capture(resp);
		chain.doFilter(new Unconditional(req), capture);
		if (capture.status != 200) {
			resp.getOutputStream().write(capture.bytes.toByteArray());
			return;
		}
		byte[] out = patch(capture.bytes.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
		resp.setHeader("Cache-Control", "no-cache");
		resp.setContentLength(out.length);
		resp.getOutputStream().write(out);
	}

	private static final class Unconditional extends HttpServletRequestWrapper {
		Unconditional(HttpServletRequest req) {
			super(req);
		}

		private static boolean conditional(String name) {
			return name.toLowerCase(Locale.ROOT).startsWith("if-");
		}

		@Override
		public String getHeader(String name) {
			return conditional(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return conditional(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public long getDateHeader(String name) {
			return conditional(name) ? -1 : super.getDateHeader(name);
		}
	}

	private static final class Capture extends HttpServletResponseWrapper {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int status = 200;
		private final ServletOutputStream stream = new ServletOutputStream() {
			@Override
			public void write(int b) {
				bytes.write(b);
			}

			@Override
			public void write(byte[] b, int off, int len) {
				bytes.write(b, off, len);
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener l) {
				throw new UnsupportedOperationException();
			}
		};
		private PrintWriter writer;

		Capture(HttpServletResponse resp) {
			super(resp);
		}

		@Override
		public void setStatus(int sc) {
			status = sc;
			super.setStatus(sc);
		}

		@Override
		public void sendError(int sc) throws IOException {
			status = sc;
			super.sendError(sc);
		}

		@Override
		public void sendError(int sc, String msg) throws IOException {
			status = sc;
			super.sendError(sc, msg);
		}

		@Override
		public void setContentLength(int len) {
			// the patched script has its own length
		}

		@Override
		public void setContentLengthLong(long len) {
			// the patched script has its own length
		}

		@Override
		public void setHeader(String name, String value) {
			if (!"content-length".equalsIgnoreCase(name)) {
				super.setHeader(name, value);
			}
		}

		@Override
		public ServletOutputStream getOutputStream() {
			return stream;
		}

		@Override
		public PrintWriter getWriter() {
			if (writer == null) {
				writer = new PrintWriter(new java.io.OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
			}
			return writer;
		}

		@Override
		public void flushBuffer() {
			if (writer != null) {
				writer.flush();
			}
		}
	}
}
