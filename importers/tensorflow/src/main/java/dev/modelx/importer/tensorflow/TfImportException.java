package dev.modelx.importer.tensorflow;

import dev.modelx.graph.ModelFormatException;
import java.nio.file.Path;

/** A TF graph cannot be converted: a bad attribute, a non-constant value where one is needed, an unsupported form. */
class TfImportException extends ModelFormatException {

    TfImportException(String message) {
        super(message);
    }

    TfImportException(Path file, String message, Throwable cause) {
        super(file, message, cause);
    }
}
