package dev.modelx.format.paddle;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * Extracts .tar, .tar.gz/.tgz and .zip archives as Paddle distributes models, refusing anything that could
 * land outside the extraction folder: absolute paths, ".." escapes, symbolic and hard links, device entries.
 * The total extracted size and the entry count are capped.
 */
public final class SafeArchive {

    public static final long DEFAULT_MAX_BYTES = 8L << 30;
    public static final int MAX_ENTRIES = 100_000;

    private SafeArchive() {
    }

    public static boolean isArchive(Path p) {
        String n = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".tar") || n.endsWith(".tar.gz") || n.endsWith(".tgz") || n.endsWith(".zip");
    }

    /** The entry names of an archive (without extracting), for cheap format detection. */
    public static List<String> entryNames(Path archive) throws IOException {
        List<String> names = new ArrayList<>();
        if (isZip(archive)) {
            try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
                for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements() && names.size() < MAX_ENTRIES; ) {
                    names.add(e.nextElement().getName());
                }
            }
        } else {
            try (TarArchiveInputStream tar = openTar(archive)) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null && names.size() < MAX_ENTRIES; ) {
                    names.add(e.getName());
                }
            }
        }
        return names;
    }

    public static void extract(Path archive, Path dest) throws IOException {
        extract(archive, dest, DEFAULT_MAX_BYTES);
    }

    /** Extracts {@code archive} into the existing folder {@code dest}. */
    public static void extract(Path archive, Path dest, long maxBytes) throws IOException {
        Path root = dest.toAbsolutePath().normalize();
        long[] total = {0};
        int count = 0;
        if (isZip(archive)) {
            try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
                for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); ) {
                    ZipArchiveEntry entry = e.nextElement();
                    checkCount(archive, ++count);
                    if (entry.isUnixSymlink()) {
                        throw refuse(archive, entry, "is a symbolic link");
                    }
                    Path target = target(archive, root, entry);
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    try (InputStream in = zip.getInputStream(entry)) {
                        copy(archive, entry, in, target, total, maxBytes);
                    }
                }
            }
        } else {
            try (TarArchiveInputStream tar = openTar(archive)) {
                for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                    checkCount(archive, ++count);
                    if (entry.isSymbolicLink() || entry.isLink()) {
                        throw refuse(archive, entry, "is a link");
                    }
                    Path target = target(archive, root, entry);
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (entry.isFile()) {
                        copy(archive, entry, tar, target, total, maxBytes);
                    } else if (!entry.isGlobalPaxHeader() && !entry.isPaxHeader()) {
                        throw refuse(archive, entry, "is not a regular file or folder");
                    }
                }
            }
        }
    }

    private static boolean isZip(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    private static TarArchiveInputStream openTar(Path archive) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(archive));
        String n = archive.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz") || n.endsWith(".tgz")) {
            in = GzipCompressorInputStream.builder().setInputStream(in).get();
        }
        return new TarArchiveInputStream(in);
    }

    private static void checkCount(Path archive, int count) {
        if (count > MAX_ENTRIES) {
            throw new PaddleFormatException(archive, "archive has more than " + MAX_ENTRIES + " entries");
        }
    }

    private static Path target(Path archive, Path root, ArchiveEntry entry) {
        String name = entry.getName();
        if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*") || name.indexOf('\0') >= 0) {
            throw refuse(archive, entry, "has an absolute or empty path");
        }
        Path target = root.resolve(name.replace('\\', '/')).normalize();
        if (!target.startsWith(root) || target.equals(root) && !entry.isDirectory()) {
            throw refuse(archive, entry, "would be extracted outside the destination folder");
        }
        return target;
    }

    private static void copy(Path archive, ArchiveEntry entry, InputStream in, Path target, long[] total, long maxBytes)
            throws IOException {
        Files.createDirectories(target.getParent());
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                total[0] += n;
                if (total[0] > maxBytes) {
                    throw new PaddleFormatException(archive, "archive expands to more than " + maxBytes + " bytes (at entry '"
                            + entry.getName() + "')");
                }
                out.write(buf, 0, n);
            }
        }
    }

    private static PaddleFormatException refuse(Path archive, ArchiveEntry entry, String why) {
        return new PaddleFormatException(archive, "refusing archive entry '" + entry.getName() + "': it " + why);
    }
}
