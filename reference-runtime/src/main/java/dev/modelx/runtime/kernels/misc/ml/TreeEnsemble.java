package dev.modelx.runtime.kernels.misc.ml;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ai.onnx.ml TreeEnsemble (5): walks every tree for each row of X [N, F], aggregates the reached leaves'
 * weights per target (AVERAGE, SUM, MIN, MAX) and applies the post transform.
 */
public final class TreeEnsemble {

    static final int LEQ = 0;
    static final int LT = 1;
    static final int GTE = 2;
    static final int GT = 3;
    static final int EQ = 4;
    static final int NEQ = 5;
    static final int MEMBER = 6;

    private TreeEnsemble() {
    }

    public static void v5(OpContext ctx) {
        Tensor x = ctx.input(0);
        if (x.rank() != 2) {
            throw ctx.error("X must have shape [N, F], got " + OpContext.shape(x.shape()));
        }
        if (!x.type().isFloatingPoint()) {
            throw ctx.error("X must be float, double or float16, got " + x.type().displayName());
        }
        long[] featureIds = longs(ctx, "nodes_featureids");
        long[] trueIds = longs(ctx, "nodes_truenodeids");
        long[] falseIds = longs(ctx, "nodes_falsenodeids");
        long[] trueLeafs = longs(ctx, "nodes_trueleafs");
        long[] falseLeafs = longs(ctx, "nodes_falseleafs");
        long[] roots = longs(ctx, "tree_roots");
        long[] leafTargets = longs(ctx, "leaf_targetids");
        double[] leafWeights = tensor(ctx, "leaf_weights").toDoubleArray();
        long[] modes = tensor(ctx, "nodes_modes").toLongArray();
        double[] splits = tensor(ctx, "nodes_splits").toDoubleArray();
        long[] missingTrue = ctx.attrLongs("nodes_missing_value_tracks_true", new long[featureIds.length]);
        int nodes = featureIds.length;
        for (Object[] a : new Object[][]{{"nodes_truenodeids", trueIds.length}, {"nodes_falsenodeids", falseIds.length},
                {"nodes_trueleafs", trueLeafs.length}, {"nodes_falseleafs", falseLeafs.length}, {"nodes_modes", modes.length},
                {"nodes_splits", splits.length}, {"nodes_missing_value_tracks_true", missingTrue.length}}) {
            if ((int) a[1] != nodes) {
                throw ctx.error("attribute '" + a[0] + "' has " + a[1] + " entries but nodes_featureids has " + nodes);
            }
        }
        if (leafTargets.length != leafWeights.length) {
            throw ctx.error("leaf_targetids has " + leafTargets.length + " entries but leaf_weights has " + leafWeights.length);
        }
        long nTargets = ctx.attrLong("n_targets", 0);
        for (long t : leafTargets) {
            if (t < 0 || t >= nTargets) {
                throw ctx.error("leaf target id " + t + " is outside [0, n_targets=" + nTargets + ")");
            }
        }
        for (int i = 0; i < nodes; i++) {
            checkRef(ctx, i, trueIds[i], trueLeafs[i] != 0, nodes, leafWeights.length);
            checkRef(ctx, i, falseIds[i], falseLeafs[i] != 0, nodes, leafWeights.length);
            if (modes[i] < LEQ || modes[i] > MEMBER) {
                throw ctx.error("node " + i + " has unknown mode " + modes[i]);
            }
            if (featureIds[i] < 0 || featureIds[i] >= x.dim(1)) {
                throw ctx.error("node " + i + " reads feature " + featureIds[i] + " but X has " + x.dim(1) + " features");
            }
        }
        List<Set<Double>> sets = memberships(ctx, modes);
        int aggregate = ctx.attrInt("aggregate_function", 1);
        int post = ctx.attrInt("post_transform", 0);
        if (aggregate < 0 || aggregate > 3) {
            throw ctx.error("aggregate_function " + aggregate + " is not one of 0 (AVERAGE), 1 (SUM), 2 (MIN), 3 (MAX)");
        }
        int rows = (int) x.dim(0);
        int features = (int) x.dim(1);
        Tensor.checkAllocatable(rows * nTargets, x.type());
        double[] out = new double[(int) (rows * nTargets)];
        double init = aggregate == 2 ? Double.MAX_VALUE : aggregate == 3 ? -Double.MAX_VALUE : 0;
        java.util.Arrays.fill(out, init);
        for (int r = 0; r < rows; r++) {
            for (long root : roots) {
                if (root < 0 || root >= nodes) {
                    throw ctx.error("tree root " + root + " is outside [0, " + nodes + ")");
                }
                int node = (int) root;
                int leaf = -1;
                for (int steps = 0; leaf < 0; steps++) {
                    if (steps > nodes) {
                        throw ctx.error("tree at root " + root + " contains a cycle");
                    }
                    double v = x.getDouble(r * features + (int) featureIds[node]);
                    boolean go = Double.isNaN(v) && missingTrue[node] != 0 || compare((int) modes[node], v, splits[node], sets.get(node));
                    long next = go ? trueIds[node] : falseIds[node];
                    if ((go ? trueLeafs[node] : falseLeafs[node]) != 0) {
                        leaf = (int) next;
                    } else {
                        node = (int) next;
                    }
                }
                int o = (int) (r * nTargets + leafTargets[leaf]);
                double w = leafWeights[leaf];
                out[o] = switch (aggregate) {
                    case 0 -> out[o] + w / roots.length;
                    case 2 -> Math.min(out[o], w);
                    case 3 -> Math.max(out[o], w);
                    default -> out[o] + w;
                };
            }
        }
        PostTransform.apply(ctx, post, out, rows, (int) nTargets);
        ctx.output(0, Tensors.fromDoubles(x.type(), new long[]{rows, nTargets}, out));
    }

