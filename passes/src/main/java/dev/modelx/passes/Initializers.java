package dev.modelx.passes;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;

import java.util.HashSet;
import java.util.Set;

/** Adding and removing initializers while keeping the IR-version rules, and making fresh value names. */
final class Initializers {

    private Initializers() {
    }

    /**
     * Adds initializer {@code name}. Before IR version 4 a main-graph initializer must also be listed as an
     * input; such inputs are not overridable then (see {@link Scope#overridable}), so it stays a constant.
     */
    static void add(Scope scope, String name, Tensor value) {
        Graph g = scope.graph;
        g.initializers().put(name, value);
        if (scope.isMain() && scope.model.irVersion() < 4 && g.inputs().stream().noneMatch(v -> v.name().equals(name))) {
            g.inputs().add(ValueInfo.tensor(name, value.type(), Shape.of(value.shape())));
        }
    }

    /** Removes initializer {@code name} (and, before IR version 4, the main-graph input listing it). */
    static void remove(Scope scope, String name) {
        Graph g = scope.graph;
        g.initializers().remove(name);
        if (scope.isMain() && scope.model.irVersion() < 4) {
            g.inputs().removeIf(v -> v.name().equals(name));
        }
    }

    /** Every value name used anywhere in the model, for picking fresh ones. */
    static Set<String> allNames(Model model) {
        Set<String> names = new HashSet<>();
        Graphs.forEachGraph(model.graph(), g -> {
            g.inputs().forEach(v -> names.add(v.name()));
            g.outputs().forEach(v -> names.add(v.name()));
            g.valueInfos().forEach(v -> names.add(v.name()));
            names.addAll(g.initializers().keySet());
            names.addAll(g.sparseInitializers().keySet());
            for (Node n : g.nodes()) {
                names.addAll(n.inputs());
                names.addAll(n.outputs());
            }
        });
        return names;
    }

    /** {@code base}, or {@code base_2}, {@code base_3}, ... whichever is not in {@code used}; marks it used. */
    static String fresh(Set<String> used, String base) {
        String name = base;
        for (int i = 2; used.contains(name); i++) {
            name = base + "_" + i;
        }
        used.add(name);
        return name;
    }
}
