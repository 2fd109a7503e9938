package dev.modelx.exporter.onnx;

import dev.modelx.graph.io.AtomicFiles;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Temporary files in one folder that become real files only by an atomic rename; whatever was not renamed is
 * deleted on close, so a failed write leaves nothing behind.
 */
final class TempFiles implements Closeable {
    private final Path dir;
    private final List<Path> pending = new ArrayList<>();

    TempFiles(Path dir) {
        this.dir = dir;
    }

    /** A new empty hidden file in the folder, named after the file it will become. */
    Path create(String finalName) throws IOException {
        Path temp = AtomicFiles.createTemp(dir, finalName);
        pending.add(temp);
        return temp;
    }

    /** Renames {@code temp} over {@code name} in the same folder, replacing an existing file. */
    void commit(Path temp, String name) throws IOException {
        AtomicFiles.commit(temp, dir.resolve(name));
        pending.remove(temp);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Path p : pending) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        pending.clear();
        if (first != null) {
            throw first;
        }
    }
}
