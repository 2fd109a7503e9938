package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a SavedModel folder atomically through {@link AtomicFiles#writeFolder}, after checking the target can
 * hold one, so a failed export never leaves a half-written SavedModel.
 */
final class AtomicFolder {

    @FunctionalInterface
    interface Filler {
        void fill(Path dir) throws IOException;
    }

    private AtomicFolder() {
    }

    static void write(Path target, Filler filler) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            throw new TfExportException(target, "cannot write a SavedModel folder at the file-system root");
        }
        Files.createDirectories(parent);
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new TfExportException(target, "a SavedModel is a folder, and a file already exists at this path");
        }
        AtomicFiles.writeFolder(abs, filler::fill);
    }
}
