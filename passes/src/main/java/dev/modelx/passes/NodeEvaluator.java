package dev.modelx.passes;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a single node on the reference runtime, with its inputs given as constants. */
final class NodeEvaluator {

    private final Model model;

    NodeEvaluator(Model model) {
        this.model = model;
    }

    /**
     * The node's outputs, one per output slot (null for unnamed slots). Throws what the runtime throws: an
     * op without a kernel, bad inputs, or an output that is not a tensor.
     */
    List<Tensor> evaluate(Node node, Map<String, Tensor> inputs) {
        Graph g = new Graph("fold");
        inputs.forEach(g::initializer);
        Node copy = node.copy();
        copy.opsetVersion(OpTraits.opset(model, node));
        g.add(copy);
        for (String out : node.outputs()) {
            if (!out.isEmpty()) {
                g.output(new ValueInfo(out, null));
            }
        }
        Model one = new Model(g).irVersion(Math.max(model.irVersion(), 4));
        one.opsetImports().putAll(model.opsetImports());
        Map<String, Tensor> results;
        try (Session s = Session.create(one)) {
            results = s.runTensors(Map.of());
        }
        List<Tensor> out = new ArrayList<>();
        for (String name : node.outputs()) {
            out.add(name.isEmpty() ? null : results.get(name));
        }
        return out;
    }
}
