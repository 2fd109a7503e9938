package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Kernel;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.kernels.fast.Parallel;

/**
 * ReduceMean of a large float32 tensor over its last axis only (as in decomposed layer norms), rows spread
 * over all cores. Each row is summed in double in ascending order and divided by its length, as
 * {@link Reduce} does, so results are bit for bit the reference kernel's. Other cases run the reference kernel.
 */
public final class FastReduceMean {

    public static final long MIN_ELEMENTS = 1 << 14;

    private FastReduceMean() {
    }

    /** Op sets 1 to 17: axes from the attribute. */
    public static Kernel attrAxes(Parallel p) {
        Kernel reference = Reduce.attrAxes(Reduce.Op.MEAN);
        return c -> run(c, c.attrLongs("axes", null), reference, p);
    }

    /** Op set 18 on: axes from the optional second input. */
    public static Kernel inputAxes(Parallel p) {
        Kernel reference = Reduce.inputAxes(Reduce.Op.MEAN);
        return c -> {
            Tensor a = c.optionalInput(1);
            run(c, a == null ? null : Data.ints(c, a, "axes"), reference, p);
        };
    }

    private static void run(OpContext c, long[] axes, Kernel reference, Parallel p) {
        Tensor x = c.input(0);
        long[] s = x.shape();
        if (x.type() != DataType.FLOAT || x.size() < MIN_ELEMENTS || axes == null || axes.length != 1
                || (axes[0] < 0 ? axes[0] + s.length : axes[0]) != s.length - 1 || s[s.length - 1] == 0) {
            reference.run(c);
            return;
        }
        int len = (int) s[s.length - 1];
        float[] v = x.floats();
        int rows = v.length / len;
        float[] y = new float[rows];
        int rowsPerTask = Math.max(1, 8192 / len);
        p.forEach((rows + rowsPerTask - 1) / rowsPerTask, t -> {
            int end = Math.min(rows, (t + 1) * rowsPerTask);
            for (int r = t * rowsPerTask; r < end; r++) {
                double acc = 0;
                int off = r * len;
                for (int j = 0; j < len; j++) {
                    acc += v[off + j];
                }
                y[r] = (float) (acc / len);
            }
        });
        boolean keep = c.attrLong("keepdims", 1) != 0;
        long[] out = keep ? s.clone() : java.util.Arrays.copyOf(s, s.length - 1);
        if (keep) {
            out[s.length - 1] = 1;
        }
        c.output(0, Tensor.of(DataType.FLOAT, out, y));
    }
}
