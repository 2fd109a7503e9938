package dev.modelx.runtime.kernels.attention;

import dev.modelx.runtime.OneNodeModel;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Builds one-node models for the attention-family tests and runs them. */
final class OneNode {

    private OneNode() {
    }

    /** Runs {@code node} alone in a model at {@code opset}; feeds are (name, tensor) pairs in input order. */
    static Map<String, Tensor> run(Node node, long opset, Object... feeds) {
        return OneNodeModel.run(node, opset, feeds);
    }

    static Tensor floats(long[] shape, double... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Tensor.ofFloats(shape, f);
    }

    static long[] shape(long... d) {
        return d;
    }

    static void assertValues(Tensor t, long[] shape, double... expected) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertEquals(expected.length, t.size(), "size");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], t.getDouble(i), 1e-5 * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }
}
