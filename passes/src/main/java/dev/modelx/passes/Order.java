package dev.modelx.passes;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Node;

import java.util.ArrayList;
import java.util.List;

/** A snapshot of a graph's nodes to iterate while the graph changes. */
final class Order {

    private Order() {
    }

    /** The nodes in topological order, or as written when the graph has a cycle. */
    static List<Node> topological(Graph g) {
        try {
            return Graphs.topologicalOrder(g);
        } catch (Graphs.CycleException e) {
            return new ArrayList<>(g.nodes());
        }
    }
}
