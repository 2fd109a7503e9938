package dev.modelx.format.tensorflow;

import dev.modelx.graph.ModelFormatException;
import java.nio.file.Path;

/** A TensorFlow file (GraphDef, SavedModel, checkpoint bundle, archive) is malformed or unsafe. */
public class TfFormatException extends ModelFormatException {

    public TfFormatException(Path file, String message) {
        super(file, message);
    }

    public TfFormatException(Path file, String message, Throwable cause) {
        super(file, message, cause);
    }
}
