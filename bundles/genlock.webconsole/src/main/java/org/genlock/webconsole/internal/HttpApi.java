package org.genlock.webconsole.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Adapts servlet requests to {@link ApiHandler} and writes its answers. */
final class HttpApi {

	private HttpApi() {
	}

	/** Serves one API request; {@code path} is relative to the API root, e.g. {@code /channels/ch1}. */
	static void serve(ApiHandler handler, String path, HttpServletRequest req, HttpServletResponse resp)
			throws IOException {
		byte[] body;
		try {
			body = read(req);
		} catch (TooLarge e) {
			write(resp, ApiHandler.Answer.error(413, "request body larger than " + ApiHandler.MAX_BODY + " bytes",
					List.of()));
			return;
		}
		Map<String, String> query = new HashMap<>();
		req.getParameterMap().forEach((k, v) -> {
			if (v.length > 0) {
				query.put(k, v[0]);
			}
		});
		ApiHandler.Answer a = handler.handle(new ApiHandler.Request(req.getMethod(), path, query,
				req.getContentType(), body));
		write(resp, a);
	}

	static void write(HttpServletResponse resp, ApiHandler.Answer a) throws IOException {
		resp.setStatus(a.status());
		resp.setContentType(a.contentType());
		resp.setHeader("Cache-Control", "no-store");
		resp.setHeader("X-Content-Type-Options", "nosniff");
		if (a.allow() != null) {
			resp.setHeader("Allow", a.allow());
		}
		resp.setContentLength(a.body().length);
		resp.getOutputStream().write(a.body());
	}

	private static final class TooLarge extends Exception {
		private static final long serialVersionUID = 1L;
	}

	private static byte[] read(HttpServletRequest req) throws IOException, TooLarge {
		if (req.getContentLengthLong() > ApiHandler.MAX_BODY) {
			throw new TooLarge();
		}
		try (InputStream in = req.getInputStream()) {
			byte[] b = in.readNBytes(ApiHandler.MAX_BODY + 1);
			if (b.length > ApiHandler.MAX_BODY) {
				throw new TooLarge();
			}
			return b;
		}
	}
}
