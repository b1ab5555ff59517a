package org.genlock.support;

/**
 * A configuration value that was refused. The message reads
 * {@code <pid>: key '<key>' = '<value>' rejected (<reason>)}.
 */
public final class ConfigRejected extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String pid;
    private final String key;
    private final transient Object value;

    public ConfigRejected(String pid, String key, Object value, String reason) {
        super(pid + ": key '" + key + "' = '" + value + "' rejected (" + reason + ")");
        this.pid = pid;
        this.key = key;
        this.value = value;
    }

    public String pid() {
        return pid;
    }

    public String key() {
        return key;
    }

    public Object value() {
        return value;
    }
}
