package dev.modelx.format.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfArchivesTest {

    @TempDir
    Path dir;

    private Path tar(String archiveName, String entry, byte type, String linkTarget) throws IOException {
        Path p = dir.resolve(archiveName);
        try (OutputStream raw = Files.newOutputStream(p);
             OutputStream z = archiveName.endsWith(".gz") ? new GzipCompressorOutputStream(raw) : raw;
             TarArchiveOutputStream t = new TarArchiveOutputStream(z)) {
            TarArchiveEntry e = new TarArchiveEntry(entry, type);
            byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
            if (linkTarget != null) {
                e.setLinkName(linkTarget);
            } else {
                e.setSize(data.length);
            }
            t.putArchiveEntry(e);
            if (linkTarget == null) {
                t.write(data);
            }
            t.closeArchiveEntry();
        }
        return p;
    }

    @Test
    void extractsAPlainTarGz() throws IOException {
        Path a = tar("m.tar.gz", "model/saved_model.pb", TarArchiveEntry.LF_NORMAL, null);
        Path out = Files.createDirectory(dir.resolve("out"));
        TfArchives.extract(a, out, 1 << 20);
        assertEquals("hello", Files.readString(out.resolve("model/saved_model.pb")));
        assertEquals(out.resolve("model"), TfModelFiles.locateModel(out, a));
    }

    @Test
    void refusesEntriesEscapingTheFolder() throws IOException {
        Path a = tar("evil.tar", "../../escaped.txt", TarArchiveEntry.LF_NORMAL, null);
        Path out = Files.createDirectory(dir.resolve("out"));
        TfFormatException e = assertThrows(TfFormatException.class, () -> TfArchives.extract(a, out, 1 << 20));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("escaped.txt")));
    }

    @Test
    void refusesAbsolutePathsAndLinks() throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        Path sym = tar("sym.tar", "link", TarArchiveEntry.LF_SYMLINK, "/etc/passwd");
        assertTrue(assertThrows(TfFormatException.class, () -> TfArchives.extract(sym, out, 1 << 20)).getMessage().contains("link"));
        Path hard = tar("hard.tar", "hl", TarArchiveEntry.LF_LINK, "other");
        assertThrows(TfFormatException.class, () -> TfArchives.extract(hard, out, 1 << 20));
        assertThrows(TfFormatException.class, () -> TfArchives.safeDestination(sym, out, "/etc/x"));
        assertThrows(TfFormatException.class, () -> TfArchives.safeDestination(sym, out, "C:\\x"));
    }

    @Test
    void zipSlipAndSizeCapAreRefused() throws IOException {
        Path z = dir.resolve("m.zip");
        try (ZipArchiveOutputStream zo = new ZipArchiveOutputStream(Files.newOutputStream(z))) {
            zo.putArchiveEntry(new ZipArchiveEntry("a/../../x.pb"));
            zo.write(new byte[10]);
            zo.closeArchiveEntry();
        }
        Path out = Files.createDirectory(dir.resolve("out"));
        assertThrows(TfFormatException.class, () -> TfArchives.extract(z, out, 1 << 20));
        Path big = tar("big.tar", "frozen.pb", TarArchiveEntry.LF_NORMAL, null);
        Path out2 = Files.createDirectory(dir.resolve("out2"));
        assertTrue(assertThrows(TfFormatException.class, () -> TfArchives.extract(big, out2, 3)).getMessage().contains("cap"));
    }
}
