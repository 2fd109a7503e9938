package dev.modelx.verify;

import dev.modelx.graph.DataType;

/**
 * How close a converted model's element must be to the source's: {@code |b - a| <= atol + rtol * |a|}, where
 * {@code a} is the source (expected) value — the rule of the conformance suite's {@code ValueComparator} and of
 * numpy's {@code isclose}. NaN matches only NaN and an infinity only the same infinity. Integer, bool and string
 * elements must be equal ({@link #exact()}).
 */
public record Tolerance(double rtol, double atol, boolean exact) {

    /** Integers, bools, strings: equality. */
    public static final Tolerance EXACT = new Tolerance(0, 0, true);

    public Tolerance {
        if (!(rtol >= 0) || !(atol >= 0) || Double.isInfinite(rtol) || Double.isInfinite(atol)) {
            throw new IllegalArgumentException("Tolerances must be finite and >= 0, got rtol " + rtol + ", atol " + atol);
        }
    }

    public static Tolerance of(double rtol, double atol) {
        return new Tolerance(rtol, atol, false);
    }

    /**
     * The default for an element type (docs/verification.md gives the reasons): float64 1e-7/1e-9, float32
     * 1e-4/1e-5, float16 1e-2/1e-3, bfloat16 5e-2/1e-2, the float8 types and float4 one to two steps of their
     * mantissa, complex types as their component type, everything else exact.
     */
    public static Tolerance defaultFor(DataType type) {
        return switch (type) {
            case DOUBLE, COMPLEX128 -> of(1e-7, 1e-9);
            case FLOAT, COMPLEX64 -> of(1e-4, 1e-5);
            case FLOAT16 -> of(1e-2, 1e-3);
            case BFLOAT16 -> of(5e-2, 1e-2);
            case FLOAT8E4M3FN, FLOAT8E4M3FNUZ -> of(0.25, 1.0 / 64);
            case FLOAT8E5M2, FLOAT8E5M2FNUZ -> of(0.5, 1.0 / 32);
            case FLOAT4E2M1 -> of(0.5, 0.5);
            case FLOAT8E8M0 -> of(1.0, 0);
            default -> EXACT;
        };
    }

    /** True when {@code actual} is close enough to {@code expected} (both finite). */
    public boolean accepts(double expected, double actual) {
        if (exact) {
            return expected == actual;
        }
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }

    @Override
    public String toString() {
        return exact ? "exact" : "rtol " + Fmt.num(rtol) + " atol " + Fmt.num(atol);
    }
}
