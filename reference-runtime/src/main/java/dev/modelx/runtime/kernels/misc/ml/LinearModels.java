package dev.modelx.runtime.kernels.misc.ml;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.value.MapValue;
import dev.modelx.runtime.value.SequenceValue;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.util.ArrayList;
import java.util.List;

/** ai.onnx.ml LinearRegressor, LinearClassifier and ZipMap (op set 1). */
public final class LinearModels {

    private LinearModels() {
    }

    /** Y[n, t] = X[n] . coefficients[t*F .. t*F+F) + intercepts[t], then the post transform. */
    public static void regressor(OpContext ctx) {
        Tensor x = Preprocess.numeric(ctx, 0);
        int targets = ctx.attrInt("targets", 1);
        double[] scores = scores(ctx, x, targets);
        int rows = scores.length / Math.max(targets, 1);
        PostTransform.apply(ctx, PostTransform.parse(ctx, ctx.attrString("post_transform", "NONE")), scores, rows, targets);
        ctx.output(0, dev.modelx.runtime.Tensors.fromDoubles(DataType.FLOAT, new long[]{rows, targets}, scores));
    }

    /**
     * Scores per class as in the regressor; a single coefficient set with two labels scores [-s, s]. The
     * label is the class of the highest (post-transformed) score.
     */
    public static void classifier(OpContext ctx) {
        Tensor x = Preprocess.numeric(ctx, 0);
        boolean strings = ctx.hasAttr("classlabels_strings");
        if (strings == ctx.hasAttr("classlabels_ints")) {
            throw ctx.error("exactly one of classlabels_ints and classlabels_strings must be set");
        }
        List<String> strLabels = strings ? ctx.attr("classlabels_strings").asStrings() : List.of();
        long[] intLabels = ctx.attrLongs("classlabels_ints", new long[0]);
        int classes = strings ? strLabels.size() : intLabels.length;
        float[] coef = ctx.attrFloats("coefficients", null);
        if (coef == null) {
            throw ctx.error("attribute 'coefficients' is required");
        }
        long features = x.rank() == 0 ? 1 : x.dim(x.rank() - 1);
        int sets = (int) (features == 0 ? 0 : coef.length / features);
        double[] raw = scores(ctx, x, sets);
        int rows = sets == 0 ? 0 : raw.length / sets;
        double[] z = raw;
        int cols = sets;
        if (sets == 1 && classes == 2) {
            cols = 2;
            z = new double[rows * 2];
            for (int r = 0; r < rows; r++) {
                z[2 * r] = -raw[r];
                z[2 * r + 1] = raw[r];
            }
        } else if (sets != classes) {
            throw ctx.error(sets + " coefficient sets do not match " + classes + " class labels");
        }
        PostTransform.apply(ctx, PostTransform.parse(ctx, ctx.attrString("post_transform", "NONE")), z, rows, cols);
        long[] labelIdx = new long[rows];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < cols; c++) {
                if (z[r * cols + c] > z[r * cols + best]) {
                    best = c;
                }
            }
            labelIdx[r] = best;
        }
        if (strings) {
            String[] y = new String[rows];
            for (int r = 0; r < rows; r++) {
                y[r] = strLabels.get((int) labelIdx[r]);
            }
            ctx.output(0, Tensor.ofStrings(new long[]{rows}, y));
        } else {
            long[] y = new long[rows];
            for (int r = 0; r < rows; r++) {
                y[r] = intLabels[(int) labelIdx[r]];
            }
            ctx.output(0, Tensor.ofLongs(new long[]{rows}, y));
        }
        ctx.output(1, dev.modelx.runtime.Tensors.fromDoubles(DataType.FLOAT, new long[]{rows, cols}, z));
    }

    /** ZipMap: each row of X [N, C] becomes a map from the C class labels to the row's values. */
    public static void zipMap(OpContext ctx) {
        Tensor x = ctx.input(0);
        boolean strings = ctx.hasAttr("classlabels_strings");
        if (strings == ctx.hasAttr("classlabels_int64s")) {
            throw ctx.error("exactly one of classlabels_int64s and classlabels_strings must be set");
        }
        Tensor keys = strings
                ? Tensor.ofStrings(new long[]{ctx.attr("classlabels_strings").asStrings().size()},
                        ctx.attr("classlabels_strings").asStrings().toArray(new String[0]))
                : Tensor.ofLongs(new long[]{ctx.attrLongs("classlabels_int64s", new long[0]).length},
                        ctx.attrLongs("classlabels_int64s", new long[0]));
        long cols = x.rank() == 0 ? 1 : x.dim(x.rank() - 1);
        if (x.rank() > 2 || cols != keys.size()) {
            throw ctx.error("X of shape " + OpContext.shape(x.shape()) + " must be [N, " + keys.size() + "] to match the labels");
        }
        long rows = cols == 0 ? 0 : x.size() / cols;
        List<Value> maps = new ArrayList<>();
        float[] all = x.toFloatArray();
        for (int r = 0; r < rows; r++) {
            float[] row = java.util.Arrays.copyOfRange(all, (int) (r * cols), (int) ((r + 1) * cols));
            maps.add(new MapValue(keys, new TensorValue(Tensor.ofFloats(new long[]{cols}, row))));
        }
        Type mapType = new Type.MapType(keys.type(), new Type.TensorType(DataType.FLOAT, null));
        ctx.output(0, new SequenceValue(mapType, maps));
    }

    /** X [N, F] (or [F]) times each of {@code sets} coefficient rows plus intercepts: [N * sets] row-major. */
    private static double[] scores(OpContext ctx, Tensor x, int sets) {
        float[] coef = ctx.attrFloats("coefficients", new float[0]);
        float[] intercepts = ctx.attrFloats("intercepts", null);
        if (x.rank() > 2) {
            throw ctx.error("X must be [N, F] or [F], got " + OpContext.shape(x.shape()));
        }
        int features = (int) (x.rank() == 0 ? 1 : x.dim(x.rank() - 1));
        int rows = x.rank() == 2 ? (int) x.dim(0) : 1;
        if (sets < 0 || (long) sets * features != coef.length) {
            throw ctx.error(coef.length + " coefficients do not make " + sets + " sets of " + features + " features");
        }
        if (intercepts != null && intercepts.length != sets) {
            throw ctx.error("intercepts has " + intercepts.length + " entries, expected " + sets);
        }
        double[] out = new double[rows * sets];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < sets; t++) {
                double s = intercepts == null ? 0 : intercepts[t];
                for (int f = 0; f < features; f++) {
                    s += x.getDouble(r * features + f) * coef[t * features + f];
                }
                out[r * sets + t] = s;
            }
        }
        return out;
    }
}
