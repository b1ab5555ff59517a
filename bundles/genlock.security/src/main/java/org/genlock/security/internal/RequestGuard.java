package org.genlock.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.genlock.support.http.ErrorJson;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before every servlet of the HTTP server, whatever its servlet context (the Web Console,
 * Genlock's API and metrics, anything registered later), ahead of authentication:
 * <ul>
 * <li>refuses cross-site changes with 403 ({@link OriginCheck});</li>
 * <li>refuses a request body larger than {@value #MAX_BODY_BYTES} bytes with 413, by its
 * Content-Length or, for a chunked body, as soon as that much has been read
 * ({@link BodyLimit}, answered by {@link EndedRequests}).</li>
 * </ul>
 * A Servlet Whiteboard preprocessor, so one registration covers every context. Failures of the
 * servlet itself never come back here (Felix HTTP answers them inside the chain): that is why
 * requests a client abandoned are {@link EndedRequests}' work, a filter on every context.
 */
@Component(service = Preprocessor.class)
public class RequestGuard implements Preprocessor {

    /** Largest request body accepted: well above any bundle uploaded through the console. */
    static final long MAX_BODY_BYTES = 32L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);

    private final LogLimiter refusals = new LogLimiter(30, System::nanoTime);

    @Override
    public void init(FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void destroy() {
        // nothing to release
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        String refusal = OriginCheck.refusal(request.getMethod(), request.getHeader("Origin"),
                request.getHeader("Referer"), request.getScheme(), request.getServerName(), request.getServerPort());
        if (refusal != null) {
            String note = refusals.admit();
            if (note != null) {
                LOG.warn("Refused {} {} from {}: {}{}", request.getMethod(), OriginCheck.display(request.getRequestURI()),
                        request.getRemoteAddr(), refusal, note);
            }
            answer(request, response, HttpServletResponse.SC_FORBIDDEN, "cross-site request refused: " + refusal);
            return;
        }
        long length = request.getContentLengthLong();
        if (length > MAX_BODY_BYTES) {
            answer(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, tooLarge(length + " bytes"));
            return;
        }
        HttpServletRequest passed = length < 0 && !OriginCheck.safe(request.getMethod())
                ? new BodyLimit(request, MAX_BODY_BYTES) : request;
        // A chunked body past the limit ends in BodyLimit.TooLarge, answered by EndedRequests.
        chain.doFilter(passed, response);
    }

    static String tooLarge(String size) {
        return "request body too large (" + size + "); at most " + MAX_BODY_BYTES + " bytes are accepted";
    }

    /**
     * A short answer: the API's JSON error shape under /genlock/ or when the client asks for JSON,
     * else plain text (the Web Console's pages, a browser).
     */
    static void answer(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        if (wantsJson(request)) {
            ErrorJson.write(response, status, message, List.of());
            response.flushBuffer();
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType("text/plain; charset=utf-8");
        byte[] body = (status + " " + message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** Genlock's own endpoints always answer JSON; elsewhere the client's Accept decides. */
    static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return ErrorJson.genlockPath(request.getRequestURI()) || accept != null && accept.contains("json");
    }
}
