package dev.modelx.format.paddle;

import dev.modelx.graph.ModelFormatException;

import java.nio.file.Path;

/** A Paddle program, params file or archive is malformed or unsafe; the message names the file and the value. */
public class PaddleFormatException extends ModelFormatException {

    public PaddleFormatException(Path file, String message) {
        super(file, message);
    }

    public PaddleFormatException(Path file, String message, Throwable cause) {
        super(file, message, cause);
    }
}
