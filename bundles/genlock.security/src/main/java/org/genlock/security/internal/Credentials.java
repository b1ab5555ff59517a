package org.genlock.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A user name and a password check. The password is kept only as a salted hash in memory;
 * a configured {@code {sha-256}<base64>} value (the Web Console's own format) is accepted
 * as well, so an integrator never has to put a clear-text password in a file.
 */
final class Credentials {

    static final String SHA256_PREFIX = "{sha-256}";
    static final int MIN_PASSWORD_LENGTH = 12;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String username;
    private final byte[] salt;
    private final byte[] saltedHash;   // sha256(salt || sha256(password))
    private final String source;

    private Credentials(String username, byte[] sha256OfPassword, String source) {
        this.username = username;
        this.salt = new byte[16];
        RANDOM.nextBytes(salt);
        this.saltedHash = salted(salt, sha256OfPassword);
        this.source = source;
    }

    /**
     * Credentials from configuration values.
     *
     * @throws IllegalArgumentException naming the key and what is allowed
     */
    static Credentials configured(String username, String password, String source) {
        checkUsername(username);
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("password: empty; set a password of at least "
                    + MIN_PASSWORD_LENGTH + " characters or a {sha-256} hash, or remove the key to use the generated one");
        }
        byte[] digest;
        if (password.startsWith(SHA256_PREFIX)) {
            try {
                digest = Base64.getDecoder().decode(password.substring(SHA256_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("password: the {sha-256} value is not valid Base64 (" + e.getMessage() + ")");
            }
            if (digest.length != 32) {
                throw new IllegalArgumentException("password: a {sha-256} value must decode to 32 bytes, got " + digest.length);
            }
            if (MessageDigest.isEqual(digest, sha256(username.getBytes(StandardCharsets.UTF_8)))
                    || MessageDigest.isEqual(digest, sha256("admin".getBytes(StandardCharsets.UTF_8)))) {
                throw new IllegalArgumentException("password: the hash is of 'admin' or of the user name; choose a real password");
            }
        } else {
            checkPassword(username, password);
            digest = sha256(password.getBytes(StandardCharsets.UTF_8));
        }
        return new Credentials(username, digest, source);
    }

    /** Credentials whose password was generated or read from the password file. */
    static Credentials fromFile(String username, String password, String file) {
        checkUsername(username);
        checkPassword(username, password);
        return new Credentials(username, sha256(password.getBytes(StandardCharsets.UTF_8)), file);
    }

    /** A password that is hard to guess: 144 random bits, URL-safe, 24 characters. */
    static String generatePassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Constant-time check of a user name and password pair. */
    boolean matches(String user, String password) {
        if (user == null || password == null) {
            return false;
        }
        byte[] candidate = salted(salt, sha256(password.getBytes(StandardCharsets.UTF_8)));
        boolean passwordOk = MessageDigest.isEqual(candidate, saltedHash);
        boolean userOk = MessageDigest.isEqual(
                user.getBytes(StandardCharsets.UTF_8), username.getBytes(StandardCharsets.UTF_8));
        return passwordOk & userOk;
    }

    String username() {
        return username;
    }

    /** Where these credentials came from, for log messages (never the password). */
    String source() {
        return source;
    }

    static String sha256Hash(String password) {
        return SHA256_PREFIX + Base64.getEncoder().encodeToString(sha256(password.getBytes(StandardCharsets.UTF_8)));
    }

    private static void checkUsername(String username) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("username: empty; a user name of 1 to 64 visible characters without ':' is required");
        }
        if (username.length() > 64 || username.indexOf(':') >= 0 || !username.equals(username.strip())) {
            throw new IllegalArgumentException("username: '" + username
                    + "' is not allowed; use 1 to 64 visible characters without ':' or surrounding spaces");
        }
    }

    private static void checkPassword(String username, String password) {
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password: too short (" + password.length()
                    + " characters); at least " + MIN_PASSWORD_LENGTH + " are required");
        }
        if (password.equalsIgnoreCase(username) || password.equalsIgnoreCase("admin")) {
            throw new IllegalArgumentException("password: must differ from the user name and from 'admin'");
        }
    }

    private static byte[] salted(byte[] salt, byte[] digest) {
        MessageDigest md = newSha256();
        md.update(salt);
        md.update(digest);
        return md.digest();
    }

    static byte[] sha256(byte[] data) {
        return newSha256().digest(data);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
