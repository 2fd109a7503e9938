package dev.modelx.passes;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Node;
import dev.modelx.graph.ValueInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who reads each value of one graph: its nodes, directly or through a sub-graph that captures the value,
 * and the graph's outputs. A snapshot: rebuild it after rewiring.
 */
final class Uses {

    private final Map<String, List<Node>> consumers = new HashMap<>();
    private final Set<String> outputs = new HashSet<>();

    private Uses(Graph g) {
        for (Node n : g.nodes()) {
            for (String in : Graphs.allInputs(n)) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        for (ValueInfo v : g.outputs()) {
            outputs.add(v.name());
        }
    }

    static Uses of(Graph g) {
        return new Uses(g);
    }

    /** Nodes reading {@code value} (each once, however many of its inputs name it). */
    List<Node> consumers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    boolean isGraphOutput(String value) {
        return outputs.contains(value);
    }

    /** True when nothing reads {@code value}: no node, no sub-graph, no graph output. */
    boolean unused(String value) {
        return consumers(value).isEmpty() && !outputs.contains(value);
    }

    /** True when {@code reader} is the only reader of {@code value} and it is not a graph output. */
    boolean onlyReader(String value, Node reader) {
        List<Node> c = consumers(value);
        return !outputs.contains(value) && c.size() == 1 && c.get(0) == reader;
    }
}
