package dev.modelx.graph.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writing output files atomically: data goes to a hidden temporary file in the target's folder, which is
 * renamed over the target only when complete, so a failed write leaves nothing half-written. Temporary
 * files get ordinary permissions (rw-r--r--), not the owner-only ones of {@link Files#createTempFile}.
 */
public final class AtomicFiles {

    /** Writes the content of one file. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Fills a folder with content. */
    @FunctionalInterface
    public interface FolderWriter {
        void fill(Path dir) throws IOException;
    }

    private AtomicFiles() {
    }

    /** A new empty hidden file in {@code dir}, named after the file it will become. */
    public static Path createTemp(Path dir, String finalName) throws IOException {
        Path temp = Files.createTempFile(dir, "." + finalName + ".", ".tmp");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return temp;
    }

    /** Renames {@code temp} over {@code target} (same folder), atomically where the file system allows. */
    public static void commit(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes {@code target} through {@code writer}; on any failure the target is untouched and no temp file is left. */
    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = createTemp(dir, target.getFileName().toString());
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                writer.write(out);
            }
            commit(temp, target.toAbsolutePath());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Writes the folder {@code target} through {@code filler}: the content is built in a hidden sibling folder that
     * is renamed into place only when complete. An existing folder at the target is moved aside first and deleted
     * after the rename (restored if the rename fails), so a failure never leaves a half-written folder. Callers check
     * beforehand what may be replaced.
     */
    public static void writeFolder(Path target, FolderWriter filler) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        String name = abs.getFileName().toString();
        Path temp = Files.createTempDirectory(parent, "." + name + ".");
        Path old = null;
        try {
            filler.fill(temp);
            if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                old = Files.createTempDirectory(parent, "." + name + ".old.");
                Files.delete(old);
                move(abs, old);
            }
            try {
                move(temp, abs);
            } catch (IOException e) {
                if (old != null) {
                    move(old, abs);
                    old = null;
                }
                throw e;
            }
        } finally {
            deleteTree(temp);
            if (old != null) {
                deleteTree(old);
            }
        }
    }

    /** Deletes {@code p} and everything below it, if it exists (links are deleted, not followed). */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
