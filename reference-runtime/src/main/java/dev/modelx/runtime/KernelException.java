package dev.modelx.runtime;

/** A kernel rejected its inputs or attributes; the message names the node, the op and the values. */
public class KernelException extends RuntimeException {
    public KernelException(String message) {
        super(message);
    }

    public KernelException(String message, Throwable cause) {
        super(message, cause);
    }
}
