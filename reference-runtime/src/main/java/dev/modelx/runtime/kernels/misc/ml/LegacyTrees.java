package dev.modelx.runtime.kernels.misc.ml;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ai.onnx.ml TreeEnsembleRegressor and TreeEnsembleClassifier (op sets 1 and 3, deprecated in favour of
 * TreeEnsemble): nodes are addressed by (tree id, node id) and leaves carry weights per target or class.
 */
public final class LegacyTrees {

    private LegacyTrees() {
    }

    /** The parsed node table and, per tree, the leaf reached for a row. */
    private static final class Forest {
        long[] treeIds;
        long[] nodeIds;
        long[] features;
        String[] modes;
        double[] values;
        long[] trueIds;
        long[] falseIds;
        long[] missingTrue;
        final Map<Long, Map<Long, Integer>> index = new HashMap<>();
        final Map<Long, Integer> roots = new LinkedHashMap<>();

        int leaf(OpContext ctx, Tensor x, int row, int featuresPerRow, long tree) {
            int n = roots.get(tree);
            for (int steps = 0; !modes[n].equals("LEAF"); steps++) {
                if (steps > modes.length) {
                    throw ctx.error("tree " + tree + " contains a cycle");
                }
                if (features[n] < 0 || features[n] >= featuresPerRow) {
                    throw ctx.error("node " + nodeIds[n] + " of tree " + tree + " reads feature " + features[n] + " but X has "
                            + featuresPerRow);
                }
                double v = x.getDouble(row * featuresPerRow + (int) features[n]);
                double t = values[n];
                boolean go = Double.isNaN(v) && missingTrue[n] != 0 || switch (modes[n]) {
                    case "BRANCH_LEQ" -> v <= t;
                    case "BRANCH_LT" -> v < t;
                    case "BRANCH_GTE" -> v >= t;
                    case "BRANCH_GT" -> v > t;
                    case "BRANCH_EQ" -> v == t;
                    case "BRANCH_NEQ" -> v != t;
                    default -> throw ctx.error("unknown node mode '" + modes[n] + "'");
                };
                long next = go ? trueIds[n] : falseIds[n];
                Integer idx = index.get(tree).get(next);
                if (idx == null) {
                    throw ctx.error("tree " + tree + " has no node " + next);
                }
                n = idx;
            }
            return n;
        }
    }

