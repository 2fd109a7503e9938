package dev.modelx.verify;

import dev.modelx.graph.Model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One side of a verification: the model as the common graph model (always present; the reference runtime runs it
 * and bisection reads its graph), and where it came from — the file and its format, when it was read from one, so
 * an external oracle can run the original file instead of modelx's reading of it.
 *
 * @param model  the model
 * @param file   the file or folder it was read from, or null when built in code
 * @param format the format name ("onnx", "tf-savedmodel", ...), or "" when unknown
 */
public record ModelSource(Model model, Path file, String format) {

    public ModelSource {
        Objects.requireNonNull(model, "model");
        format = format == null ? model.sourceFormat() : format;
    }

    public static ModelSource of(Model model) {
        return new ModelSource(model, null, model.sourceFormat());
    }

    public static ModelSource of(Model model, Path file, String format) {
        return new ModelSource(model, file, format);
    }

    /** The file name, or the graph's name when built in code. */
    public String label() {
        if (file != null) {
            return file.toString();
        }
        String g = model.graph().name();
        return g.isEmpty() ? "(model built in code)" : g + " (built in code)";
    }

    public String formatOrDefault() {
        return format.isEmpty() ? "model" : format;
    }
}
