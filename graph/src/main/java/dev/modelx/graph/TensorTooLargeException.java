package dev.modelx.graph;

/** A tensor would not fit in memory (a declared shape far larger than the data or the heap allow). */
public class TensorTooLargeException extends IllegalArgumentException {
    public TensorTooLargeException(String message) {
        super(message);
    }
}
