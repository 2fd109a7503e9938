package dev.modelx.oracle.tensorflow;

/** A tensor element type that TensorFlow 2.18 (or modelx) has no counterpart for; the message names it. */
final class UnsupportedTensorTypeException extends UnsupportedOperationException {

    UnsupportedTensorTypeException(String message) {
        super(message);
    }
}
