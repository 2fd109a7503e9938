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

    @Test
    void aFolderIsReplacedWholeOrNotAtAll(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("model");
        AtomicFiles.writeFolder(target, d -> Files.write(d.resolve("a.bin"), new byte[]{1}));
        AtomicFiles.writeFolder(target, d -> Files.write(d.resolve("b.bin"), new byte[]{2}));
        try (var files = Files.list(target)) {
            assertEquals(java.util.List.of("b.bin"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertThrows(IOException.class, () -> AtomicFiles.writeFolder(target, d -> {
            Files.write(d.resolve("c.bin"), new byte[]{3});
            throw new IOException("disk full");
        }));
        assertArrayEquals(new byte[]{2}, Files.readAllBytes(target.resolve("b.bin")));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary folder is left beside the target");
        }
    }
}
