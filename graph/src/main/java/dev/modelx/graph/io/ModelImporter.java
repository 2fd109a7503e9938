package dev.modelx.graph.io;

import dev.modelx.graph.Model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one source format into the common graph model. Implementations are found with
 * {@link java.util.ServiceLoader}; see {@link Formats}.
 */
public interface ModelImporter {

    /** The format name used on the command line: onnx, tf-savedmodel, tf-graphdef, tflite, paddle, paddle-pir. */
    String format();

    /** True when {@code path} looks like this format (by name or by a cheap look at its first bytes). */
    boolean canRead(Path path);

    Model read(Path path, ImportOptions options) throws IOException;

    default Model read(Path path) throws IOException {
        return read(path, ImportOptions.defaults());
    }
}
