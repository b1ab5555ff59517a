package org.genlock.security.internal;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.genlock.support.http.ErrorJson;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

/**
 * The {@code genlock} context's default servlet and error page: a path no bundle serves, and an
 * error a servlet there left to the container (an exception, {@code sendError}), answer the API's
 * JSON error shape instead of Jetty's HTML page. Registered with the context, so it exists
 * exactly as long as the context does, whichever other Genlock bundles run.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ERROR_PAGE + "=4xx",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ERROR_PAGE + "=5xx",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=genlock-fallback",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT + "=(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME
                + "=" + GenlockServletContext.NAME + ")" })
public class GenlockFallbackServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String ROUTES = "Genlock's HTTP API is under /genlock/api/: channels, providers, health";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (status instanceof Integer code) {
            Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            ErrorJson.write(response, code, errorText(code, message, uri), List.of());
            return;
        }
        ErrorJson.write(response, HttpServletResponse.SC_NOT_FOUND,
                "no such resource '" + request.getRequestURI() + "'; " + ROUTES, List.of());
    }

    static String errorText(int code, Object message, Object uri) {
        String what = message instanceof String m && !m.isBlank() ? m : "HTTP " + code;
        return uri == null ? what : what + " (" + uri + ")";
    }
}
