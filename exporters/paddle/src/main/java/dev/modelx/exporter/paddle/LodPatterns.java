package dev.modelx.exporter.paddle;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recognises what the Paddle importer made of LoD tensors (docs/paddle-lod.md), so they can be written back
 * as Paddle LoD: graph inputs {@code X.lod0 .. X.lod{L-1}} next to input {@code X} are X's offsets (X is fed
 * with lod_level L and the offsets get no feed of their own), and the node expansion of {@code sequence_pool}
 * (a Reshape of Where(empty sequence, pad_value, pooled rows)) is matched back to one sequence_pool op whose
 * helper nodes are absorbed.
 */
final class LodPatterns {

    /** One recognised sequence_pool: input rows {@code x}, its finest offsets input, the pool type and pad value. */
    record SequencePool(String x, String offsets, String pooltype, float padValue) {
    }

    private final Map<String, Integer> lodLevels = new LinkedHashMap<>();
    private final Map<String, String> offsetsOwner = new HashMap<>();
    private final Map<Node, SequencePool> pools = new IdentityHashMap<>();
    private final Set<Node> helpers = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Feed name -> lod_level, for feeds that have offsets inputs. */
    Map<String, Integer> lodLevels() {
        return lodLevels;
    }

    /** Whether {@code input} is the offsets input of a LoD feed (written as part of that feed). */
    boolean isOffsets(String input) {
        return offsetsOwner.containsKey(input);
    }

    SequencePool sequencePool(Node anchor) {
        return pools.get(anchor);
    }

    /** Nodes of matched expansions other than their anchors: they are not written. */
    Set<Node> helpers() {
        return helpers;
    }

    static LodPatterns of(Graph g) {
        LodPatterns p = new LodPatterns();
        p.findLodInputs(g);
        if (!p.offsetsOwner.isEmpty()) {
            p.findSequencePools(g);
        }
        return p;
    }

    private void findLodInputs(Graph g) {
        List<String> names = new ArrayList<>();
        for (ValueInfo v : g.feedInputs()) {
            names.add(v.name());
        }
        for (String base : names) {
            int level = 0;
            while (names.contains(base + ".lod" + level)) {
                offsetsOwner.put(base + ".lod" + level, base);
                level++;
            }
            if (level > 0) {
                lodLevels.put(base, level);
            }
        }
    }

    private void findSequencePools(Graph g) {
        Map<String, Node> producers = new HashMap<>();
        Map<String, List<Node>> consumers = new HashMap<>();
        for (Node n : g.nodes()) {
            n.outputs().forEach(o -> producers.put(o, n));
            n.inputs().forEach(i -> consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n));
        }
        Set<String> outputs = new java.util.HashSet<>();
        g.outputs().forEach(o -> outputs.add(o.name()));
        for (Node n : g.nodes()) {
            if (!n.opType().equals("Reshape")) {
                continue;
            }
            SequencePool sp = matchPool(n, producers);
            if (sp == null) {
                continue;
            }
            Set<Node> closure = closure(n, sp.x(), producers);
            if (closure == null || !selfContained(n, closure, consumers, outputs)) {
                continue;
            }
            pools.put(n, sp);
            helpers.addAll(closure);
        }
    }

    /** Reshape(Where(Unsqueeze(Equal(Sub(Slice(offsets), Slice(offsets)), 0)), pad, pooled), Concat(-1, Slice(Shape(x)))). */
    private SequencePool matchPool(Node reshape, Map<String, Node> p) {
        Node where = producer(p, reshape, 0, "Where");
        Node unsq = producer(p, where, 0, "Unsqueeze");
        Node eq = producer(p, unsq, 0, "Equal");
        Node lengths = producer(p, eq, 0, "Sub");
        Node ends = producer(p, lengths, 0, "Slice");
        Node starts = producer(p, lengths, 1, "Slice");
        if (ends == null || starts == null || !ends.input(0).equals(starts.input(0))) {
            return null;
        }
        String offsets = ends.input(0);
        String owner = offsetsOwner.get(offsets);
        if (owner == null || !offsets.equals(owner + ".lod" + (lodLevels.get(owner) - 1))) {
            return null; // sequence_pool reads the finest level
        }
        Float pad = scalar(p, where.input(1));
        Node pooled = p.get(where.input(2));
        if (pad == null || pooled == null) {
            return null;
        }
        String type;
        Node x2Reader;
        int x2Slot;
        switch (pooled.opType()) {
            case "MatMul" -> {
                type = "SUM";
                x2Reader = pooled;
                x2Slot = 1;
            }
            case "Div" -> {
                x2Reader = producer(p, pooled, 0, "MatMul");
                x2Slot = 1;
                Node d = p.get(pooled.input(1));
                type = d == null ? null : d.opType().equals("Sqrt") ? "SQRT" : d.opType().equals("Unsqueeze") ? "AVERAGE" : null;
            }
            case "ReduceMax" -> {
                type = "MAX";
                x2Reader = producer(p, producer(p, pooled, 0, "Where"), 1, "Unsqueeze");
                x2Slot = 0;
            }
            case "Gather" -> {
                Node idx = p.get(pooled.input(1));
                type = idx == null ? null : idx.opType().equals("Slice") ? "FIRST" : idx.opType().equals("Max") ? "LAST" : null;
                x2Reader = pooled;
                x2Slot = 0;
            }
            default -> {
                return null;
            }
        }
        Node flatten = producer(p, x2Reader, x2Slot, "Flatten");
        Node concat = producer(p, reshape, 1, "Concat");
        Node shapeSlice = producer(p, concat, 1, "Slice");
        Node shape = producer(p, shapeSlice, 0, "Shape");
        if (type == null || flatten == null || shape == null || !shape.input(0).equals(flatten.input(0))) {
            return null;
        }
        return new SequencePool(flatten.input(0), offsets, type, pad);
    }

    private static Node producer(Map<String, Node> p, Node n, int slot, String opType) {
        if (n == null || n.inputs().size() <= slot) {
            return null;
        }
        Node q = p.get(n.input(slot));
        return q != null && q.opType().equals(opType) ? q : null;
    }

    private static Float scalar(Map<String, Node> p, String value) {
        Node k = p.get(value);
        if (k == null || !k.opType().equals("Constant") || !k.hasAttribute("value")) {
            return null;
        }
        Tensor t = k.attribute("value").asTensor();
        return t.size() == 1 ? (float) t.toDoubleArray()[0] : null;
    }

    /** The nodes the anchor reads from, back to {@code x} and the graph inputs; null when the walk leaves the pattern. */
    private static Set<Node> closure(Node anchor, String x, Map<String, Node> p) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<String> todo = new ArrayDeque<>(anchor.inputs());
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (v.isEmpty() || v.equals(x)) {
                continue;
            }
            Node q = p.get(v);
            if (q == null || seen.contains(q)) {
                continue;
            }
            if (!q.subgraphs().isEmpty() || seen.size() > 64) {
                return null;
            }
            seen.add(q);
            todo.addAll(q.inputs());
        }
        return seen;
    }

    /** Every value the helpers produce is read only by helpers or the anchor, and is no graph output. */
    private static boolean selfContained(Node anchor, Set<Node> closure, Map<String, List<Node>> consumers, Set<String> outputs) {
        for (Node h : closure) {
            for (String o : h.outputs()) {
                if (outputs.contains(o)) {
                    return false;
                }
                for (Node c : consumers.getOrDefault(o, List.of())) {
                    if (c != anchor && !closure.contains(c)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