    static boolean compare(int mode, double v, double split, Set<Double> set) {
        return switch (mode) {
            case LEQ -> v <= split;
            case LT -> v < split;
            case GTE -> v >= split;
            case GT -> v > split;
            case EQ -> v == split;
            case NEQ -> v != split;
            default -> set.contains(v + 0.0);
        };
    }

    /** The member sets of the BRANCH_MEMBER nodes, in node order, read from NaN-delimited membership_values. */
    private static List<Set<Double>> memberships(OpContext ctx, long[] modes) {
        List<Set<Double>> sets = new ArrayList<>();
        double[] members = ctx.hasAttr("membership_values") ? ctx.attr("membership_values").asTensor().toDoubleArray() : new double[0];
        int pos = 0;
        for (int i = 0; i < modes.length; i++) {
            if (modes[i] != MEMBER) {
                sets.add(null);
                continue;
            }
            if (pos > members.length || members.length == 0) {
                throw ctx.error("membership_values holds fewer sets than there are set membership nodes (node " + i + ")");
            }
            Set<Double> s = new HashSet<>();
            while (pos < members.length && !Double.isNaN(members[pos])) {
                s.add(members[pos++] + 0.0);
            }
            pos++;
            sets.add(s);
        }
        return sets;
    }

    private static void checkRef(OpContext ctx, int node, long ref, boolean leaf, int nodes, int leaves) {
        if (ref < 0 || ref >= (leaf ? leaves : nodes)) {
            throw ctx.error("node " + node + " refers to " + (leaf ? "leaf " : "node ") + ref + ", outside [0, "
                    + (leaf ? leaves : nodes) + ")");
        }
    }

    private static long[] longs(OpContext ctx, String name) {
        if (!ctx.hasAttr(name)) {
            throw ctx.error("attribute '" + name + "' is required");
        }
        return ctx.attrLongs(name, null);
    }

    private static Tensor tensor(OpContext ctx, String name) {
        if (!ctx.hasAttr(name)) {
            throw ctx.error("attribute '" + name + "' is required");
        }
        return ctx.attr(name).asTensor();
    }
}
