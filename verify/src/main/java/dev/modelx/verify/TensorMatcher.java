package dev.modelx.verify;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Provenance;
import dev.modelx.graph.ValueInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs the values computed by the main graph of a source model (A) with those of a converted model (B), the way
 * Polygraphy's {@code debug reduce} and onnx2tf's per-op check do:
 * <ol>
 *   <li><b>by name</b>: a node output of B named like a node output of A;</li>
 *   <li><b>by provenance</b>: B's nodes record the source node(s) they were converted from
 *       ({@link Node#provenance()}). Each B node is credited to the last of its source nodes in A's topological
 *       order (several A nodes fused into one B node stand for the last of them). The B nodes credited to one A node
 *       form its group; the group's exits — outputs read outside the group, or graph outputs — pair with the A
 *       node's outputs in order (an A node with one output pairs with the group's last exit when the counts
 *       differ, as when a Conv becomes Transpose, Conv, Transpose);</li>
 *   <li><b>by position</b>: graph outputs left unpaired, by their position (see {@link NameMatching}).</li>
 * </ol>
 * The result is in A's topological order, which is also the order in which the reference runtime computes them.
 */
public final class TensorMatcher {

    /**
     * One pair.
     *
     * @param aValue   the value in A
     * @param aNode    A's node computing it
     * @param position index of {@code aNode} in A's topological order
     * @param bValue   the value in B
     * @param bNode    B's node computing it
     * @param by       "name", "provenance" or "position"
     */
    public record Match(String aValue, Node aNode, int position, String bValue, Node bNode, String by) {
    }

    private TensorMatcher() {
    }

    public static List<Match> match(Model a, Model b) {
        Graph ga = a.graph(), gb = b.graph();
        List<Node> orderA = Graphs.topologicalOrder(ga);
        List<Node> orderB = Graphs.topologicalOrder(gb);
        Map<Node, Integer> posA = new IdentityHashMap<>();
        Map<Node, Integer> posB = new IdentityHashMap<>();
        for (int i = 0; i < orderA.size(); i++) {
            posA.put(orderA.get(i), i);
        }
        for (int i = 0; i < orderB.size(); i++) {
            posB.put(orderB.get(i), i);
        }
        Map<String, Node> producerA = producers(orderA);
        Map<String, Node> producerB = producers(orderB);

        Map<String, Match> byA = new LinkedHashMap<>();
        Set<String> usedB = new HashSet<>();
        // 1. by name
        for (Node nb : orderB) {
            for (String v : nb.outputs()) {
                Node na = v.isEmpty() ? null : producerA.get(v);
                if (na != null && !byA.containsKey(v)) {
                    byA.put(v, new Match(v, na, posA.get(na), v, nb, "name"));
                    usedB.add(v);
                }
            }
        }
        // 2. by provenance
        Map<String, Node> namedA = new HashMap<>();
        for (Node n : orderA) {
            if (!n.name().isEmpty()) {
                namedA.putIfAbsent(n.name(), n);
            }
        }
        Map<Node, List<Node>> groups = new IdentityHashMap<>();
        List<Node> anchors = new ArrayList<>();
        for (Node nb : orderB) {
            Provenance p = nb.provenance();
            if (p == null) {
                continue;
            }
            Node anchor = null;
            for (String s : p.sourceNodes()) {
                Node na = namedA.containsKey(s) ? namedA.get(s) : producerA.get(s);
                if (na != null && (anchor == null || posA.get(na) > posA.get(anchor))) {
                    anchor = na;
                }
            }
            if (anchor != null) {
                if (!groups.containsKey(anchor)) {
                    anchors.add(anchor);
                }
                groups.computeIfAbsent(anchor, k -> new ArrayList<>()).add(nb);
            }
        }
        Set<String> graphOutputsB = new HashSet<>();
        gb.outputs().forEach(v -> graphOutputsB.add(v.name()));
        Map<String, List<Node>> readersB = new HashMap<>();
        for (Node n : orderB) {
            for (String in : Graphs.allInputs(n)) {
                readersB.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        for (Node anchor : anchors) {
            List<Node> group = groups.get(anchor);
            List<String> aOuts = new ArrayList<>();
            for (String v : anchor.outputs()) {
                if (!v.isEmpty() && !byA.containsKey(v)) {
                    aOuts.add(v);
                }
            }
            if (aOuts.isEmpty()) {
                continue;
            }
            List<String> exits = exits(group, readersB, graphOutputsB, usedB);
            if (exits.isEmpty()) {
                continue;
            }
            if (exits.size() == aOuts.size()) {
                for (int i = 0; i < exits.size(); i++) {
                    String bv = exits.get(i);
                    byA.put(aOuts.get(i), new Match(aOuts.get(i), anchor, posA.get(anchor), bv, producerB.get(bv), "provenance"));
                    usedB.add(bv);
                }
            } else if (aOuts.size() == 1 && anchor.outputs().stream().filter(o -> !o.isEmpty()).count() == 1) {
                String bv = exits.get(exits.size() - 1);
                byA.put(aOuts.get(0), new Match(aOuts.get(0), anchor, posA.get(anchor), bv, producerB.get(bv), "provenance"));
                usedB.add(bv);
            }
        }
        // 3. graph outputs by position
        List<String> outsA = ga.outputs().stream().map(ValueInfo::name).toList();
        List<String> outsB = gb.outputs().stream().map(ValueInfo::name).toList();
        for (NameMatching.Pair p : NameMatching.match(outsA, outsB)) {
            Node na = producerA.get(p.a());
            Node nb = p.b() == null ? null : producerB.get(p.b());
            if (na != null && nb != null && !byA.containsKey(p.a()) && !usedB.contains(p.b())) {
                byA.put(p.a(), new Match(p.a(), na, posA.get(na), p.b(), nb, "position"));
                usedB.add(p.b());
            }
        }
        List<Match> out = new ArrayList<>(byA.values());
        out.sort(Comparator.comparingInt(Match::position).thenComparingInt(m -> m.aNode().outputs().indexOf(m.aValue())));
        return out;
    }

    private static Map<String, Node> producers(List<Node> order) {
        Map<String, Node> m = new HashMap<>();
        for (Node n : order) {
            for (String o : n.outputs()) {
                if (!o.isEmpty()) {
                    m.putIfAbsent(o, n);
                }
            }
        }
        return m;
    }

    /** Outputs of {@code group} read by nodes outside it or returned by the graph, in B's order; not yet paired. */
    private static List<String> exits(List<Node> group, Map<String, List<Node>> readers, Set<String> graphOutputs,
                                      Set<String> usedB) {
        Set<Node> members = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        members.addAll(group);
        List<String> out = new ArrayList<>();
        for (Node n : group) {
            for (String o : n.outputs()) {
                boolean readOutside = readers.getOrDefault(o, List.of()).stream().anyMatch(r -> !members.contains(r));
                if (!o.isEmpty() && !usedB.contains(o) && (readOutside || graphOutputs.contains(o))) {
                    out.add(o);
                }
            }
        }
        return out;
    }
}
