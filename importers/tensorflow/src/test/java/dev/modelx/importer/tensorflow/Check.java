package dev.modelx.importer.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelx.graph.Tensor;

final class Check {

    private Check() {
    }

    static void close(Tensor got, long[] shape, double... want) {
        assertArrayEquals(shape, got.shape(), "shape");
        double[] g = got.toDoubleArray();
        assertEquals(want.length, g.length, "element count");
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], g[i], 1e-5 + 1e-5 * Math.abs(want[i]), "element " + i);
        }
    }
}
