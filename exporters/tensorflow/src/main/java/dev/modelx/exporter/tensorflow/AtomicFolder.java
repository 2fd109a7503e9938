package dev.modelx.exporter.tensorflow;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Writes a folder atomically: its content is built in a hidden sibling folder, which is renamed into
 * place only when complete. An existing folder at the target is moved aside first and deleted after the
 * rename (restored if the rename fails), so a failed export never leaves a half-written SavedModel.
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
        String name = abs.getFileName().toString();
        Path temp = Files.createTempDirectory(parent, "." + name + ".");
        Path old = null;
        try {
            filler.fill(temp);
            if (Files.exists(abs)) {
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

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
