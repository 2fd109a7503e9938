package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.ValueInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TF1 conds outside loops: a Merge whose two inputs descend from the two sides of one Switch predicate
 * becomes an ONNX If, each branch converted into its own sub-graph; a Merge of inputs that are all live
 * forwards its first input.
 */
final class Tf1Cond {

    private Tf1Cond() {
    }

    /**
     * Merge outside a loop: an If on the Switch predicate that separates its two inputs, each branch's nodes
     * (those downstream of the cond's Switches) converted into its sub-graph, so only the live branch runs
     * (the dead one may not even be computable: shapes that do not fit, out-of-range gathers).
     */
    static void merge(TfNode n, Scope s) {
        Selection sel = selection(n, s);
        if (sel != null) {
            String pred = s.cast(s.value(sel.pred()), DataType.BOOL);
            s.ensureConverted(outerDependencies(n, s));
            String base = s.prefix() + n.name() + "/";
            Graph[] branches = new Graph[2];
            String thenOut = null;
            for (int k = 0; k < 2; k++) {
                int input = k == 0 ? sel.thenInput() : 1 - sel.thenInput();
                String side = k == 0 ? "then" : "else";
                Graph g = new Graph(n.name() + "_" + side);
                Scope c = s.branch(g, base + side + "/");
                String v = c.convert(List.of(n.input(input))).get(0);
                ValueInfo out = FunctionalOps.outputOf(c, v, base + side + "_out");
                g.output(out);
                if (k == 0) {
                    thenOut = out.name();
                }
                branches[k] = g;
            }
            String y = s.name(n, 0);
            s.add(Node.of("If").inputs(pred).outputs(y).attr("then_branch", branches[0]).attr("else_branch", branches[1]));
            s.type(thenOut).ifPresent(t -> s.setType(y, t));
            s.sameKind(thenOut, y);
            s.out(n, 0, y);
            s.out(n, 1, s.cast(s.op("Where", pred, s.constant(Consts.scalar(DataType.INT32, sel.thenInput()), "index_t"),
                    s.constant(Consts.scalar(DataType.INT32, 1 - sel.thenInput()), "index_e")), DataType.INT32));
            return;
        }
        // All inputs are live: TF forwards the first one.
        s.out(n, 0, s.in(n, 0));
        s.out(n, 1, s.constant(Consts.scalar(DataType.INT32, 0), "value_index"));
    }

