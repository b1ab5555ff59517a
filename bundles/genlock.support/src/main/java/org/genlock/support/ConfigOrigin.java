package org.genlock.support;

import java.net.URI;
import java.nio.file.Path;

/**
 * How a configuration is named in an operator's log: the file it came from (relative to the
 * working directory when under it), what it configures and its PID, e.g.
 * {@code configs/genlock.channel-ch1.cfg (channel ch1, configuration genlock.channel~ch1)}.
 * One format for every configuration error line, whichever bundle writes it.
 */
public final class ConfigOrigin {

    /** The property FileInstall puts on a configuration it created from a file (a file: URI or a path). */
    public static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private ConfigOrigin() {
    }

    /**
     * The file behind a {@link #FILEINSTALL_FILENAME} value, or {@code null}.
     *
     * @param fileinstallFilename the property's value, may be null
     */
    public static Path path(Object fileinstallFilename) {
        if (fileinstallFilename == null) {
            return null;
        }
        String name = String.valueOf(fileinstallFilename);
        try {
            return name.startsWith("file:") ? Path.of(URI.create(name)) : Path.of(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The file as an operator would type it: relative to the working directory when under it.
     *
     * @param fileinstallFilename the property's value, may be null
     * @return the name, or {@code null} when there is no file
     */
    public static String file(Object fileinstallFilename) {
        Path path = path(fileinstallFilename);
        if (path == null) {
            return fileinstallFilename == null ? null : String.valueOf(fileinstallFilename);
        }
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) ? cwd.relativize(path).toString() : path.toString();
    }

    /**
     * The prefix of a configuration error line.
     *
     * @param file    the file (see {@link #file}), or {@code null}
     * @param subject what it configures, e.g. {@code channel ch1}, or {@code null}
     * @param pid     the configuration PID
     * @return e.g. {@code configs/x.cfg (channel ch1, configuration genlock.channel~ch1)}
     */
    public static String describe(String file, String subject, String pid) {
        String what = (subject == null ? "" : subject + ", ") + "configuration " + pid;
        return file == null ? what : file + " (" + what + ")";
    }
}
