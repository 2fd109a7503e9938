package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.Tensors;

/**
 * Softmax, LogSoftmax and Hardmax. Before op set 13 the input is coerced to 2-D at 'axis' (default 1) and the
 * op works on each row of that matrix; from 13 on it works along the single 'axis' (default -1).
 */
public final class Softmax {

    enum Kind { SOFTMAX, LOG_SOFTMAX, HARDMAX }

    private Softmax() {
    }

    public static void softmaxV1(OpContext c) {
        coerced(c, Kind.SOFTMAX);
    }

    public static void softmaxV13(OpContext c) {
        perAxis(c, Kind.SOFTMAX);
    }

    public static void logSoftmaxV1(OpContext c) {
        coerced(c, Kind.LOG_SOFTMAX);
    }

    public static void logSoftmaxV13(OpContext c) {
        perAxis(c, Kind.LOG_SOFTMAX);
    }

    public static void hardmaxV1(OpContext c) {
        coerced(c, Kind.HARDMAX);
    }

    public static void hardmaxV13(OpContext c) {
        perAxis(c, Kind.HARDMAX);
    }

    private static void coerced(OpContext c, Kind kind) {
        Tensor x = c.input(0);
        Nn.requireFloat(c, x, "input");
        long[] s = x.shape();
        long a = c.attrLong("axis", 1);
        int axis = s.length == 0 && a == 0 ? 0 : (a == s.length ? s.length : Shapes.axis(c, a, s.length));
        int rows = Nn.prod(s, 0, axis);
        int cols = Nn.prod(s, axis, s.length);
        double[] v = Nn.doubles(x);
        double[] y = new double[v.length];
        for (int r = 0; r < rows; r++) {
            apply(kind, v, y, r * cols, cols, 1);
        }
        c.output(0, Tensors.fromDoubles(x.type(), s, y));
    }

    private static void perAxis(OpContext c, Kind kind) {
        Tensor x = c.input(0);
        Nn.requireFloat(c, x, "input");
        long[] s = x.shape();
        int axis = Shapes.axis(c, c.attrLong("axis", -1), s.length);
        double[] v = Nn.doubles(x);
        double[] y = new double[v.length];
        int outer = Nn.prod(s, 0, axis);
        int len = (int) s[axis];
        int inner = Nn.prod(s, axis + 1, s.length);
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                apply(kind, v, y, o * len * inner + in, len, inner);
            }
        }
        c.output(0, Tensors.fromDoubles(x.type(), s, y));
    }

    /** Applies the op to the {@code len} elements starting at {@code off}, {@code step} apart. */
    static void apply(Kind kind, double[] v, double[] y, int off, int len, int step) {
        if (len == 0) {
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        int arg = off;
        for (int k = 0; k < len; k++) {
            double e = v[off + k * step];
            if (e > max || Double.isNaN(e) && !Double.isNaN(max)) {
                max = e;
                arg = off + k * step;
            }
        }
        if (kind == Kind.HARDMAX) {
            for (int k = 0; k < len; k++) {
                y[off + k * step] = 0;
            }
            y[arg] = 1;
            return;
        }
        double sum = 0;
        for (int k = 0; k < len; k++) {
            sum += Math.exp(v[off + k * step] - max);
        }
        if (kind == Kind.SOFTMAX) {
            for (int k = 0; k < len; k++) {
                int i = off + k * step;
                y[i] = Math.exp(v[i] - max) / sum;
            }
        } else {
            double log = Math.log(sum);
            for (int k = 0; k < len; k++) {
                int i = off + k * step;
                y[i] = v[i] - max - log;
            }
        }
    }
}
