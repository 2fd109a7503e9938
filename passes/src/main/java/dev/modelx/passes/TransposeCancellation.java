package dev.modelx.passes;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;

/**
 * {@code transpose-cancel}: a Transpose reading another Transpose reads the first one's input with the
 * composed permutation instead; when that composition is the identity, both drop out. The first Transpose is
 * removed when nothing else reads it. (A Transpose of a constant is left to {@code fold}.)
 */
public final class TransposeCancellation extends BasePass {

    public TransposeCancellation(PassOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "transpose-cancel";
    }

    @Override
    public String description() {
        return "cancel Transpose pairs that compose to the identity and merge consecutive Transposes";
    }

    @Override
    public Preservation preservation() {
        return Preservation.EXACT;
    }

    @Override
    protected void apply(Model model, Changes changes) {
        cancel(Scope.main(model), new TypeFacts(model, options), changes);
    }

    private static void cancel(Scope scope, TypeFacts facts, Changes changes) {
        Graph g = scope.graph;
        for (Node second : Order.topological(g)) {
            for (Graph sub : second.subgraphs()) {
                cancel(scope.child(sub), facts, changes);
            }
            if (!isTranspose(second)) {
                continue;
            }
            Node first = Rewiring.producerIn(g, second.input(0));
            if (first == null || !isTranspose(first)) {
                continue;
            }
            long[] p1 = perm(scope, facts, first);
            long[] p2 = perm(scope, facts, second);
            if (!isPermutation(p1) || !isPermutation(p2) || p1.length != p2.length) {
                continue;
            }
            long[] composed = new long[p2.length];
            boolean identity = true;
            for (int i = 0; i < composed.length; i++) {
                composed[i] = p1[(int) p2[i]];
                identity &= composed[i] == i;
            }
            String source = first.input(0);
            if (identity && Rewiring.bypass(scope, second, source, second.output(0))) {
                changes.removed(1);
            } else {
                second.inputs().set(0, source);
                second.ints("perm", composed);
                changes.rewritten(1);
            }
            if (Uses.of(g).unused(first.output(0))) {
                Rewiring.removeNode(g, first);
                changes.removed(1);
            }
        }
    }

    private static boolean isTranspose(Node n) {
        return n.domain().isEmpty() && n.opType().equals("Transpose") && n.inputs().size() == 1 && !n.input(0).isEmpty()
                && n.outputs().size() == 1 && !n.output(0).isEmpty();
    }

    private static boolean isPermutation(long[] p) {
        if (p == null) {
            return false;
        }
        boolean[] seen = new boolean[p.length];
        for (long v : p) {
            if (v < 0 || v >= p.length || seen[(int) v]) {
                return false;
            }
            seen[(int) v] = true;
        }
        return true;
    }

    /** The node's permutation; without the attribute, the reversal of its input's rank (when known). */
    private static long[] perm(Scope scope, TypeFacts facts, Node n) {
        long[] p = n.attrLongs("perm", null);
        if (p != null) {
            return p;
        }
        Shape s = facts.shape(scope, n.input(0));
        if (s == null) {
            return null;
        }
        long[] rev = new long[s.rank()];
        for (int i = 0; i < rev.length; i++) {
            rev[i] = rev.length - 1 - i;
        }
        return rev;
    }
}
