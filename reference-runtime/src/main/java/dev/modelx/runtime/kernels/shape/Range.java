package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

/** Range: start + i * delta for i below max(ceil((limit - start) / delta), 0); stash_type for half types from op set 27. */
final class Range {

    private Range() {
    }

    static void v11(OpContext c) {
        run(c, true);
    }

    static void v27(OpContext c) {
        run(c, c.attrLong("stash_type", 1) == 1);
    }

    private static void run(OpContext c, boolean stashFloat) {
        Tensor start = c.input(0);
        Tensor limit = c.input(1);
        Tensor delta = c.input(2);
        DataType t = start.type();
        if (limit.type() != t || delta.type() != t) {
            throw c.error("start, limit and delta must share one type, got " + t.displayName() + ", "
                    + limit.type().displayName() + ", " + delta.type().displayName());
        }
        for (Tensor x : new Tensor[] {start, limit, delta}) {
            if (x.size() != 1) {
                throw c.error("start, limit and delta must be scalars");
            }
        }
        if (Data.integral(t)) {
            long s = start.getLong(0);
            long l = limit.getLong(0);
            long d = delta.getLong(0);
            if (d == 0) {
                throw c.error("delta must not be zero");
            }
            long diff = l - s;
            long n = Math.max(0, diff / d + (diff % d != 0 && (diff > 0) == (d > 0) ? 1 : 0));
            int count = Data.count(c, new long[] {n}, t);
            long[] v = new long[count];
            for (int i = 0; i < count; i++) {
                v[i] = s + i * d;
            }
            c.output(0, Tensors.fromLongs(t, new long[] {count}, v));
            return;
        }
        double s = start.getDouble(0);
        double l = limit.getDouble(0);
        double d = delta.getDouble(0);
        if (d == 0 || Double.isNaN(d)) {
            throw c.error("delta must be a non-zero number, got " + d);
        }
        double steps = Math.ceil((l - s) / d);
        if (Double.isNaN(steps) || Double.isInfinite(steps)) {
            throw c.error("range from " + s + " to " + l + " by " + d + " has no finite length");
        }
        long n = (long) Math.max(0, steps);
        int count = Data.count(c, new long[] {n}, t);
        double[] v = new double[count];
        boolean half = t == DataType.FLOAT16 || t == DataType.BFLOAT16;
        if (half && !stashFloat) {
            double x = s;
            for (int i = 0; i < count; i++) {
                v[i] = x;
                x = Tensors.fromDoubles(t, new long[] {1}, new double[] {x + d}).getDouble(0);
            }
        } else {
            // numpy's arange: the second value is start + delta, the rest start + i * (second - start).
            if (t == DataType.DOUBLE) {
                double step = (s + d) - s;
                for (int i = 0; i < count; i++) {
                    v[i] = i == 1 ? s + d : s + i * step;
                }
            } else {
                float fs = (float) s;
                float f1 = fs + (float) d;
                float step = f1 - fs;
                for (int i = 0; i < count; i++) {
                    v[i] = i == 1 ? f1 : fs + i * step;
                }
            }
        }
        c.output(0, Tensors.fromDoubles(t, new long[] {count}, v));
    }
}
