package dev.modelx.format.onnx;

import dev.modelx.graph.ModelFormatException;
import java.nio.file.Path;

/**
 * An ONNX file (model, test-data value or external-data file) that cannot be read or written as ONNX.
 * The message starts with the file's name when there is a file.
 */
public class OnnxFormatException extends ModelFormatException {
    private static final long serialVersionUID = 1L;

    public OnnxFormatException(Path file, String message) {
        super(file, message);
    }

    public OnnxFormatException(Path file, String message, Throwable cause) {
        super(file, message, cause);
    }

    /** For data without a file (bytes in memory): the message names its source itself. */
    public OnnxFormatException(String message) {
        super(message);
    }

    public OnnxFormatException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
