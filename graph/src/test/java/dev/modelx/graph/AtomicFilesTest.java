package dev.modelx.graph;

import dev.modelx.graph.io.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;

class AtomicFilesTest {

    @Test
    void writesWithOrdinaryPermissions(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("out.bin");
        AtomicFiles.write(f, out -> out.write(new byte[]{1, 2, 3}));
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(f));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void aFailedWriteLeavesTheTargetAndNoTempFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("out.bin");
        Files.write(f, new byte[]{9});
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[]{1});
            throw new IOException("disk full");
        }));
        assertArrayEquals(new byte[]{9}, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
