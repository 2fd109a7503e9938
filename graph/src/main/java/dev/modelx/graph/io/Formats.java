package dev.modelx.graph.io;

import dev.modelx.graph.ModelFormatException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** The registry of format plug-ins found on the class path. */
public final class Formats {

    private Formats() {
    }

    public static List<ModelImporter> importers() {
        List<ModelImporter> out = new ArrayList<>();
        ServiceLoader.load(ModelImporter.class).forEach(out::add);
        return out;
    }

    public static List<ModelExporter> exporters() {
        List<ModelExporter> out = new ArrayList<>();
        ServiceLoader.load(ModelExporter.class).forEach(out::add);
        return out;
    }

    public static ModelImporter importer(String format) {
        return importers().stream().filter(i -> i.format().equals(format)).findFirst()
                .orElseThrow(() -> new ModelFormatException("Unknown input format '" + format + "', expected one of "
                        + new TreeSet<>(importers().stream().map(ModelImporter::format).toList())));
    }

    public static ModelExporter exporter(String format) {
        return exporters().stream().filter(e -> e.format().equals(format)).findFirst()
                .orElseThrow(() -> new ModelFormatException("Unknown output format '" + format + "', expected one of "
                        + new TreeSet<>(exporters().stream().map(ModelExporter::format).toList())));
    }

    /** The importer that recognises {@code path}, if any. */
    public static Optional<ModelImporter> detect(Path path) {
        return importers().stream().filter(i -> i.canRead(path)).findFirst();
    }

    /** The importer for {@code path}: the named format, or the detected one; a clear error if none. */
    public static ModelImporter importerFor(Path path, String format) {
        if (format != null && !format.isEmpty()) {
            return importer(format);
        }
        return detect(path).orElseThrow(() -> new ModelFormatException(path, "cannot tell the model format from the path; use --from, one of "
                + new TreeSet<>(importers().stream().map(ModelImporter::format).toList())));
    }
}
