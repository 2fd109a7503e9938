package dev.modelx.importer.tensorflow;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Removes nodes and initializers that no graph output needs (sub-graph reads of outer values count). */
final class DeadCode {

    private DeadCode() {
    }

    static void remove(Graph g) {
        Set<String> live = new HashSet<>();
        g.outputs().forEach(o -> live.add(o.name()));
        List<Node> nodes = g.nodes();
        List<Node> sorted = Graphs.topologicalOrder(g);
        nodes.clear();
        nodes.addAll(sorted);
        boolean[] keep = new boolean[nodes.size()];
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.outputs().stream().anyMatch(live::contains)) {
                keep[i] = true;
                live.addAll(n.inputs());
                for (Graph sub : n.subgraphs()) {
                    Graphs.forEachNode(sub, inner -> live.addAll(inner.inputs()));
                }
            }
        }
        List<Node> kept = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (keep[i]) {
                kept.add(nodes.get(i));
            }
        }
        nodes.clear();
        nodes.addAll(kept);
        g.initializers().keySet().removeIf(k -> !live.contains(k));
    }
}
