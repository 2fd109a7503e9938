package dev.modelx.cli;

import dev.modelx.graph.Model;
import dev.modelx.graph.io.Formats;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.graph.io.ModelImporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a model through the format plug-in chosen by {@code --from} or detected from the path. */
final class ModelLoader {

    private ModelLoader() {
    }

    static Model load(Path path, String from) throws IOException {
        if (!Files.exists(path)) {
            throw new CliException(path + ": no such file or directory");
        }
        ModelImporter importer = Formats.importerFor(path, from);
        Model m = importer.read(path, ImportOptions.defaults());
        if (m.sourceFormat().isEmpty()) {
            m.sourceFormat(importer.format());
        }
        return m;
    }
}
