package org.genlock.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLockTest {

    @TempDir
    Path dir;

    @Test
    void theFirstTakesTheLockAndRecordsItsPidAndThisProcessAgainFindsItHeld() throws Exception {
        Path home = dir.resolve("state/.genlock");
        InstanceLock.Acquired first = assertInstanceOf(InstanceLock.Acquired.class, InstanceLock.acquire(home));
        try {
            assertEquals(ProcessHandle.current().pid() + "", Files.readString(home.resolve("instance.lock")).strip());
            assertInstanceOf(InstanceLock.AlreadyHeld.class, InstanceLock.acquire(home));
        } finally {
            first.lock().release();
        }
        InstanceLock.Acquired again = assertInstanceOf(InstanceLock.Acquired.class, InstanceLock.acquire(home));
        again.lock().release();
    }

    @Test
    void anotherProcessHoldingTheLockIsNamedByItsPidAndItsRecordStays() throws Exception {
        Path source = dir.resolve("Holder.java");
        Files.writeString(source, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Holder {
                    public static void main(String[] a) throws Exception {
                        FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        c.lock();
                        c.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\\n").getBytes()), 0);
                        System.out.println("locked");
                        System.out.flush();
                        Thread.sleep(60_000);
                    }
                }
                """);
        Files.createDirectories(dir.resolve("home"));
        Path file = dir.resolve("home/instance.lock");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                source.toString(), file.toString()).redirectErrorStream(true).start();
        try {
            String line = new String(holder.getInputStream().readNBytes("locked".length()));
            assertEquals("locked", line, "the holder process did not take the lock");
            InstanceLock.HeldElsewhere refused = assertInstanceOf(InstanceLock.HeldElsewhere.class,
                    InstanceLock.acquire(dir.resolve("home")));
            assertEquals(holder.pid() + "", refused.pid());
            assertEquals(holder.pid() + "", Files.readString(file).strip(), "a refused start leaves the record alone");
        } finally {
            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        // Killed holders leave the file behind; the lock went with the process.
        InstanceLock.Acquired after = assertInstanceOf(InstanceLock.Acquired.class, InstanceLock.acquire(dir.resolve("home")));
        after.lock().release();
    }
}
