package dev.modelx.passes;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A graph seen from inside, with the chain of enclosing graphs whose values it may read. Answers which
 * names are constants here: an initializer of this graph or of an enclosing one, unless a nearer graph
 * defines the name otherwise, and unless it is an overridable initializer (a main-graph input with a default,
 * which callers may feed from IR version 4 on).
 */
final class Scope {

    final Model model;
    final Graph graph;
    final Scope parent;
    private Set<String> nonConstant;
    private Map<String, Tensor> constantNodes;

    private Scope(Model model, Graph graph, Scope parent) {
        this.model = model;
        this.graph = graph;
        this.parent = parent;
    }

    static Scope main(Model model) {
        return new Scope(model, model.graph(), null);
    }

    Scope child(Graph sub) {
        return new Scope(model, sub, this);
    }

    boolean isMain() {
        return parent == null;
    }

    /**
     * The constant bound to {@code name} as seen from this graph (an initializer or a Constant node's value),
     * or null when it is not a constant.
     */
    Tensor constant(String name) {
        if (name.isEmpty()) {
            return null;
        }
        for (Scope s = this; s != null; s = s.parent) {
            Tensor t = s.graph.initializers().get(name);
            if (t != null) {
                return s.overridable(name) ? null : t;
            }
            s.index();
            t = s.constantNodes.get(name);
            if (t != null) {
                return t;
            }
            if (s.nonConstant.contains(name)) {
                return null;
            }
        }
        return null;
    }

    /** The declared type of {@code name} here or in an enclosing graph (initializers give their own). */
    Type declaredType(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Tensor t = s.graph.initializers().get(name);
            if (t != null) {
                return Type.tensor(t.type(), t.shape());
            }
            for (List<ValueInfo> list : List.of(s.graph.inputs(), s.graph.outputs(), s.graph.valueInfos())) {
                for (ValueInfo v : list) {
                    if (v.name().equals(name) && v.type() != null) {
                        return v.type();
                    }
                }
            }
            s.index();
            if (s.nonConstant.contains(name)) {
                return null;
            }
        }
        return null;
    }

    /** True for a name that callers may feed although it has an initializer. */
    boolean overridable(String name) {
        boolean isInput = graph.inputs().stream().anyMatch(v -> v.name().equals(name));
        // Before IR version 4 every initializer had to be listed as an input, so listing says nothing.
        return isInput && (!isMain() || model.irVersion() >= 4);
    }

    /** True when this graph's outputs are bound by position (sub-graphs), so their names may change. */
    boolean outputsRenamable() {
        return !isMain();
    }

    boolean isGraphOutput(String name) {
        return graph.outputs().stream().anyMatch(v -> v.name().equals(name));
    }

    /**
     * Call after adding nodes or inputs, or renaming values; removing nodes whose outputs become initializers
     * needs no call (initializers are looked up first).
     */
    void invalidate() {
        nonConstant = null;
        constantNodes = null;
    }

    /**
     * Indexes the names this graph defines as inputs or node outputs (looked up after its initializers), and
     * the values of its Constant nodes.
     */
    private void index() {
        if (nonConstant == null) {
            Set<String> s = new HashSet<>();
            Map<String, Tensor> c = new HashMap<>();
            graph.inputs().forEach(v -> s.add(v.name()));
            for (Node n : graph.nodes()) {
                s.addAll(n.outputs());
                Tensor value = ConstantNodes.value(n);
                if (value != null) {
                    c.put(n.output(0), value);
                }
            }
            nonConstant = s;
            constantNodes = c;
        }
    }
}
