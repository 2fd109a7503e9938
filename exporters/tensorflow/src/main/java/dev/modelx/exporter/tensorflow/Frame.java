package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.Tensor;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A scope of emitted values: the root graph, a TF1 while-loop frame (a Loop body or its condition), or one
 * branch of a TF1 cond (an If branch). Values of enclosing scopes enter a loop frame through Enter
 * (is_constant) and a branch through Switch; constants are made inside the frame with a control input
 * on the frame's pivot, as TF's own control-flow builders do.
 */
final class Frame {

    enum Kind { ROOT, LOOP, BRANCH }

    final Frame parent;
    final Kind kind;
    /** The TF frame_name (loops). */
    final String frameName;
    /** The node whose control edge places constants in this frame; null in the root. */
    final String pivot;
    /** The branch predicate (a tensor of the parent frame) and which side this is. */
    final String pred;
    final boolean thenBranch;

    final Map<String, Val> values = new HashMap<>();
    final Map<String, String> imports = new HashMap<>();
    final Map<Tensor, String> constants = new IdentityHashMap<>();
    final Map<String, String> materialized = new HashMap<>();

    private Frame(Frame parent, Kind kind, String frameName, String pivot, String pred, boolean thenBranch) {
        this.parent = parent;
        this.kind = kind;
        this.frameName = frameName;
        this.pivot = pivot;
        this.pred = pred;
        this.thenBranch = thenBranch;
    }

    static Frame root() {
        return new Frame(null, Kind.ROOT, null, null, null, false);
    }

    static Frame loop(Frame parent, String frameName, String pivot) {
        return new Frame(parent, Kind.LOOP, frameName, pivot, null, false);
    }

    static Frame branch(Frame parent, String pred, boolean thenBranch, String pivot) {
        return new Frame(parent, Kind.BRANCH, null, pivot, pred, thenBranch);
    }
}
