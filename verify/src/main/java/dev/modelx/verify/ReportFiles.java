package dev.modelx.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writing a rendered report (JSON, HTML) to its file; shared with the conformance reports. */
public final class ReportFiles {

    private ReportFiles() {
    }

    /** Writes {@code text} as UTF-8 to {@code file}, creating its folder; an I/O failure is unchecked. */
    public static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
