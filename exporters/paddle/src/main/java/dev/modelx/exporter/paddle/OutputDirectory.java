package dev.modelx.exporter.paddle;

import dev.modelx.graph.ModelFormatException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a model directory atomically: the files go into a temporary sibling directory that is renamed to
 * the target only once complete, so a failure leaves nothing at the target. An existing target must be an
 * empty directory or hold only files of the same names (it is then replaced).
 */
final class OutputDirectory {

    private OutputDirectory() {
    }

    static void write(Path target, Map<String, byte[]> files) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            throw new ModelFormatException(target, "cannot write a model directory at the file-system root");
        }
        Files.createDirectories(parent);
        if (Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new ModelFormatException(target, "exists and is not a directory; Paddle models are written as a directory");
            }
            try (Stream<Path> s = Files.list(abs)) {
                Path foreign = s.filter(p -> !files.containsKey(p.getFileName().toString())).findFirst().orElse(null);
                if (foreign != null) {
                    throw new ModelFormatException(target, "directory already holds '" + foreign.getFileName() + "'; refusing to replace it");
                }
            }
        }
        Path tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".tmp");
        Path old = null;
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(tmp.resolve(f.getKey()), f.getValue());
            }
            if (Files.exists(abs)) {
                old = Files.createTempDirectory(parent, "." + abs.getFileName() + ".old");
                Files.delete(old);
                Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                if (old != null) {
                    Files.move(old, abs, StandardCopyOption.ATOMIC_MOVE);
                    old = null;
                }
                throw e;
            }
        } finally {
            deleteTree(tmp);
            if (old != null) {
                deleteTree(old);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
