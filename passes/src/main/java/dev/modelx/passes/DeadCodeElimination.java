package dev.modelx.passes;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * {@code dce}: removes nodes whose outputs nothing reads (no node, no sub-graph, no graph output),
 * initializers nothing reads, and value infos of values no node produces any more. Sub-graphs first, so a
 * value only a dead part of a body read is freed in the enclosing graph too. Graph inputs stay (they are the
 * model's interface), and so do nodes of custom domains, which might act on the world.
 */
public final class DeadCodeElimination extends BasePass {

    public DeadCodeElimination(PassOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "dce";
    }

    @Override
    public String description() {
        return "remove nodes, initializers and value infos that nothing reads";
    }

    @Override
    public Preservation preservation() {
        return Preservation.EXACT;
    }

    @Override
    protected void apply(Model model, Changes changes) {
        eliminate(Scope.main(model), changes);
    }

    private static void eliminate(Scope scope, Changes changes) {
        Graph g = scope.graph;
        for (Node n : g.nodes()) {
            for (Graph sub : n.subgraphs()) {
                eliminate(scope.child(sub), changes);
            }
        }
        Set<String> live = new HashSet<>();
        g.outputs().forEach(v -> live.add(v.name()));
        Set<Node> dead = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Node> order = Order.topological(g);
        for (int i = order.size() - 1; i >= 0; i--) {
            Node n = order.get(i);
            boolean read = n.outputs().stream().anyMatch(live::contains);
            if (read || !OpTraits.removable(scope.model, n)) {
                live.addAll(Graphs.allInputs(n));
            } else {
                dead.add(n);
                changes.removed(1 + n.subgraphs().stream().mapToInt(Graphs::nodeCount).sum());
            }
        }
        g.nodes().removeIf(dead::contains);
        Set<String> defined = new HashSet<>();
        g.nodes().forEach(n -> defined.addAll(n.outputs()));
        g.inputs().forEach(v -> defined.add(v.name()));
        // Quantization annotations of values that still exist keep their scale and zero-point tensors.
        g.quantizationAnnotations().removeIf(q -> !defined.contains(q.tensorName()) && !live.contains(q.tensorName()));
        g.quantizationAnnotations().forEach(q -> live.addAll(q.parameterTensorNames().values()));
        int initializers = 0;
        for (String init : new ArrayList<>(g.initializers().keySet())) {
            if (!live.contains(init) && !scope.overridable(init)) {
                Initializers.remove(scope, init);
                initializers++;
            }
        }
        int sparse = g.sparseInitializers().size();
        g.sparseInitializers().keySet().removeIf(s -> !live.contains(s) && !scope.overridable(s));
        initializers += sparse - g.sparseInitializers().size();
        int valueInfos = g.valueInfos().size();
        g.valueInfos().removeIf(v -> !defined.contains(v.name()) || g.inputs().stream().anyMatch(i -> i.name().equals(v.name())));
        valueInfos -= g.valueInfos().size();
        if (initializers + valueInfos > 0) {
            changes.note("graph '" + g.name() + "': removed " + initializers + " initializers and " + valueInfos + " value infos");
        }
        scope.invalidate();
    }
}
