package dev.modelx.graph;

/**
 * One dimension of a shape: a known size, a symbolic name ("batch"), or unknown (neither).
 * {@code denotation} is ONNX's optional semantic tag ("DATA_BATCH"), carried through unchanged.
 */
public record Dim(long value, String param, String denotation) {

    private static final Dim UNKNOWN = new Dim(-1, null, null);

    public Dim {
        if (param != null && value >= 0) {
            throw new IllegalArgumentException("A dimension is either a size or a name, not both: " + value + ", '" + param + "'");
        }
    }

    public static Dim of(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("Negative dimension " + value);
        }
        return new Dim(value, null, null);
    }

    public static Dim symbolic(String param) {
        return new Dim(-1, param, null);
    }

    public static Dim unknown() {
        return UNKNOWN;
    }

    public boolean isStatic() {
        return value >= 0;
    }

    public boolean isSymbolic() {
        return param != null;
    }

    @Override
    public String toString() {
        return isStatic() ? Long.toString(value) : isSymbolic() ? param : "?";
    }
}
