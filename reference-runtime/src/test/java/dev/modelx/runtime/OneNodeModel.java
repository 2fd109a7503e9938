package dev.modelx.runtime;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;

import java.util.LinkedHashMap;
import java.util.Map;

/** Runs one node alone in a model, for the kernel unit tests of every family. */
public final class OneNodeModel {

    private OneNodeModel() {
    }

    /**
     * Runs {@code node} at {@code opset} (its own domain, if not the default one, imported at version 1); feeds are
     * alternating (name, tensor) pairs; returns every named output by name, in the node's order.
     */
    public static Map<String, Tensor> run(Node node, long opset, Object... namesAndTensors) {
        Graph g = new Graph("t");
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTensors.length; i += 2) {
            g.input(new ValueInfo((String) namesAndTensors[i], null));
            in.put((String) namesAndTensors[i], (Tensor) namesAndTensors[i + 1]);
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
}
