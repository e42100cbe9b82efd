package io.spamscorer.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A workload's state directory: a new empty directory, gone with everything in it once the workload is done. */
class StateDirTest {

    @Test
    void shouldDeleteTheDirectoryWithWhatTheWorkloadWroteIntoItOnClose() throws Exception {
        final Path path;
        try (StateDir dir = StateDir.create()) {
            path = dir.path();
            assertTrue(Files.isDirectory(path), path::toString);
            Files.createDirectories(path.resolve("app/0_1/rocksdb"));
            Files.writeString(path.resolve("app/0_1/.checkpoint"), "0");
        }
        assertFalse(Files.exists(path), path::toString);
    }

    @Test
    void shouldNotFailWhenTheDirectoryIsAlreadyGone() throws Exception {
        final StateDir dir = StateDir.create();
        Files.delete(dir.path());
        dir.close();
        assertFalse(Files.exists(dir.path()));
    }
}
