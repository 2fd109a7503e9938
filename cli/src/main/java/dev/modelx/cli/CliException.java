package dev.modelx.cli;

/** A problem with what the user asked for, printed as one line; exit code 1. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
