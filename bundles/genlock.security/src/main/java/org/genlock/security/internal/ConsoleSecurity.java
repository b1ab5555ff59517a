package org.genlock.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.spi.SecurityProvider;
import java.util.Map;

import org.genlock.support.http.ErrorJson;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides who may control Genlock: the Web Console (as its required
 * security provider, so the console is not served until this is registered and never with
 * its built-in {@code admin}/{@code admin}) and Genlock's own HTTP endpoints (through
 * {@link GenlockServletContext}).
 *
 * <p>The service is registered by hand, not by DS: DS would publish the configuration
 * (the password or its hash) as service properties that anyone listing services can read,
 * and would re-register the service on every configuration change, which makes the Web
 * Console drop and re-add itself.
 */
@Component(
        service = {},
        immediate = true,
        configurationPid = ConsoleSecurity.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConsoleSecurity.Config.class)
public class ConsoleSecurity implements SecurityProvider {

    static final String PID = "genlock.security";
    static final String PROVIDER_ID = "genlock";
    static final String REALM = "Genlock";

    @ObjectClassDefinition(
            name = "Genlock security",
            description = "Credentials for the Web Console and Genlock's HTTP API. Leave the password "
                    + "empty to use the generated one in the password file.")
    @interface Config {
        @AttributeDefinition(name = "User name", description = "1 to 64 visible characters, no ':'")
        String username() default "admin";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
                description = "At least 12 characters, or {sha-256}<base64 of the SHA-256 digest>. "
                        + "Empty: use the password file.")
        String password() default "";

        @AttributeDefinition(name = "Password file", required = false,
                description = "Where the generated password is kept. Empty: <genlock.home>/secrets/console-password, "
                        + "genlock.home defaulting to ./.genlock")
        String password_file() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurity.class);

    private volatile Credentials credentials;

    private final LoginThrottle throttle = new LoginThrottle(System::nanoTime, new LoginThrottle.Log() {
        @Override
        public void warn(String line) {
            LOG.warn(line);
        }

        @Override
        public void info(String line) {
            LOG.info(line);
        }
    });

    private ServiceRegistration<SecurityProvider> registration;

    @Activate
    void activate(BundleContext context, Config config) {
        Credentials resolved;
        try {
            resolved = resolve(context, config);
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration {} rejected: {}. Using the generated password instead.", PID, e.getMessage());
            resolved = fromPasswordFile(context, config.username().isBlank() ? "admin" : config.username(), config);
        }
        credentials = resolved;
        registration = context.registerService(SecurityProvider.class, this,
                FrameworkUtil.asDictionary(Map.of(SecurityProvider.PROPERTY_ID, PROVIDER_ID)));
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }

    @Modified
    void modified(BundleContext context, Config config) {
        try {
            credentials = resolve(context, config);
            LOG.info("Console credentials updated from {} (user '{}')", credentials.source(), credentials.username());
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration {} rejected: {}. The previous credentials stay in force.", PID, e.getMessage());
        }
    }

    private Credentials resolve(BundleContext context, Config config) {
        if (config.password() != null && !config.password().isEmpty()) {
            return Credentials.configured(config.username(), config.password(), "configuration " + PID);
        }
        return fromPasswordFile(context, config.username(), config);
    }

    private Credentials fromPasswordFile(BundleContext context, String username, Config config) {
        PasswordFile file = new PasswordFile(passwordFile(context, config));
        try {
            PasswordFile.Result result = file.readOrCreate();
            if (result.created()) {
                LOG.warn("\n*************************************************************\n"
                        + "Genlock Web Console: user '{}', a password was generated and\n"
                        + "stored in {} (readable by its owner only).\n"
                        + "Set your own in configs/{}.cfg (keys username, password).\n"
                        + "*************************************************************",
                        username, file.path(), PID);
            } else {
                LOG.info("Genlock Web Console: user '{}', password in {}", username, file.path());
            }
            if (result.tooOpen()) {
                LOG.warn("{} can be read by other users: chmod 600 it", file.path());
            }
            return Credentials.fromFile(username, result.password(), file.path().toString());
        } catch (IOException | IllegalArgumentException e) {
            // Nobody can log in, which is safe; the log says why.
            LOG.error("Cannot use the password file {}: {}. The console refuses every login until this is fixed.",
                    file.path(), e.getMessage());
            return Credentials.fromFile(username, Credentials.generatePassword(), "an unrecorded random password");
        }
    }

    static Path passwordFile(BundleContext context, Config config) {
        if (config.password_file() != null && !config.password_file().isBlank()) {
            return Path.of(config.password_file());
        }
        String home = context.getProperty("genlock.home");
        Path base = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.dir"), ".genlock");
        return base.resolve("secrets").resolve("console-password");
    }

    /**
     * Checks HTTP Basic credentials; on failure answers 401 and returns null. A client that has
     * failed too often is answered 429 until its penalty has passed, without a check
     * ({@link LoginThrottle}).
     */
    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            // A browser asking for credentials, not a guess.
            challenge(request, response);
            return null;
        }
        String client = LoginThrottle.clientKey(request.getRemoteAddr());
        long wait = throttle.penalty(client);
        if (wait > 0) {
            refuse(request, response, client, wait);
            return null;
        }
        String user = check(authorization);
        if (user == null) {
            throttle.failed(client);
            challenge(request, response);
            return null;
        }
        throttle.succeeded(client);
        request.setAttribute("org.osgi.service.http.authentication.type", "BASIC");
        request.setAttribute("org.osgi.service.http.authentication.remote.user", user);
        return user;
    }

    /** 429 with the seconds to wait: the answer while a client is throttled. */
    static void refuse(HttpServletRequest request, HttpServletResponse response, String client, long waitMillis) {
        long seconds = Math.max(1, (waitMillis + 999) / 1000);
        String message = "too many failed logins from " + client + "; retry in " + seconds + " s";
        try {
            // before the body: a body of the announced length commits the response
            response.setHeader("Retry-After", Long.toString(seconds));
            if (RequestGuard.wantsJson(request)) {
                ErrorJson.write(response, 429, message, List.of());
            } else {
                byte[] body = ("429 " + message + "\n").getBytes(StandardCharsets.UTF_8);
                response.setStatus(429);
                response.setHeader("Cache-Control", "no-store");
                response.setContentType("text/plain; charset=utf-8");
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            }
            response.flushBuffer();
        } catch (IOException e) {
            LOG.debug("Client went away during the 429 answer", e);
        }
    }

    /** The user name if the Authorization header carries valid credentials, else null. */
    String check(String authorization) {
        if (authorization == null) {
            return null;
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space <= 0 || !header.substring(0, space).equalsIgnoreCase("Basic")) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(space + 1).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        Credentials current = credentials;
        return current != null && current.matches(user, decoded.substring(colon + 1)) ? user : null;
    }

    static void challenge(HttpServletRequest request, HttpServletResponse response) {
        try {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            if (RequestGuard.wantsJson(request)) {
                // a script reading Genlock's API gets the same error shape as for every other refusal
                ErrorJson.write(response, HttpServletResponse.SC_UNAUTHORIZED, "authentication required: HTTP Basic "
                        + "with the Web Console's credentials (configs/genlock.security.cfg)", List.of());
            } else {
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setContentLength(0);
            }
            response.flushBuffer();
        } catch (IOException e) {
            LOG.debug("Client went away during the authentication challenge", e);
        }
    }

    @Override
    public boolean authorize(Object user, String role) {
        // One role for now: an authenticated user may do everything.
        return user != null;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // Basic authentication has no server-side session; the browser forgets on close.
    }
}
