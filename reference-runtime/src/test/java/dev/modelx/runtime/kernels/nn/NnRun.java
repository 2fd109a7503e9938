package dev.modelx.runtime.kernels.nn;

import dev.modelx.runtime.OneNodeModel;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One-node models for the nn kernel tests. */
final class NnRun {

    private NnRun() {
    }

    /** Runs {@code node} alone at {@code opset}; feeds are (name, tensor) pairs; returns outputs by name. */
    static Map<String, Tensor> run(Node node, long opset, Object... feeds) {
        return OneNodeModel.run(node, opset, feeds);
    }

    /** The single output "y". */
    static Tensor y(Node node, long opset, Object... feeds) {
        return run(node, opset, feeds).get("y");
    }

    /** Asserts the run fails with an error naming the node and containing {@code part}. */
    static void fails(String part, Node node, long opset, Object... feeds) {
        KernelException e = assertThrows(KernelException.class, () -> run(node, opset, feeds));
        assertTrue(e.getMessage().contains(node.name()), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    static Tensor f(long[] shape, double... v) {
        float[] a = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = (float) v[i];
        }
        return Tensor.ofFloats(shape, a);
    }

    static long[] s(long... d) {
        return d;
    }

    static void check(Tensor t, long[] shape, double... expected) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertEquals(expected.length, t.size(), "size");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], t.getDouble(i), 1e-5 * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }
}
