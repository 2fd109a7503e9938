package dev.modelx.runtime.kernels.shape;

import dev.modelx.runtime.OneNodeModel;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs one node in a one-node model and gives back its outputs in order. */
final class Harness {

    private Harness() {
    }

    /** Inputs are named i0, i1, ... (a null tensor leaves that input slot empty); outputs o0, o1, ... */
    static List<Tensor> run(Node node, int opset, int outputs, Tensor... inputs) {
        List<String> in = new ArrayList<>();
        List<Object> feeds = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                in.add("");
            } else {
                in.add("i" + i);
                feeds.add("i" + i);
                feeds.add(inputs[i]);
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            out.add("o" + i);
        }
        node.inputs(in).outputs(out);
        return new ArrayList<>(OneNodeModel.run(node, opset, feeds.toArray()).values());
    }

    static Tensor run1(Node node, int opset, Tensor... inputs) {
        return run(node, opset, 1, inputs).get(0);
    }

    static Tensor f(long[] shape, float... v) {
        return Tensor.ofFloats(shape, v);
    }

    static Tensor l(long... v) {
        return Tensor.ofLongs(new long[] {v.length}, v);
    }

    static long[] s(long... d) {
        return d;
    }

    static void assertFloats(Tensor t, long[] shape, float... expected) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(expected, t.toFloatArray(), 1e-5f);
    }

    static void assertLongs(Tensor t, long[] shape, long... expected) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(expected, t.toLongArray());
    }

    static void assertShape(Tensor t, long... shape) {
        assertEquals(java.util.Arrays.toString(shape), java.util.Arrays.toString(t.shape()));
    }
}
