package dev.modelx.format.tensorflow;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Safe extraction of .tar, .tar.gz/.tgz and .zip archives holding a frozen graph or a SavedModel.
 * Refuses absolute paths, entries whose normalized path leaves the target folder, links and special files,
 * and stops when the total extracted size or entry count passes its cap.
 */
public final class TfArchives {

    public static final long DEFAULT_MAX_BYTES = 8L << 30;
    public static final int MAX_ENTRIES = 100_000;

    private TfArchives() {
    }

    public static boolean isArchive(Path p) {
        String n = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".tar") || n.endsWith(".tar.gz") || n.endsWith(".tgz") || n.endsWith(".zip");
    }

    /** Extracts {@code archive} into the existing empty folder {@code target}. */
    public static void extract(Path archive, Path target, long maxBytes) throws IOException {
        String n = archive.getFileName().toString().toLowerCase(Locale.ROOT);
        Path root = target.toAbsolutePath().normalize();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             ArchiveInputStream<? extends ArchiveEntry> in = open(raw, n)) {
            long total = 0;
            int count = 0;
            ArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (++count > MAX_ENTRIES) {
                    throw new TfFormatException(archive, "more than " + MAX_ENTRIES + " entries");
                }
                String name = e.getName();
                checkKind(archive, e);
                Path dest = safeDestination(archive, root, name);
                if (e.isDirectory()) {
                    Files.createDirectories(dest);
                    continue;
                }
                Files.createDirectories(dest.getParent());
                try (OutputStream out = Files.newOutputStream(dest)) {
                    byte[] buf = new byte[1 << 16];
                    int r;
                    while ((r = in.read(buf)) > 0) {
                        total += r;
                        if (total > maxBytes) {
                            throw new TfFormatException(archive, "extracted size passes the cap of " + maxBytes + " bytes at entry '" + name + "'");
                        }
                        out.write(buf, 0, r);
                    }
                }
            }
        }
    }

    private static ArchiveInputStream<? extends ArchiveEntry> open(InputStream raw, String name) throws IOException {
        if (name.endsWith(".zip")) {
            return new ZipArchiveInputStream(raw);
        }
        if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            return new TarArchiveInputStream(new GzipCompressorInputStream(raw));
        }
        return new TarArchiveInputStream(raw);
    }

    private static void checkKind(Path archive, ArchiveEntry e) {
        if (e instanceof TarArchiveEntry t && (t.isSymbolicLink() || t.isLink() || !(t.isFile() || t.isDirectory()))) {
            throw new TfFormatException(archive, "entry '" + e.getName() + "' is a link or special file; refused");
        }
        if (e instanceof ZipArchiveEntry z && z.isUnixSymlink()) {
            throw new TfFormatException(archive, "entry '" + e.getName() + "' is a symbolic link; refused");
        }
    }

    static Path safeDestination(Path archive, Path root, String name) {
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*") || name.contains("\0")) {
            throw new TfFormatException(archive, "entry '" + name + "' has an absolute path; refused");
        }
        Path dest = root.resolve(name.replace('\\', '/')).normalize();
        if (!dest.startsWith(root) || dest.equals(root) && !name.replace("\\", "/").matches("(\\./?)*")) {
            throw new TfFormatException(archive, "entry '" + name + "' would be written outside the extraction folder; refused");
        }
        return dest;
    }
}
