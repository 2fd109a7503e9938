package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.Tensors;

/** CumSum (op set 11) and CumProd (26) along an axis given as input, with exclusive and reverse. */
final class Cumulative {

    private Cumulative() {
    }

    static void cumSum(OpContext c) {
        run(c, false);
    }

    static void cumProd(OpContext c) {
        run(c, true);
    }

    private static void run(OpContext c, boolean product) {
        Tensor x = c.input(0);
        long[] s = x.shape();
        if (s.length == 0) {
            throw c.error("input must have rank >= 1");
        }
        int a = Shapes.axis(c, Data.scalarLong(c, c.input(1), "axis"), s.length);
        boolean exclusive = c.attrLong("exclusive", 0) != 0;
        boolean reverse = c.attrLong("reverse", 0) != 0;
        long dim = s[a];
        long inner = Data.inner(s, a);
        long outer = dim * inner == 0 ? 0 : x.size() / (dim * inner);
        boolean integral = Data.integral(x.type());
        long[] li = integral ? x.toLongArray() : null;
        double[] di = integral ? null : Tensors.doubles(x);
        long[] lo = integral ? new long[li.length] : null;
        double[] dout = integral ? null : new double[di.length];
        for (long o = 0; o < outer; o++) {
            for (long i = 0; i < inner; i++) {
                long lacc = product ? 1 : 0;
                double dacc = product ? 1 : 0;
                for (long j = 0; j < dim; j++) {
                    long jj = reverse ? dim - 1 - j : j;
                    int p = (int) ((o * dim + jj) * inner + i);
                    if (integral) {
                        if (exclusive) {
                            lo[p] = lacc;
                        }
                        lacc = product ? lacc * li[p] : lacc + li[p];
                        if (!exclusive) {
                            lo[p] = lacc;
                        }
                    } else {
                        if (exclusive) {
                            dout[p] = dacc;
                        }
                        dacc = product ? dacc * di[p] : dacc + di[p];
                        if (!exclusive) {
                            dout[p] = dacc;
                        }
                    }
                }
            }
        }
        c.output(0, integral ? Tensors.fromLongs(x.type(), s, lo) : Tensors.fromDoubles(x.type(), s, dout));
    }
}
