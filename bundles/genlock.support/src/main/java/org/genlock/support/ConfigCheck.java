package org.genlock.support;

import java.util.Arrays;
import java.util.Locale;

/**
 * Checks of configuration values with messages an operator can act on: each names the
 * configuration PID, the key, the rejected value and what is allowed. A component checks
 * a whole new configuration first and swaps it in only when every value passed, so a bad
 * edit leaves the previous configuration in force.
 */
public final class ConfigCheck {

    private final String pid;

    private ConfigCheck(String pid) {
        this.pid = pid;
    }

    /** Checks for the configuration {@code pid}. */
    public static ConfigCheck of(String pid) {
        return new ConfigCheck(pid);
    }

    public String pid() {
        return pid;
    }

    /** {@code value} if in {@code [min, max]}, else a {@link ConfigRejected}. */
    public int range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw reject(key, value, min + " to " + max);
        }
        return value;
    }

    /** {@code value} if in {@code [min, max]}, else a {@link ConfigRejected}. */
    public long range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw reject(key, value, min + " to " + max);
        }
        return value;
    }

    /** {@code value} if finite and in {@code [min, max]}, else a {@link ConfigRejected}. */
    public double range(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw reject(key, value, min + " to " + max);
        }
        return value;
    }

    /** A non-blank string, stripped. */
    public String notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw reject(key, value, "a non-empty value");
        }
        return value.strip();
    }

    /** The enum constant named by {@code value} (case-insensitive, '-' as '_'). */
    public <E extends Enum<E>> E oneOf(String key, String value, Class<E> type) {
        if (value != null) {
            String name = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(name)) {
                    return e;
                }
            }
        }
        String[] allowed = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
        throw reject(key, value, "one of " + String.join(", ", allowed));
    }

    /** A value parsed by {@code parser}; its exception's message says what is allowed. */
    public <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new ConfigRejected(pid, key, value, e.getMessage());
        }
    }

    /**
     * The configuration {@code parse} builds, or {@code previous} if it rejects a value; the
     * rejection goes to {@code log} as one line ending in "the previous configuration stays in
     * force". The one place where "a bad edit loses nothing" is implemented.
     */
    public static <T> T orPrevious(java.util.function.Supplier<T> parse, T previous,
            java.util.function.Consumer<String> log) {
        try {
            return parse.get();
        } catch (ConfigRejected e) {
            log.accept(e.getMessage() + "; the previous configuration stays in force");
            return previous;
        }
    }

    /** A rejection of {@code key} = {@code value}; {@code allowed} says what would pass. */
    public ConfigRejected reject(String key, Object value, String allowed) {
        return new ConfigRejected(pid, key, value, "allowed: " + allowed);
    }
}
