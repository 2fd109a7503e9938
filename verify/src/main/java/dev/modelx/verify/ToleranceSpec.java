package dev.modelx.verify;

import dev.modelx.graph.DataType;

/**
 * The tolerances of one verification: the per-element-type defaults of {@link Tolerance#defaultFor}, with the
 * user's {@code --rtol}/{@code --atol} (either may be null) replacing them for floating-point and complex types.
 * Integer, bool and string elements are always compared exactly.
 */
public record ToleranceSpec(Double rtol, Double atol) {

    public static final ToleranceSpec DEFAULTS = new ToleranceSpec(null, null);

    public ToleranceSpec {
        if (rtol != null) {
            Tolerance.of(rtol, 0);
        }
        if (atol != null) {
            Tolerance.of(0, atol);
        }
    }

    public static ToleranceSpec of(double rtol, double atol) {
        return new ToleranceSpec(rtol, atol);
    }

    public Tolerance forType(DataType type) {
        Tolerance d = Tolerance.defaultFor(type);
        if (d.exact()) {
            return d;
        }
        return Tolerance.of(rtol != null ? rtol : d.rtol(), atol != null ? atol : d.atol());
    }

    /** The tolerance for comparing {@code expected} with {@code actual} values: the looser of the two types'. */
    public Tolerance forTypes(DataType expected, DataType actual) {
        Tolerance a = forType(expected);
        Tolerance b = forType(actual);
        if (a.exact()) {
            return b;
        }
        if (b.exact()) {
            return a;
        }
        return Tolerance.of(Math.max(a.rtol(), b.rtol()), Math.max(a.atol(), b.atol()));
    }

    public boolean isDefault() {
        return rtol == null && atol == null;
    }

    @Override
    public String toString() {
        if (isDefault()) {
            return "per element type (float32: " + forType(DataType.FLOAT) + ")";
        }
        return forType(DataType.FLOAT).toString();
    }
}
