package dev.modelx.runtime.kernels.attention;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.Session;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Builds one-node models for the attention-family tests and runs them. */
final class OneNode {

    private OneNode() {
    }

    /** Runs {@code node} alone in a model at {@code opset}; feeds are (name, tensor) pairs in input order. */
    static Map<String, Tensor> run(Node node, long opset, Object... feeds) {
        Graph g = new Graph("t");
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (int i = 0; i < feeds.length; i += 2) {
            g.input(new ValueInfo((String) feeds[i], null));
            in.put((String) feeds[i], (Tensor) feeds[i + 1]);
        }
        g.add(node);
        for (String o : node.outputs()) {
            if (!o.isEmpty()) {
                g.output(new ValueInfo(o, null));
            }
        }
        Model m = Model.of(g, opset);
        if (!node.domain().isEmpty()) {
            m.opsetImports().put(node.domain(), 1L);
        }
        try (Session s = Session.create(m)) {
            return s.runTensors(in);
        }
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
