package dev.modelx.graph.validate;

/** One problem found by validation: its kind, where it is (graph path and node), and what is wrong. */
public record Problem(Kind kind, String where, String message) {

    public enum Kind {
        DANGLING_INPUT, CYCLE, DUPLICATE_NAME, MISSING_OPSET_IMPORT, TYPE_MISMATCH, MISSING_OUTPUT, STRUCTURE
    }

    @Override
    public String toString() {
        return where + ": " + message;
    }
}