    private static Forest forest(OpContext ctx) {
        Forest f = new Forest();
        f.treeIds = ctx.attrLongs("nodes_treeids", new long[0]);
        int n = f.treeIds.length;
        f.nodeIds = ctx.attrLongs("nodes_nodeids", new long[0]);
        f.features = ctx.attrLongs("nodes_featureids", new long[0]);
        f.modes = ctx.hasAttr("nodes_modes") ? ctx.attr("nodes_modes").asStrings().toArray(new String[0]) : new String[0];
        f.values = ctx.hasAttr("nodes_values_as_tensor") ? ctx.attr("nodes_values_as_tensor").asTensor().toDoubleArray()
                : toDoubles(ctx.attrFloats("nodes_values", new float[n]));
        f.trueIds = ctx.attrLongs("nodes_truenodeids", new long[n]);
        f.falseIds = ctx.attrLongs("nodes_falsenodeids", new long[n]);
        f.missingTrue = ctx.attrLongs("nodes_missing_value_tracks_true", new long[n]);
        for (int len : new int[]{f.nodeIds.length, f.features.length, f.modes.length, f.values.length, f.trueIds.length,
                f.falseIds.length, f.missingTrue.length}) {
            if (len != n) {
                throw ctx.error("the nodes_* attributes must all have " + n + " entries (as nodes_treeids)");
            }
        }
        Map<Long, Set<Long>> children = new HashMap<>();
        for (int i = 0; i < n; i++) {
            f.index.computeIfAbsent(f.treeIds[i], k -> new HashMap<>()).put(f.nodeIds[i], i);
            if (!f.modes[i].equals("LEAF")) {
                children.computeIfAbsent(f.treeIds[i], k -> new HashSet<>()).add(f.trueIds[i]);
                children.get(f.treeIds[i]).add(f.falseIds[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            if (!f.roots.containsKey(f.treeIds[i]) && !children.getOrDefault(f.treeIds[i], Set.of()).contains(f.nodeIds[i])) {
                f.roots.put(f.treeIds[i], i);
            }
        }
        return f;
    }

    /** Leaf weights by (tree, node): list of {target, weight index}. */
    private static Map<Long, Map<Long, List<int[]>>> leafWeights(OpContext ctx, String prefix, int count) {
        long[] trees = ctx.attrLongs(prefix + "_treeids", new long[0]);
        long[] nodes = ctx.attrLongs(prefix + "_nodeids", new long[0]);
        long[] ids = ctx.attrLongs(prefix + "_ids", new long[0]);
        if (trees.length != count || nodes.length != count || ids.length != count) {
            throw ctx.error("the " + prefix + "_* attributes must all have " + count + " entries");
        }
        Map<Long, Map<Long, List<int[]>>> m = new HashMap<>();
        for (int i = 0; i < count; i++) {
            m.computeIfAbsent(trees[i], k -> new HashMap<>()).computeIfAbsent(nodes[i], k -> new ArrayList<>())
                    .add(new int[]{(int) ids[i], i});
        }
        return m;
    }

    private static double[] weights(OpContext ctx, String prefix) {
        return ctx.hasAttr(prefix + "_weights_as_tensor") ? ctx.attr(prefix + "_weights_as_tensor").asTensor().toDoubleArray()
                : toDoubles(ctx.attrFloats(prefix + "_weights", new float[0]));
    }

    private static Tensor input(OpContext ctx) {
        Tensor x = Preprocess.numeric(ctx, 0);
        if (x.rank() != 2 && x.rank() != 1) {
            throw ctx.error("X must be [N, F] or [F], got " + OpContext.shape(x.shape()));
        }
        return x;
    }

    public static void regressor(OpContext ctx) {
        Tensor x = input(ctx);
        Forest f = forest(ctx);
        double[] w = weights(ctx, "target");
        Map<Long, Map<Long, List<int[]>>> leaves = leafWeights(ctx, "target", w.length);
        int targets = ctx.attrInt("n_targets", 1);
        String agg = ctx.attrString("aggregate_function", "SUM");
        double[] base = ctx.hasAttr("base_values_as_tensor") ? ctx.attr("base_values_as_tensor").asTensor().toDoubleArray()
                : toDoubles(ctx.attrFloats("base_values", new float[0]));
        if (base.length != 0 && base.length != targets) {
            throw ctx.error("base_values has " + base.length + " entries but n_targets is " + targets);
        }
        int feats = (int) x.dim(x.rank() - 1);
        int rows = x.rank() == 1 ? 1 : (int) x.dim(0);
        double[] out = new double[rows * targets];
        for (int r = 0; r < rows; r++) {
            double[] acc = new double[targets];
            boolean[] seen = new boolean[targets];
            for (long tree : f.roots.keySet()) {
                int leaf = f.leaf(ctx, x, r, feats, tree);
                for (int[] tw : leaves.getOrDefault(tree, Map.of()).getOrDefault(f.nodeIds[leaf], List.of())) {
                    if (tw[0] < 0 || tw[0] >= targets) {
                        throw ctx.error("target id " + tw[0] + " is outside [0, " + targets + ")");
                    }
                    double v = w[tw[1]];
                    int t = tw[0];
                    acc[t] = !seen[t] ? v : switch (agg) {
                        case "MIN" -> Math.min(acc[t], v);
                        case "MAX" -> Math.max(acc[t], v);
                        case "SUM", "AVERAGE" -> acc[t] + v;
                        default -> throw ctx.error("aggregate_function must be AVERAGE, SUM, MIN or MAX, got '" + agg + "'");
                    };
                    seen[t] = true;
                }
            }
            for (int t = 0; t < targets; t++) {
                double v = agg.equals("AVERAGE") ? acc[t] / Math.max(1, f.roots.size()) : acc[t];
                out[r * targets + t] = v + (base.length == 0 ? 0 : base[t]);
            }
        }
        PostTransform.apply(ctx, PostTransform.parse(ctx, ctx.attrString("post_transform", "NONE")), out, rows, targets);
        ctx.output(0, Tensors.fromDoubles(DataType.FLOAT, new long[]{rows, targets}, out));
    }

    /**
     * Sums leaf weights per class over all trees plus base_values. With two labels and weights for a single
     * class only, that class's score s gives the scores [1-s, s] (all weights positive) or [-s, s].
     */
    public static void classifier(OpContext ctx) {
        Tensor x = input(ctx);
        Forest f = forest(ctx);
        double[] w = weights(ctx, "class");
        Map<Long, Map<Long, List<int[]>>> leaves = leafWeights(ctx, "class", w.length);
        boolean strings = ctx.hasAttr("classlabels_strings");
        if (strings == ctx.hasAttr("classlabels_int64s")) {
            throw ctx.error("exactly one of classlabels_int64s and classlabels_strings must be set");
        }
        List<String> strLabels = strings ? ctx.attr("classlabels_strings").asStrings() : List.of();
        long[] intLabels = ctx.attrLongs("classlabels_int64s", new long[0]);
        int classes = strings ? strLabels.size() : intLabels.length;
        double[] base = ctx.hasAttr("base_values_as_tensor") ? ctx.attr("base_values_as_tensor").asTensor().toDoubleArray()
                : toDoubles(ctx.attrFloats("base_values", new float[0]));
        long[] ids = ctx.attrLongs("class_ids", new long[0]);
        Set<Long> used = new HashSet<>();
        boolean allPositive = true;
        for (int i = 0; i < ids.length; i++) {
            used.add(ids[i]);
            allPositive &= w[i] >= 0;
        }
        boolean binary = classes == 2 && used.size() == 1;
        int feats = (int) x.dim(x.rank() - 1);
        int rows = x.rank() == 1 ? 1 : (int) x.dim(0);
        double[] z = new double[rows * classes];
        for (int r = 0; r < rows; r++) {
            double[] acc = new double[classes];
            for (int c = 0; c < classes && c < base.length; c++) {
                acc[c] = base[c];
            }
            for (long tree : f.roots.keySet()) {
                int leaf = f.leaf(ctx, x, r, feats, tree);
                for (int[] cw : leaves.getOrDefault(tree, Map.of()).getOrDefault(f.nodeIds[leaf], List.of())) {
                    if (cw[0] < 0 || cw[0] >= classes) {
                        throw ctx.error("class id " + cw[0] + " is outside [0, " + classes + ")");
                    }
                    acc[cw[0]] += w[cw[1]];
                }
            }
            if (binary) {
                double s = acc[(int) (long) used.iterator().next()];
                acc[0] = allPositive ? 1 - s : -s;
                acc[1] = s;
            }
            System.arraycopy(acc, 0, z, r * classes, classes);
        }
        PostTransform.apply(ctx, PostTransform.parse(ctx, ctx.attrString("post_transform", "NONE")), z, rows, classes);
        long[] best = new long[rows];
        for (int r = 0; r < rows; r++) {
            int b = 0;
            for (int c = 1; c < classes; c++) {
                if (z[r * classes + c] > z[r * classes + b]) {
                    b = c;
                }
            }
            best[r] = b;
        }
        if (strings) {
            String[] y = new String[rows];
            for (int r = 0; r < rows; r++) {
                y[r] = strLabels.get((int) best[r]);
            }
            ctx.output(0, Tensor.ofStrings(new long[]{rows}, y));
        } else {
            long[] y = new long[rows];
            for (int r = 0; r < rows; r++) {
                y[r] = intLabels[(int) best[r]];
            }
            ctx.output(0, Tensor.ofLongs(new long[]{rows}, y));
        }
        ctx.output(1, Tensors.fromDoubles(DataType.FLOAT, new long[]{rows, classes}, z));
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
