package org.genlock.runtime.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/** genlock.runtime holds the single-instance lock of its state directory for the life of the process. */
@ExtendWith(BundleContextExtension.class)
class StartGuardTest {

    @InjectBundleContext
    BundleContext context;

    @Test
    void theStateDirectoryIsLockedByThisProcessAndStaysLockedAcrossARestartOfTheBundle() throws Exception {
        Path lock = Path.of(context.getProperty("genlock.home"), "instance.lock");
        assertThat(lock).exists();
        assertThat(Files.readString(lock).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertHeld(lock);

        Bundle runtime = null;
        for (Bundle b : context.getBundles()) {
            if ("genlock.runtime".equals(b.getSymbolicName())) {
                runtime = b;
            }
        }
        assertThat(runtime).isNotNull();
        runtime.stop();
        try {
            assertHeld(lock);
        } finally {
            runtime.start();
        }
        assertThat(runtime.getState()).isEqualTo(Bundle.ACTIVE);
        assertHeld(lock);
        assertThat(Files.readString(lock).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }

    /** Within one JVM a second lock on a held file is refused with OverlappingFileLockException. */
    private static void assertHeld(Path lock) throws Exception {
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            assertThatThrownBy(channel::tryLock).isInstanceOf(OverlappingFileLockException.class);
        }
    }
}
