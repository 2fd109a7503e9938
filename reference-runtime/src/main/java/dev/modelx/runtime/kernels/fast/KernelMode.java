package dev.modelx.runtime.kernels.fast;

import java.util.Locale;

/**
 * Which kernels run the hot float32 ops (MatMul, Gemm, Conv), chosen by the system property
 * {@value #PROPERTY}:
 * <ul>
 *   <li>{@code auto} (default) or {@code vector}: the Vector API kernels when the JVM was started with
 *       {@code --add-modules jdk.incubator.vector}, otherwise the scalar parallel kernels;</li>
 *   <li>{@code scalar}: the scalar parallel kernels (no Vector API, all cores);</li>
 *   <li>{@code plain}: the reference kernels only (single thread, double accumulation).</li>
 * </ul>
 * The fast kernels are used only for float32 tensors above a work threshold; everything else runs the
 * reference kernels.
 */
public enum KernelMode {
    PLAIN, SCALAR, VECTOR;

    public static final String PROPERTY = "modelx.kernels";
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** Whether the incubating Vector API module is in the boot layer (the JVM got --add-modules jdk.incubator.vector). */
    public static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** The mode the system property asks for, falling back to {@link #SCALAR} when the Vector API is absent. */
    public static KernelMode fromSystemProperty() {
        return parse(System.getProperty(PROPERTY), vectorApiAvailable());
    }

    /** The mode for a property value ({@code null} means auto); an unknown value is an error quoting it. */
    public static KernelMode parse(String value, boolean vectorAvailable) {
        String v = value == null ? "auto" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "auto", "vector" -> vectorAvailable ? VECTOR : SCALAR;
            case "scalar" -> SCALAR;
            case "plain" -> PLAIN;
            default -> throw new IllegalArgumentException(
                    "system property " + PROPERTY + "='" + value + "' must be one of auto, vector, scalar, plain");
        };
    }
}
