package dev.modelx.exporter.paddle;

import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        AtomicFiles.writeFolder(abs, dir -> {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(dir.resolve(f.getKey()), f.getValue());
            }
        });
    }
}