    /**
     * What a Merge's branches read from outside them, to convert in the enclosing scope first: the inputs of the
     * Switches they descend from, and every ancestor that does not descend from a Switch (placeholders must become
     * inputs of the main graph, not of a branch).
     */
    private static List<TfRef> outerDependencies(TfNode merge, Scope s) {
        Map<String, TfNode> seen = new LinkedHashMap<>();
        Set<String> byData = new HashSet<>();
        Deque<Object[]> q = new ArrayDeque<>();
        merge.inputs().forEach(r -> q.add(new Object[]{r, true}));
        List<TfRef> out = new ArrayList<>();
        while (!q.isEmpty()) {
            Object[] e = q.poll();
            TfRef r = (TfRef) e[0];
            boolean data = (Boolean) e[1];
            if (s.isBound(r)) {
                continue;
            }
            TfNode n = s.source.node(r.node());
            if (n == null || (seen.containsKey(n.name()) && (!data || byData.contains(n.name())))) {
                continue;
            }
            seen.put(n.name(), n);
            if (data) {
                byData.add(n.name());
            }
            if (n.op().endsWith("Switch")) {
                if (data) {
                    out.addAll(n.inputs());
                }
                continue;
            }
            s.dependencies(n).forEach(d -> q.add(new Object[]{d, data}));
            n.controlInputs().forEach(c -> q.add(new Object[]{TfRef.of(c.node(), 0), false}));
        }
        // inner: a Switch, or anything with an inner input (data or control)
        Set<String> inner = new HashSet<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (TfNode n : seen.values()) {
                if (inner.contains(n.name())) {
                    continue;
                }
                boolean in = n.op().endsWith("Switch");
                for (TfRef r : s.dependencies(n)) {
                    in |= inner.contains(r.node());
                }
                for (TfRef r : n.controlInputs()) {
                    in |= inner.contains(r.node());
                }
                if (in) {
                    inner.add(n.name());
                    changed = true;
                }
            }
        }
        for (TfNode n : seen.values()) {
            if (!inner.contains(n.name()) && byData.contains(n.name())) {
                out.add(TfRef.of(n.name(), 0));
            }
        }
        return out;
    }

    /** A two-input Merge's predicate and which input (0 or 1) the predicate's true side feeds. */
    record Selection(TfRef pred, int thenInput) {
    }

    /** What a Merge needs converted before it: for a cond, its predicate and what its branches read from outside. */
    static List<TfRef> mergeDependencies(TfNode n, Scope s) {
        Selection sel = selection(n, s);
        if (sel == null) {
            return n.inputs();
        }
        // not the inputs: the branches are converted into the If's sub-graphs, only what they read comes first
        List<TfRef> have = s.mergeDependencies.get(n.name());
        if (have == null) {
            // not computeIfAbsent: the walk asks again for the dependencies of nested conds' Merges
            have = new ArrayList<>(List.of(sel.pred()));
            have.addAll(outerDependencies(n, s));
            s.mergeDependencies.put(n.name(), have);
        }
        return have;
    }

    /**
     * The Switch predicate separating a Merge's two inputs: the nearest predicate that one input descends
     * from only through the Switch's true output and the other only through its false output. Walking all
     * ancestors (through nested conds, loops and control edges) finds the outer predicate of a Merge whose
     * inputs are themselves Merges of nested conds, and a branch that is only constants (control-dependent
     * on the branch pivot).
     */
    static Selection selection(TfNode n, Scope s) {
        if (n.inputCount() != 2) {
            return null;
        }
        return s.mergeSelections.computeIfAbsent(n.name(), k -> {
            Map<String, Integer> a = new LinkedHashMap<>();
            Map<String, TfRef> refs = new HashMap<>();
            Map<String, Integer> b = new LinkedHashMap<>();
            switchSides(n.input(0), s.source, a, refs);
            switchSides(n.input(1), s.source, b, refs);
            for (Map.Entry<String, Integer> e : a.entrySet()) {
                Integer other = b.get(e.getKey());
                if (e.getValue() != BOTH && other != null && other != BOTH && !other.equals(e.getValue())) {
                    return Optional.of(new Selection(refs.get(e.getKey()), e.getValue() == 1 ? 0 : 1));
                }
            }
            return Optional.empty();
        }).orElse(null);
    }

    private static final int BOTH = 2;

    /**
     * Every Switch output {@code r} descends from, nearest first: predicate key -> 0, 1 or BOTH. Another cond's
     * Merge on the way is a join, live whichever side it took: the walk goes on from what that cond reads (its
     * Switches' inputs), not through its branches, so conds sharing one predicate tensor stay apart.
     */
    private static void switchSides(TfRef r, TfSource src, Map<String, Integer> sides, Map<String, TfRef> refs) {
        Deque<TfRef> q = new ArrayDeque<>(List.of(r));
        Set<String> seen = new HashSet<>();
        Map<String, List<TfRef>> joins = new HashMap<>();
        while (!q.isEmpty()) {
            TfRef cur = q.poll();
            TfNode n = src.node(cur.node());
            if (n == null) {
                continue;
            }
            if (n.op().endsWith("Switch") && n.inputCount() == 2) {
                TfRef pred = n.input(1);
                refs.putIfAbsent(pred.key(), pred);
                sides.merge(pred.key(), cur.index(), (x, y) -> x.equals(y) ? x : BOTH);
            }
            if (!seen.add(n.name())) {
                continue;
            }
            if (n.op().endsWith("Merge")) {
                q.addAll(joinInputs(n, src, joins));
                continue;
            }
            q.addAll(n.inputs());
            for (TfRef c : n.controlInputs()) {
                q.add(TfRef.of(c.node(), 0));
            }
        }
    }

    /** What a Merge's cond reads from outside: the inputs of the Switches its branches descend from (nested Merges joined too). */
    private static List<TfRef> joinInputs(TfNode merge, TfSource src, Map<String, List<TfRef>> memo) {
        List<TfRef> have = memo.get(merge.name());
        if (have != null) {
            return have;
        }
        memo.put(merge.name(), List.of());
        List<TfRef> out = new ArrayList<>();
        Deque<TfRef> q = new ArrayDeque<>(merge.inputs());
        Set<String> seen = new HashSet<>();
        while (!q.isEmpty()) {
            TfNode n = src.node(q.poll().node());
            if (n == null || !seen.add(n.name())) {
                continue;
            }
            if (n.op().endsWith("Switch")) {
                out.addAll(n.inputs());
            } else if (n.op().endsWith("Merge")) {
                q.addAll(joinInputs(n, src, memo));
            } else {
                q.addAll(n.inputs());
                for (TfRef c : n.controlInputs()) {
                    q.add(TfRef.of(c.node(), 0));
                }
            }
        }
        memo.put(merge.name(), out);
        return out;
    }
}
