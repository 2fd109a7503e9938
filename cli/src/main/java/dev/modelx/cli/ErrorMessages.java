package dev.modelx.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns any failure into the one line the CLI prints. */
final class ErrorMessages {

    private ErrorMessages() {
    }

    static String oneLine(Throwable e) {
        String msg;
        if (e instanceof NoSuchFileException n) {
            msg = n.getFile() + ": no such file or directory";
        } else if (e instanceof AccessDeniedException a) {
            msg = a.getFile() + ": permission denied";
        } else if (e instanceof OutOfMemoryError) {
            msg = "out of memory (raise the heap with MODELX_JAVA_OPTS=-Xmx...)";
        } else {
            msg = e.getMessage();
            if (msg == null || msg.isBlank()) {
                msg = e.getClass().getSimpleName();
            }
        }
        return msg.replace('\n', ' ').replace('\r', ' ');
    }
}
