package dev.modelx.passes;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;

import java.util.List;

/**
 * The common frame of the built-in passes: counts nodes before and after, times the pass, and leaves every
 * graph's nodes in topological order (rewiring can make a node read a value its list position precedes).
 */
public abstract class BasePass implements Pass {

    protected final PassOptions options;

    protected BasePass(PassOptions options) {
        this.options = options == null ? PassOptions.defaults() : options;
    }

    /** Transforms {@code model} in place, recording what changed in {@code changes}. */
    protected abstract void apply(Model model, Changes changes);

    @Override
    public final PassResult run(Model model) {
        long start = System.nanoTime();
        int before = Graphs.nodeCount(model.graph());
        Changes changes = new Changes();
        apply(model, changes);
        Graphs.forEachGraph(model.graph(), BasePass::sortNodes);
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new PassResult(name(), before, Graphs.nodeCount(model.graph()), changes.removed(), changes.added(),
                changes.rewritten(), changes.notes(), millis);
    }

    private static void sortNodes(Graph g) {
        try {
            List<Node> order = Graphs.topologicalOrder(g);
            for (int i = 0; i < order.size(); i++) {
                if (order.get(i) != g.nodes().get(i)) {
                    g.nodes().clear();
                    g.nodes().addAll(order);
                    return;
                }
            }
        } catch (Graphs.CycleException e) {
            // A cyclic input graph stays as it was; the validator reports the cycle.
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
