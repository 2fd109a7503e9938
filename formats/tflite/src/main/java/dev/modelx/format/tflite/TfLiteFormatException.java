package dev.modelx.format.tflite;

import dev.modelx.graph.ModelFormatException;

import java.nio.file.Path;

/** A TFLite file that is not a well-formed model: bad identifier, offsets or lengths outside the file. */
public class TfLiteFormatException extends ModelFormatException {

    public TfLiteFormatException(String message) {
        super(message);
    }

    public TfLiteFormatException(Path file, String message, Throwable cause) {
        super(file, message, cause);
    }
}
