package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Kernel;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.Tensors;
import dev.modelx.runtime.kernels.fast.Parallel;

import java.util.Arrays;

/**
 * LayerNormalization (op set 17) of large float32 tensors whose Scale and B cover exactly the normalised dims
 * (the usual case), rows spread over all cores. Each row is computed as {@link LayerNormalization} does (mean
 * and variance in double by {@link Stats}, stash rounding, then scale and bias), so results are bit for bit
 * the reference kernel's. Other cases run the reference kernel.
 */
public final class FastLayerNormalization {

    public static final long MIN_ELEMENTS = 1 << 14;

    private FastLayerNormalization() {
    }

    public static Kernel v17(Parallel p) {
        return c -> {
            Tensor x = c.input(0);
            Tensor scale = c.input(1);
            Tensor bias = c.optionalInput(2);
            long[] s = x.shape();
            if (x.type() != DataType.FLOAT || x.size() < MIN_ELEMENTS || scale.type() != DataType.FLOAT
                    || bias != null && bias.type() != DataType.FLOAT) {
                LayerNormalization.v17(c);
                return;
            }
            int axis = Shapes.axis(c, c.attrLong("axis", -1), s.length);
            if (!coversNormalisedDims(scale, s, axis) || bias != null && !coversNormalisedDims(bias, s, axis)) {
                LayerNormalization.v17(c);
                return;
            }
            run(c, x, scale.floats(), bias == null ? null : bias.floats(), axis, p);
        };
    }

    /** Whether {@code t}'s shape is X's dims from {@code axis} on, possibly with leading ones. */
    private static boolean coversNormalisedDims(Tensor t, long[] x, int axis) {
        long[] ts = t.shape();
        int n = x.length - axis;
        if (ts.length < n) {
            return false;
        }
        for (int i = 0; i < ts.length - n; i++) {
            if (ts[i] != 1) {
                return false;
            }
        }
        return Arrays.equals(Arrays.copyOfRange(ts, ts.length - n, ts.length), Arrays.copyOfRange(x, axis, x.length));
    }

    private static void run(OpContext c, Tensor x, float[] sc, float[] b, int axis, Parallel p) {
        long[] s = x.shape();
        DataType stash = Nn.stashType(c, c.attrLong("stash_type", 1));
        double eps = c.attrFloat("epsilon", 1e-5f);
        int rows = Nn.prod(s, 0, axis);
        int cols = Nn.prod(s, axis, s.length);
        float[] v = x.floats();
        float[] y = new float[v.length];
        double[] means = new double[rows];
        double[] invs = new double[rows];
        int rowsPerTask = Math.max(1, 8192 / Math.max(1, cols));
        p.forEach((rows + rowsPerTask - 1) / rowsPerTask, t -> {
            double[] row = new double[cols];
            int end = Math.min(rows, (t + 1) * rowsPerTask);
            for (int r = t * rowsPerTask; r < end; r++) {
                int off = r * cols;
                for (int j = 0; j < cols; j++) {
                    row[j] = v[off + j];
                }
                double m = Stats.mean(row, 0, cols);
                double inv = 1 / Math.sqrt(Stats.variance(row, 0, cols, m) + eps);
                means[r] = m;
                invs[r] = inv;
                for (int j = 0; j < cols; j++) {
                    double norm = Nn.roundTo(stash, (row[j] - m) * inv);
                    y[off + j] = (float) (norm * sc[j] + (b == null ? 0 : b[j]));
                }
            }
        });
        c.output(0, Tensor.of(DataType.FLOAT, s, y));
        long[] rs = Nn.reducedShape(s, axis);
        if (c.wantsOutput(1)) {
            c.output(1, Tensors.fromDoubles(stash, rs, means));
        }
        if (c.wantsOutput(2)) {
            c.output(2, Tensors.fromDoubles(stash, rs, invs));
        }
    }
}
