package org.genlock.security.internal;

import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request the client abandoned — it closed the connection mid-upload, or went silent until
 * Jetty's idle timeout ({@code org.apache.felix.http.timeout}) — is one log line, not a stack
 * trace and a 500: Felix HTTP logs every exception a servlet throws as an error, and an aborted
 * upload is no error of the server. A chunked body past {@link RequestGuard}'s limit is answered
 * 413 here too. Anything else a servlet throws goes on to Felix HTTP unchanged.
 *
 * <p>A whiteboard filter on every servlet context, because exceptions of a servlet are handled
 * inside the chain and never reach a preprocessor.
 */
@Component(service = jakarta.servlet.Filter.class)
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=*)")
public class EndedRequests implements jakarta.servlet.Filter {

    private static final Logger LOG = LoggerFactory.getLogger(EndedRequests.class);

    private final LogLimiter lines = new LogLimiter(30, System::nanoTime);

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
        try {
            chain.doFilter(req, res);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
                throw e;
            }
            if (cause(e, BodyLimit.TooLarge.class) != null) {
                RequestGuard.answer(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                        RequestGuard.tooLarge("more"));
                return;
            }
            String reason = abortReason(e);
            if (reason == null) {
                throw e;
            }
            String note = lines.admit();
            if (note != null) {
                LOG.info("{} {} from {} ended early: {}{}", request.getMethod(),
                        OriginCheck.display(request.getRequestURI()), request.getRemoteAddr(), reason, note);
            }
            if (!response.isCommitted()) {
                // Nothing was answered yet; a stalled client learns why, and the connection closes.
                response.resetBuffer();
                response.setStatus(cause(e, TimeoutException.class) != null ? HttpServletResponse.SC_REQUEST_TIMEOUT
                        : HttpServletResponse.SC_BAD_REQUEST);
                response.setHeader("Connection", "close");
            }
        }
    }

    /**
     * Why the client abandoned the request, or null if the exception is something else: Jetty's
     * EofException (an EOFException) when the client closed the connection, a TimeoutException
     * when it went silent past the idle timeout, a reset or broken connection.
     */
    static String abortReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException) {
                return "the client sent nothing within the idle timeout (" + t.getMessage() + ")";
            }
            if (t instanceof EOFException) {
                return "the client closed the connection (" + t.getMessage() + ")";
            }
            String message = t.getMessage();
            if (t instanceof IOException && message != null
                    && (message.contains("Broken pipe") || message.contains("Connection reset"))) {
                return "the connection broke (" + message + ")";
            }
        }
        return null;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
