package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.Session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs one node in a one-node model and gives back its outputs in order. */
final class Harness {

    private Harness() {
    }

    /** Inputs are named i0, i1, ... (a null tensor leaves that input slot empty); outputs o0, o1, ... */
    static List<Tensor> run(Node node, int opset, int outputs, Tensor... inputs) {
        Graph g = new Graph("t");
        List<String> in = new ArrayList<>();
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                in.add("");
            } else {
                String n = "i" + i;
                in.add(n);
                g.input(new ValueInfo(n, null));
                feeds.put(n, inputs[i]);
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            out.add("o" + i);
            g.output(new ValueInfo("o" + i, null));
        }
        g.add(node.inputs(in).outputs(out));
        Map<String, Tensor> res = Session.create(Model.of(g, opset)).runTensors(feeds);
        return new ArrayList<>(res.values());
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
