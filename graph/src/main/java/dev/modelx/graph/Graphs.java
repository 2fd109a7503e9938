package dev.modelx.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Traversal helpers over graphs and their sub-graphs. */
public final class Graphs {

    private Graphs() {
    }

    /** Visits every node of {@code g} and, depth first, of its sub-graphs. */
    public static void forEachNode(Graph g, Consumer<Node> visitor) {
        for (Node n : g.nodes()) {
            visitor.accept(n);
            for (Graph sub : n.subgraphs()) {
                forEachNode(sub, visitor);
            }
        }
    }

    /** Visits {@code g} and every nested sub-graph. */
    public static void forEachGraph(Graph g, Consumer<Graph> visitor) {
        visitor.accept(g);
        for (Node n : g.nodes()) {
            for (Graph sub : n.subgraphs()) {
                forEachGraph(sub, visitor);
            }
        }
    }

    /** Counts nodes including those inside sub-graphs. */
    public static int nodeCount(Graph g) {
        int[] c = {0};
        forEachNode(g, n -> c[0]++);
        return c[0];
    }

    /**
     * The nodes of {@code g} in an order where every node comes after the producers of its inputs; stable
     * (keeps the written order where it is already valid). Values a sub-graph reads from this graph count as
     * inputs of the node holding the sub-graph. Throws {@link CycleException} naming the nodes on cycles.
     */
    public static List<Node> topologicalOrder(Graph g) {
        List<Node> nodes = g.nodes();
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String o : nodes.get(i).outputs()) {
                if (!o.isEmpty()) {
                    producer.putIfAbsent(o, i);
                }
            }
        }
        int[] pending = new int[nodes.size()];
        List<List<Integer>> consumers = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            consumers.add(new ArrayList<>());
        }
        for (int i = 0; i < nodes.size(); i++) {
            Set<Integer> deps = new LinkedHashSet<>();
            for (String in : allInputs(nodes.get(i))) {
                Integer p = producer.get(in);
                if (p != null && p != i) {
                    deps.add(p);
                }
            }
            pending[i] = deps.size();
            for (int d : deps) {
                consumers.get(d).add(i);
            }
        }
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<Node> order = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(nodes.get(i));
            for (int c : consumers.get(i)) {
                if (--pending[c] == 0) {
                    ready.add(c);
                }
            }
        }
        if (order.size() != nodes.size()) {
            List<String> stuck = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                if (pending[i] > 0) {
                    stuck.add(nodes.get(i).describe());
                }
            }
            throw new CycleException("Graph '" + g.name() + "' has a cycle through " + stuck);
        }
        return order;
    }

    /**
     * The node's own inputs plus every value its sub-graphs read from enclosing scopes (values neither
     * defined inside the sub-graph nor its inputs/initializers).
     */
    public static Set<String> allInputs(Node n) {
        Set<String> out = new LinkedHashSet<>();
        for (String in : n.inputs()) {
            if (!in.isEmpty()) {
                out.add(in);
            }
        }
        for (Graph sub : n.subgraphs()) {
            out.addAll(outerReferences(sub));
        }
        return out;
    }

    /** Names a graph uses but does not define itself: what it captures from enclosing scopes. */
    public static Set<String> outerReferences(Graph g) {
        Set<String> defined = new HashSet<>();
        g.inputs().forEach(v -> defined.add(v.name()));
        defined.addAll(g.initializers().keySet());
        defined.addAll(g.sparseInitializers().keySet());
        for (Node n : g.nodes()) {
            defined.addAll(n.outputs());
        }
        Set<String> out = new LinkedHashSet<>();
        Deque<Node> todo = new ArrayDeque<>(g.nodes());
        while (!todo.isEmpty()) {
            Node n = todo.poll();
            for (String in : allInputs(n)) {
                if (!defined.contains(in)) {
                    out.add(in);
                }
            }
        }
        for (ValueInfo v : g.outputs()) {
            if (!defined.contains(v.name())) {
                out.add(v.name());
            }
        }
        return out;
    }

    /** Thrown when a graph's nodes cannot be ordered. */
    public static final class CycleException extends IllegalStateException {
        public CycleException(String message) {
            super(message);
        }
    }
}
