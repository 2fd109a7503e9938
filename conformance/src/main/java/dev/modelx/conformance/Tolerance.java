package dev.modelx.conformance;

/**
 * How close an actual floating-point element must be to the expected one: onnx's rule
 * {@code |actual - expected| <= atol + rtol * |expected|}. {@code reason} says why a test uses other than the default.
 */
public record Tolerance(double rtol, double atol, String reason) {

    /** onnx's backend-test default. */
    public static final Tolerance DEFAULT = new Tolerance(1e-3, 1e-7, null);

    public Tolerance {
        if (!(rtol >= 0) || !(atol >= 0) || Double.isInfinite(rtol) || Double.isInfinite(atol)) {
            throw new IllegalArgumentException("Tolerances must be finite and >= 0, got rtol " + rtol + ", atol " + atol);
        }
    }

    public Tolerance(double rtol, double atol) {
        this(rtol, atol, null);
    }

    /** True when {@code actual} is close enough to {@code expected} (both finite). */
    public boolean accepts(double expected, double actual) {
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }

    @Override
    public String toString() {
        return "rtol " + rtol + ", atol " + atol;
    }
}
