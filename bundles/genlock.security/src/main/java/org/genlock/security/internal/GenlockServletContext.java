package org.genlock.security.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

/**
 * The servlet context {@code genlock} at {@code /genlock}: every Genlock HTTP endpoint
 * (API, metrics, previews) registers into it and so sits behind the same credentials as
 * the Web Console.
 */
@Component(
        service = ServletContextHelper.class,
        property = {
            HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=" + GenlockServletContext.NAME,
            HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_PATH + "=" + GenlockServletContext.PATH
        })
public class GenlockServletContext extends ServletContextHelper {

    public static final String NAME = "genlock";
    public static final String PATH = "/genlock";

    @Reference(target = "(" + SecurityProvider.PROPERTY_ID + "=" + ConsoleSecurity.PROVIDER_ID + ")")
    SecurityProvider security;

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) {
        return security.authenticate(request, response) != null;
    }
}
