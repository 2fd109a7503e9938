package dev.modelx.passes;

/** What a pass promises about the model's outputs, from strongest to weakest. */
public enum Preservation {

    /** Every output is bit-identical on the reference runtime (the same kernels compute the same values). */
    EXACT("outputs bit-identical"),

    /**
     * Float outputs may differ by rounding, because arithmetic is reassociated (e.g. batch-norm folded into
     * convolution weights); {@link #RELATIVE_TOLERANCE} and {@link #ABSOLUTE_TOLERANCE} bound the difference.
     */
    FLOAT_TOLERANCE("float outputs equal up to rounding");

    /** Bounds for {@link #FLOAT_TOLERANCE}: |a - b| <= ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * |b|. */
    public static final double RELATIVE_TOLERANCE = 1e-4;
    public static final double ABSOLUTE_TOLERANCE = 1e-5;

    private final String description;

    Preservation(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The weaker of the two promises (what a sequence of passes guarantees). */
    public Preservation weakest(Preservation other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
