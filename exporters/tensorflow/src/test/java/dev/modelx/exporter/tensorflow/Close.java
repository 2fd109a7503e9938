package dev.modelx.exporter.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.modelx.graph.Tensor;

/** Element-wise comparison at rtol 1e-4, atol 1e-5 (exact for integers and bools); returns the max abs error. */
final class Close {

    static final double RTOL = 1e-4;
    static final double ATOL = 1e-5;

    private Close() {
    }

    static double check(String what, Tensor want, Tensor got) {
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        if (want.type() == dev.modelx.graph.DataType.STRING) {
            assertArrayEquals(want.strings(), got.strings(), what + ": strings");
            return 0;
        }
        if (!want.type().isFloatingPoint()) {
            assertEquals(want.type().isFloatingPoint(), got.type().isFloatingPoint(), what + ": type " + got.type());
        }
        double max = 0;
        for (int i = 0; i < want.size(); i++) {
            double w = want.getDouble(i);
            double g = got.getDouble(i);
            if (Double.isNaN(w) && Double.isNaN(g) || w == g) {
                continue;
            }
            double err = Math.abs(w - g);
            if (!(err <= ATOL + RTOL * Math.abs(w))) {
                fail(what + "[" + i + "]: expected " + w + ", TensorFlow gave " + g);
            }
            max = Math.max(max, err);
        }
        return max;
    }
}
