package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.ModelFormatException;

import java.nio.file.Path;

/** The model cannot be written as TensorFlow: the message names the node, the op and the offending value. */
public class TfExportException extends ModelFormatException {

    public TfExportException(Path file, String message) {
        super(file, message);
    }

    public TfExportException(Path file, String message, Throwable cause) {
        super(file, message, cause);
    }
}
