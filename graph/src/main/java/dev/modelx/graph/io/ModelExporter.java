package dev.modelx.graph.io;

import dev.modelx.graph.Model;

import java.io.IOException;
import java.nio.file.Path;

/** Writes the common graph model in one target format. Found with {@link java.util.ServiceLoader}. */
public interface ModelExporter {

    String format();

    /** Writes {@code model} to {@code path} atomically: on failure nothing is left at {@code path}. */
    void write(Model model, Path path, ExportOptions options) throws IOException;
}
