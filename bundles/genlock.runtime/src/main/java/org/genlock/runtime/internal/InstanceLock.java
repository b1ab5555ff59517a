package org.genlock.runtime.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Genlock per state directory: an exclusive lock on {@code instance.lock}, held until the
 * process ends. The operating system drops the lock when the process dies, even by
 * {@code kill -9}, so a file left behind never blocks the next start. The file holds the pid of
 * its holder, only to name it in the refusal.
 */
final class InstanceLock {

    static final String FILE = "instance.lock";

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** What {@link #acquire} found. */
    sealed interface Outcome {
    }

    /** This process now holds the lock. */
    record Acquired(InstanceLock lock) implements Outcome {
    }

    /** This process held the lock already (the bundle was restarted or updated). */
    record AlreadyHeld(Path path) implements Outcome {
    }

    /** Another process holds the lock; {@code pid} as it recorded it, or "unknown". */
    record HeldElsewhere(Path path, String pid) implements Outcome {
    }

    /**
     * Tries to take the lock in {@code directory}, creating it if needed; never waits.
     *
     * @throws IOException if the directory or file cannot be created or opened
     */
    static Outcome acquire(Path directory) throws IOException {
        Path path = directory.resolve(FILE).toAbsolutePath().normalize();
        Files.createDirectories(path.getParent());
        // Not truncated on open: a refused start must leave the holder's pid in place.
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            channel.close();
            return new AlreadyHeld(path);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return new HeldElsewhere(path, holder(path));
        }
        byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(pid), 0);
        channel.force(false);
        return new Acquired(new InstanceLock(path, channel, lock));
    }

    private static String holder(Path path) {
        try {
            String pid = Files.readString(path, StandardCharsets.US_ASCII).strip();
            return pid.matches("\\d{1,10}") ? pid : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    Path path() {
        return path;
    }

    void release() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The lock goes with the process anyway.
        }
    }
}
