package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.Session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs one node on named input tensors and returns its outputs, for the unit tests. */
final class Run {

    private Run() {
    }

    /** Inputs are given as alternating name, tensor pairs; the node's outputs become the graph outputs. */
    static List<Tensor> node(Node node, int opset, Object... namesAndTensors) {
        Graph g = new Graph("t");
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTensors.length; i += 2) {
            String name = (String) namesAndTensors[i];
            Tensor t = (Tensor) namesAndTensors[i + 1];
            g.input(name, t.type(), t.shape());
            feeds.put(name, t);
        }
        g.add(node);
        for (String o : node.outputs()) {
            g.output(new ValueInfo(o, null));
        }
        return List.copyOf(Session.create(Model.of(g, opset)).runTensors(feeds).values());
    }

    static Tensor one(Node node, int opset, Object... namesAndTensors) {
        return node(node, opset, namesAndTensors).get(0);
    }

    static long[] shape(long... dims) {
        return dims;
    }

    static float[] floats(Tensor t) {
        return t.toFloatArray();
    }
}
