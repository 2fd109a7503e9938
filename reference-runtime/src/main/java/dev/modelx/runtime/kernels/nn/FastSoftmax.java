package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Kernel;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.kernels.fast.Parallel;

/**
 * Softmax of large float32 tensors along contiguous rows (the last axis from op set 13; the coerced 2-D rows
 * before), rows spread over all cores. Each row is computed exactly as {@link Softmax#apply} does (double
 * max, sum of exp in ascending order, exp / sum), computing each exp once, so results are bit for bit the
 * reference kernel's. Other cases run the reference kernel.
 */
public final class FastSoftmax {

    public static final long MIN_ELEMENTS = 1 << 14;

    private FastSoftmax() {
    }

    /** Op sets 1 and 11: rows of the input coerced to 2-D at 'axis'. */
    public static Kernel v1(Parallel p) {
        return c -> {
            Tensor x = c.input(0);
            long[] s = x.shape();
            long a = c.attrLong("axis", 1);
            if (x.type() != DataType.FLOAT || x.size() < MIN_ELEMENTS || a == s.length) {
                Softmax.softmaxV1(c);
                return;
            }
            int axis = Shapes.axis(c, a, s.length);
            run(c, x, Nn.prod(s, axis, s.length), p);
        };
    }

    /** Op set 13: along 'axis'; fast only when it is the last axis. */
    public static Kernel v13(Parallel p) {
        return c -> {
            Tensor x = c.input(0);
            long[] s = x.shape();
            if (x.type() != DataType.FLOAT || x.size() < MIN_ELEMENTS || Shapes.axis(c, c.attrLong("axis", -1), s.length) != s.length - 1) {
                Softmax.softmaxV13(c);
                return;
            }
            run(c, x, (int) s[s.length - 1], p);
        };
    }

    private static void run(OpContext c, Tensor x, int cols, Parallel p) {
        float[] v = x.floats();
        float[] y = new float[v.length];
        int rows = cols == 0 ? 0 : v.length / cols;
        int rowsPerTask = Math.max(1, 8192 / Math.max(1, cols));
        p.forEach((rows + rowsPerTask - 1) / rowsPerTask, t -> {
            double[] e = new double[cols];
            int end = Math.min(rows, (t + 1) * rowsPerTask);
            for (int r = t * rowsPerTask; r < end; r++) {
                row(v, y, r * cols, cols, e);
            }
        });
        c.output(0, Tensor.of(DataType.FLOAT, x.shape(), y));
    }

    private static void row(float[] v, float[] y, int off, int len, double[] e) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < len; k++) {
            double a = v[off + k];
            if (a > max || Double.isNaN(a) && !Double.isNaN(max)) {
                max = a;
            }
        }
        double sum = 0;
        for (int k = 0; k < len; k++) {
            e[k] = Math.exp(v[off + k] - max);
            sum += e[k];
        }
        for (int k = 0; k < len; k++) {
            y[off + k] = (float) (e[k] / sum);
        }
    }
}
