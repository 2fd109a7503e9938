package dev.modelx.conformance;

/** The one-line reason a report gives for an exception, shared by the backend runner, the via check and the matrix. */
public final class FailureReasons {

    private FailureReasons() {
    }

    /** The message on one line, at most 600 characters; the class name where the message alone would not say what broke. */
    public static String oneLine(Throwable t) {
        String msg = t.getMessage();
        String text;
        if (t instanceof OutOfMemoryError) {
            text = "out of memory" + (msg == null ? "" : ": " + msg);
        } else if (t instanceof StackOverflowError) {
            text = "stack overflow";
        } else if (msg == null || msg.isBlank()) {
            text = t.getClass().getName();
        } else if (t.getClass().getName().startsWith("java.") && !(t instanceof IllegalArgumentException)
                && !(t instanceof IllegalStateException) && !(t instanceof UnsupportedOperationException)) {
            text = t.getClass().getSimpleName() + ": " + msg;
        } else {
            text = msg;
        }
        text = text.replaceAll("\\s*\\R\\s*", " ").strip();
        return text.length() > 600 ? text.substring(0, 597) + "..." : text;
    }
}
