package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.runtime.OneNodeModel;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.List;

/** Runs one node on named input tensors and returns its outputs, for the unit tests. */
final class Run {

    private Run() {
    }

    /** Inputs are given as alternating name, tensor pairs; the node's outputs become the graph outputs. */
    static List<Tensor> node(Node node, int opset, Object... namesAndTensors) {
        return List.copyOf(OneNodeModel.run(node, opset, namesAndTensors).values());
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
