package dev.modelx.graph.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

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
}
