package dev.modelx.passes;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Node;
import dev.modelx.graph.ValueInfo;

import java.util.List;
import java.util.ListIterator;

/**
 * Renaming values and bypassing no-op nodes without breaking references: uses inside sub-graphs that
 * capture the value are renamed too (unless the sub-graph defines the name itself), sub-graph outputs
 * (bound by position) may be renamed, the main graph's outputs never are.
 */
final class Rewiring {

    private Rewiring() {
    }

    /**
     * Removes {@code node}, whose output {@code out} always equals its input {@code in}, so that readers of
     * {@code out} read {@code in}. When {@code out} is a graph output, a sub-graph's output may take the name
     * {@code in} if a node of that sub-graph produces it (outer values and inputs returned directly are not
     * accepted everywhere, two outputs of one name nowhere); otherwise the producer of {@code in} is renamed to
     * produce {@code out}. Returns false, changing nothing, when neither is possible (e.g. a graph input
     * passed straight to a graph output).
     */
    static boolean bypass(Scope scope, Node node, String in, String out) {
        Graph g = scope.graph;
        boolean outputMayTakeInput = scope.outputsRenamable() && !scope.isGraphOutput(in) && producerIn(g, in) != null;
        if (!scope.isGraphOutput(out) || outputMayTakeInput) {
            if (!safeToReplace(g, out, in)) {
                return false;
            }
            removeNode(g, node);
            replaceUses(g, out, in, scope.outputsRenamable());
            removeValueInfo(g, out);
            scope.invalidate();
            return true;
        }
        Node producer = producerIn(g, in);
        if (producer == null || scope.isGraphOutput(in) || !safeToReplace(g, in, out)) {
            return false;
        }
        removeNode(g, node);
        rename(g, producer, in, out);
        scope.invalidate();
        return true;
    }

    /** Makes {@code producer} output {@code to} instead of {@code from}, and every reader follow. */
    static void rename(Graph g, Node producer, String from, String to) {
        ListIterator<String> it = producer.outputs().listIterator();
        while (it.hasNext()) {
            if (it.next().equals(from)) {
                it.set(to);
            }
        }
        replaceUses(g, from, to, false);
        removeValueInfo(g, from);
    }

    /**
     * Points every reader of {@code from} in {@code g} and its sub-graphs at {@code to}. Sub-graph outputs
     * follow; {@code g}'s own outputs only when {@code renameOutputs}.
     */
    static void replaceUses(Graph g, String from, String to, boolean renameOutputs) {
        for (Node n : g.nodes()) {
            List<String> ins = n.inputs();
            for (int i = 0; i < ins.size(); i++) {
                if (ins.get(i).equals(from)) {
                    ins.set(i, to);
                }
            }
            for (Graph sub : n.subgraphs()) {
                if (!defines(sub, from)) {
                    replaceUses(sub, from, to, true);
                }
            }
        }
        if (renameOutputs) {
            List<ValueInfo> outs = g.outputs();
            for (int i = 0; i < outs.size(); i++) {
                ValueInfo v = outs.get(i);
                if (v.name().equals(from)) {
                    outs.set(i, new ValueInfo(to, v.type(), v.docString(), v.metadata()));
                }
            }
        }
    }

    /**
     * False when some sub-graph reading {@code from} from an enclosing scope defines {@code to} itself, so
     * that renaming would make it read its own value instead (names are meant to be unique, but models in
     * the wild shadow them).
     */
    static boolean safeToReplace(Graph g, String from, String to) {
        for (Node n : g.nodes()) {
            for (Graph sub : n.subgraphs()) {
                if (defines(sub, from)) {
                    continue;
                }
                if (defines(sub, to) && Graphs.outerReferences(sub).contains(from) || !safeToReplace(sub, from, to)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** True when {@code g} defines {@code name}: as an input, an initializer or a node output. */
    static boolean defines(Graph g, String name) {
        if (g.initializers().containsKey(name) || g.sparseInitializers().containsKey(name)) {
            return true;
        }
        for (ValueInfo v : g.inputs()) {
            if (v.name().equals(name)) {
                return true;
            }
        }
        for (Node n : g.nodes()) {
            if (n.outputs().contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** Removes exactly {@code node} (nodes compare by value, so List.remove could take an equal twin). */
    static void removeNode(Graph g, Node node) {
        g.nodes().removeIf(n -> n == node);
    }

    /** The list position of exactly {@code node}, or -1. */
    static int indexOf(Graph g, Node node) {
        for (int i = 0; i < g.nodes().size(); i++) {
            if (g.nodes().get(i) == node) {
                return i;
            }
        }
        return -1;
    }

    static Node producerIn(Graph g, String value) {
        for (Node n : g.nodes()) {
            if (n.outputs().contains(value)) {
                return n;
            }
        }
        return null;
    }

    static void removeValueInfo(Graph g, String name) {
        g.valueInfos().removeIf(v -> v.name().equals(name));
    }
}
