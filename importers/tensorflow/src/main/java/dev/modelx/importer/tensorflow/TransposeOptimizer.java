package dev.modelx.importer.tensorflow;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes the Transposes that layout conversion leaves around NCHW-only ops: a Transpose is pushed below
 * element-wise ops (transposing a constant operand instead) until it meets another Transpose; two that
 * meet are composed, and an identity permutation disappears. A local stand-in for the transpose pass of
 * the passes module.
 */
final class TransposeOptimizer {

    private static final Set<String> UNARY = Set.of("Relu", "Sigmoid", "Tanh", "Exp", "Log", "Neg", "Abs", "Sqrt", "Elu",
            "Selu", "LeakyRelu", "Softplus", "Softsign", "Reciprocal", "Floor", "Ceil", "Round", "Erf", "Sign", "Cast",
            "HardSigmoid", "Sin", "Cos", "Not", "IsNaN", "IsInf");
    private static final Set<String> BINARY = Set.of("Add", "Sub", "Mul", "Div", "Max", "Min", "Pow", "PRelu", "Equal",
            "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or");
    private static final int MAX_STEPS = 100_000;

    private final Graph g;
    private final Map<String, Node> producer = new HashMap<>();
    private final Map<String, List<Node>> users = new HashMap<>();
    private final Set<String> pinned = new HashSet<>();
    private int counter;

    private TransposeOptimizer(Graph g) {
        this.g = g;
    }

    /** Returns the number of Transposes removed. */
    static int run(Graph g) {
        long before = count(g);
        TransposeOptimizer t = new TransposeOptimizer(g);
        for (int step = 0; step < MAX_STEPS && t.step(); step++) {
            // repeat until nothing changes
        }
        return (int) (before - count(g));
    }

    private static long count(Graph g) {
        return g.nodes().stream().filter(n -> n.opType().equals("Transpose")).count();
    }

    private void index() {
        producer.clear();
        users.clear();
        pinned.clear();
        g.outputs().forEach(o -> pinned.add(o.name()));
        for (Node n : g.nodes()) {
            n.outputs().forEach(o -> producer.put(o, n));
            for (String in : n.inputs()) {
                users.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
            for (Graph sub : n.subgraphs()) {
                Graphs.forEachNode(sub, inner -> pinned.addAll(inner.inputs()));
            }
        }
    }

    private boolean step() {
        index();
        for (Node t : new ArrayList<>(g.nodes())) {
            if (!t.opType().equals("Transpose") || !t.hasAttribute("perm")) {
                continue;
            }
            long[] p = t.attrLongs("perm", null);
            if (isIdentity(p)) {
                bypass(t, t.input(0));
                return true;
            }
            Node prev = producer.get(t.input(0));
            if (prev != null && prev.opType().equals("Transpose") && prev.hasAttribute("perm")) {
                long[] q = prev.attrLongs("perm", null);
                if (q.length == p.length) {
                    long[] c = new long[p.length];
                    for (int i = 0; i < p.length; i++) {
                        c[i] = q[(int) p[i]];
                    }
                    t.inputs().set(0, prev.input(0));
                    t.ints("perm", c);
                    if (users.getOrDefault(prev.output(0), List.of()).size() == 1 && !pinned.contains(prev.output(0))) {
                        g.nodes().remove(prev);
                    }
                    return true;
                }
            }
            if (tryPushDown(t, p)) {
                return true;
            }
        }
        return false;
    }

    private boolean tryPushDown(Node t, long[] p) {
        String out = t.output(0);
        List<Node> us = users.getOrDefault(out, List.of());
        if (us.size() != 1 || pinned.contains(out)) {
            return false;
        }
        Node u = us.get(0);
        if (u.outputs().size() != 1) {
            return false;
        }
        if (UNARY.contains(u.opType()) && u.inputs().size() == 1) {
            u.inputs().set(0, t.input(0));
        } else if (BINARY.contains(u.opType()) && u.inputs().size() == 2) {
            int mine = u.input(0).equals(out) ? 0 : 1;
            if (u.input(1 - mine).equals(out)) {
                return false;
            }
            String other = u.input(1 - mine);
            String replaced = otherOperand(other, p);
            if (replaced == null) {
                return false;
            }
            u.inputs().set(mine, t.input(0));
            u.inputs().set(1 - mine, replaced);
        } else {
            return false;
        }
        // t now transposes u's result: u writes a new value, t reads it and writes u's old output.
        String uOut = u.output(0);
        String mid = uOut + "__pre_transpose" + (counter++ == 0 ? "" : "_" + counter);
        u.outputs().set(0, mid);
        t.inputs().set(0, mid);
        t.outputs().set(0, uOut);
        g.nodes().remove(t);
        g.nodes().add(g.nodes().indexOf(u) + 1, t);
        return true;
    }

    /** The other operand of a binary op, expressed in the pre-transpose layout, or null when that is not cheap. */
    private String otherOperand(String other, long[] p) {
        Tensor c = g.initializers().get(other);
        if (c != null) {
            if (c.rank() > p.length) {
                return null;
            }
            Tensor moved = transposeConstant(c, inverse(p));
            if (moved == null) {
                return null;
            }
            String name = other + "__perm" + (counter++);
            g.initializer(name, moved);
            return name;
        }
        Node prev = producer.get(other);
        if (prev != null && prev.opType().equals("Transpose") && java.util.Arrays.equals(prev.attrLongs("perm", null), p)
                && users.getOrDefault(other, List.of()).size() == 1 && !pinned.contains(other)) {
            g.nodes().remove(prev);
            return prev.input(0);
        }
        return null;
    }

    private static long[] inverse(long[] p) {
        long[] inv = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            inv[(int) p[i]] = i;
        }
        return inv;
    }

    private static boolean isIdentity(long[] p) {
        for (int i = 0; i < p.length; i++) {
            if (p[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** {@code c} right-aligned to rank {@code perm.length} (leading 1s), then transposed by {@code perm}. */
    static Tensor transposeConstant(Tensor c, long[] perm) {
        long[] shape = new long[perm.length];
        java.util.Arrays.fill(shape, 1);
        System.arraycopy(c.shape(), 0, shape, perm.length - c.rank(), c.rank());
        Graph t = new Graph("transpose_constant");
        t.initializer("c", c);
        t.initializer("shape", Tensor.ofLongs(new long[]{shape.length}, shape));
        t.add(Node.of("Reshape").inputs("c", "shape").outputs("r"));
        t.add(Node.of("Transpose").inputs("r").outputs("y").ints("perm", perm));
        t.output(new ValueInfo("y", null));
        try (Session s = Session.create(Model.of(t, ConstantFolder.OPSET).resolveOpsetVersions())) {
            return s.runTensors(Map.of()).get("y");
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Replaces every use of {@code t}'s output by {@code value}; a graph output keeps its name via Identity. */
    private void bypass(Node t, String value) {
        String out = t.output(0);
        if (pinned.contains(out)) {
            Node id = Node.of("Identity").inputs(value).outputs(out).name(t.name()).provenance(t.provenance());
            g.nodes().set(g.nodes().indexOf(t), id);
            return;
        }
        for (Node u : users.getOrDefault(out, List.of())) {
            u.inputs().replaceAll(x -> x.equals(out) ? value : x);
        }
        g.nodes().remove(t);
    }
}
