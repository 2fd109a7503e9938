package dev.modelx.verify;

import dev.modelx.graph.Model;
import dev.modelx.graph.Node;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Helpers for the provenance records that let {@link TensorMatcher} pair values across formats. */
public final class Provenances {

    private Provenances() {
    }

    /**
     * Copies provenance records from {@code from} (the converted model as built in memory) onto the nodes of
     * {@code to} (the same model read back from the written file, whose format may not store them) that have none:
     * nodes are paired by their outputs, else by name. Returns how many nodes received a record.
     */
    public static int copy(Model from, Model to) {
        Map<List<String>, Node> byOutputs = new HashMap<>();
        Map<String, Node> byName = new HashMap<>();
        for (Node n : from.graph().nodes()) {
            if (n.provenance() != null) {
                byOutputs.putIfAbsent(List.copyOf(n.outputs()), n);
                if (!n.name().isEmpty()) {
                    byName.putIfAbsent(n.name(), n);
                }
            }
        }
        int copied = 0;
        for (Node n : to.graph().nodes()) {
            if (n.provenance() != null) {
                continue;
            }
            Node src = byOutputs.get(List.copyOf(n.outputs()));
            if (src == null && !n.name().isEmpty()) {
                src = byName.get(n.name());
            }
            if (src != null) {
                n.provenance(src.provenance());
                copied++;
            }
        }
        return copied;
    }
}
