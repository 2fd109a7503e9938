package dev.modelx.format.onnx;

/** An ONNX file (model, test-data value or external-data file) that cannot be read as ONNX. */
public class OnnxFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OnnxFormatException(String message) {
        super(message);
    }

    public OnnxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
