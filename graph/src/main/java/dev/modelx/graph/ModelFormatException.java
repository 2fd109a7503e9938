package dev.modelx.graph;

import java.nio.file.Path;

/**
 * A model file could not be read or written: malformed bytes, an unsupported value, an unsafe path.
 * The message names the file, where in it (node, op, attribute, tensor) and the offending value.
 */
public class ModelFormatException extends RuntimeException {

    private final transient Path file;

    public ModelFormatException(Path file, String message) {
        this(file, message, null);
    }

    public ModelFormatException(Path file, String message, Throwable cause) {
        super((file == null ? "" : file.getFileName() + ": ") + message, cause);
        this.file = file;
    }

    public ModelFormatException(String message) {
        this(null, message, null);
    }

    public Path file() {
        return file;
    }
}
