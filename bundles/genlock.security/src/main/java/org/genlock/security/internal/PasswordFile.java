package org.genlock.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The generated console password on disk, as Jenkins keeps its initial admin password:
 * created once, readable by its owner only, read back on every later start.
 */
final class PasswordFile {

    private final Path path;

    PasswordFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    Path path() {
        return path;
    }

    /** The outcome of {@link #readOrCreate()}. */
    record Result(String password, boolean created, boolean tooOpen) {
    }

    /**
     * Reads the password, creating the file with a new random password if there is none.
     * The file is created with owner-only permissions in one step (no window in which it is
     * readable by others) and written before anyone can read it.
     */
    Result readOrCreate() throws IOException {
        if (Files.exists(path)) {
            return new Result(read(), false, isTooOpen());
        }
        Path dir = path.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            if (posix()) {
                Files.createDirectories(dir, attributes("rwx------"));
            } else {
                Files.createDirectories(dir);
            }
        }
        String password = Credentials.generatePassword();
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (posix()) {
            Files.createFile(tmp, attributes("rw-------"));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
            return new Result(read(), false, isTooOpen());
        }
        return new Result(password, true, false);
    }

    private String read() throws IOException {
        String text = Files.readString(path, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new IOException(path + " is empty; delete it to have a new password generated");
        }
        return text;
    }

    private boolean isTooOpen() throws IOException {
        if (!posix()) {
            return false;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
        return perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ);
    }

    private boolean posix() {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> attributes(String perms) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms));
    }
}
