package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * Scatter (deprecated), ScatterElements and ScatterND (reduction none/add/mul from op set 16, max/min from
 * 18), and TensorScatter (op set 24, KV-cache writes).
 */
final class Scatter {

    private Scatter() {
    }

    static void elements(OpContext c) {
        Tensor x = c.input(0);
        Tensor indices = c.input(1);
        Tensor updates = c.input(2);
        long[] s = x.shape();
        long[] is = indices.shape();
        if (!Arrays.equals(is, updates.shape())) {
            throw c.error("indices " + Arrays.toString(is) + " and updates " + Arrays.toString(updates.shape()) + " differ in shape");
        }
        if (s.length == 0 || is.length != s.length) {
            throw c.error("data " + Arrays.toString(s) + " and indices " + Arrays.toString(is) + " must have the same rank >= 1");
        }
        checkType(c, x, updates);
        int a = Shapes.axis(c, c.attrLong("axis", 0), s.length);
        long[] ind = Data.ints(c, indices, "indices");
        long[] strides = Data.strides(s);
        int[] target = new int[ind.length];
        long[] ix = new long[s.length];
        for (int i = 0; i < ind.length; i++) {
            Data.unravel(i, is, ix);
            long pos = 0;
            for (int d = 0; d < s.length; d++) {
                long v = d == a ? Gather.index(c, ind[i], s[a], a) : ix[d];
                if (d != a && v >= s[d]) {
                    throw c.error("indices shape " + Arrays.toString(is) + " exceeds data shape " + Arrays.toString(s) + " outside axis " + a);
                }
                pos += v * strides[d];
            }
            target[i] = (int) pos;
        }
        c.output(0, apply(c, x, updates, target, 1, c.attrString("reduction", "none")));
    }

    static void nd(OpContext c) {
        Tensor x = c.input(0);
        Tensor indices = c.input(1);
        Tensor updates = c.input(2);
        long[] s = x.shape();
        long[] is = indices.shape();
        checkType(c, x, updates);
        if (is.length < 1) {
            throw c.error("indices must have rank >= 1");
        }
        int k = (int) is[is.length - 1];
        if (k > s.length) {
            throw c.error("index tuples of length " + k + " exceed the rank of data " + Arrays.toString(s));
        }
        long[] expected = new long[is.length - 1 + s.length - k];
        System.arraycopy(is, 0, expected, 0, is.length - 1);
        System.arraycopy(s, k, expected, is.length - 1, s.length - k);
        if (!Arrays.equals(expected, updates.shape())) {
            throw c.error("updates shape " + Arrays.toString(updates.shape()) + " should be " + Arrays.toString(expected));
        }
        long[] ind = Data.ints(c, indices, "indices");
        long slice = 1;
        for (int d = k; d < s.length; d++) {
            slice *= s[d];
        }
        long[] strides = Data.strides(s);
        int tuples = (int) Tensor.elementCount(Arrays.copyOf(is, is.length - 1));
        int[] target = new int[tuples];
        for (int t = 0; t < tuples; t++) {
            long pos = 0;
            for (int j = 0; j < k; j++) {
                pos += Gather.index(c, ind[t * k + j], s[j], j) * strides[j];
            }
            target[t] = (int) pos;
        }
        c.output(0, apply(c, x, updates, target, (int) slice, c.attrString("reduction", "none")));
    }

    static void tensorScatter(OpContext c) {
        Tensor past = c.input(0);
        Tensor update = c.input(1);
        Tensor wi = c.optionalInput(2);
        long[] s = past.shape();
        long[] us = update.shape();
        checkType(c, past, update);
        if (s.length < 2 || us.length != s.length) {
            throw c.error("past_cache " + Arrays.toString(s) + " and update " + Arrays.toString(us) + " must have the same rank >= 2");
        }
        int a = Shapes.axis(c, c.attrLong("axis", -2), s.length);
        if (a == 0) {
            throw c.error("axis must not be the batch axis 0");
        }
        for (int d = 0; d < s.length; d++) {
            if (d != a && s[d] != us[d] || d == a && us[d] > s[d]) {
                throw c.error("update " + Arrays.toString(us) + " does not fit past_cache " + Arrays.toString(s) + " on axis " + a);
            }
        }
        String mode = c.attrString("mode", "linear");
        boolean circular = mode.equals("circular");
        if (!circular && !mode.equals("linear")) {
            throw c.error("unknown mode '" + mode + "'");
        }
        long[] w = wi == null ? new long[(int) s[0]] : Data.ints(c, wi, "write_indices");
        if (w.length != s[0]) {
            throw c.error("write_indices has " + w.length + " entries for batch size " + s[0]);
        }
        long max = s[a];
        long seq = us[a];
        long inner = 1;
        for (int d = a + 1; d < s.length; d++) {
            inner *= s[d];
        }
        long prefix = 1;
        for (int d = 0; d < a; d++) {
            prefix *= s[d];
        }
        long perBatch = prefix == 0 ? 0 : prefix / s[0];
        int wd = Data.width(past.type());
        Object out = Data.alloc(past.type(), past.size());
        System.arraycopy(past.array(), 0, out, 0, (int) past.size() * wd);
        Object up = update.array();
        for (long p = 0; p < prefix; p++) {
            long b = p / perBatch;
            for (long q = 0; q < seq; q++) {
                long t = w[(int) b] + q;
                if (circular) {
                    t = Math.floorMod(t, max);
                } else if (t < 0 || t >= max) {
                    throw c.error("write index " + t + " for batch " + b + " is outside the cache length " + max);
                }
                int src = (int) ((p * seq + q) * inner);
                int dst = (int) ((p * max + t) * inner);
                System.arraycopy(up, src * wd, out, dst * wd, (int) inner * wd);
            }
        }
        c.output(0, Tensor.of(past.type(), s, out));
    }

    private static void checkType(OpContext c, Tensor x, Tensor u) {
        if (x.type() != u.type()) {
            throw c.error("data is " + x.type().displayName() + " but updates are " + u.type().displayName());
        }
    }

    /** Writes slice j of {@code updates} (length {@code slice}) at {@code target[j]} of a copy of x, combining per reduction. */
    private static Tensor apply(OpContext c, Tensor x, Tensor updates, int[] target, int slice, String reduction) {
        long[] s = x.shape();
        if (reduction.equals("none")) {
            int w = Data.width(x.type());
            Object out = Data.alloc(x.type(), x.size());
            System.arraycopy(x.array(), 0, out, 0, (int) x.size() * w);
            Object up = updates.array();
            for (int j = 0; j < target.length; j++) {
                System.arraycopy(up, j * slice * w, out, target[j] * w, slice * w);
            }
            return Tensor.of(x.type(), s, out);
        }
        int op = switch (reduction) {
            case "add" -> 0;
            case "mul" -> 1;
            case "max" -> 2;
            case "min" -> 3;
            default -> throw c.error("unknown reduction '" + reduction + "'");
        };
        if (x.type().isComplex() || x.type() == dev.modelx.graph.DataType.STRING) {
            throw c.error("reduction '" + reduction + "' is not defined for " + x.type().displayName());
        }
        if (Data.integral(x.type())) {
            long[] d = x.toLongArray();
            long[] u = updates.toLongArray();
            for (int j = 0; j < target.length; j++) {
                for (int i = 0; i < slice; i++) {
                    int t = target[j] + i;
                    long v = u[j * slice + i];
                    d[t] = switch (op) {
                        case 0 -> d[t] + v;
                        case 1 -> d[t] * v;
                        case 2 -> Math.max(d[t], v);
                        default -> Math.min(d[t], v);
                    };
                }
            }
            return Tensors.fromLongs(x.type(), s, d);
        }
        double[] d = Tensors.doubles(x);
        double[] u = Tensors.doubles(updates);
        for (int j = 0; j < target.length; j++) {
            for (int i = 0; i < slice; i++) {
                int t = target[j] + i;
                double v = u[j * slice + i];
                d[t] = switch (op) {
                    case 0 -> d[t] + v;
                    case 1 -> d[t] * v;
                    case 2 -> Math.max(d[t], v);
                    default -> Math.min(d[t], v);
                };
            }
        }
        return Tensors.fromDoubles(x.type(), s, d);
    }
}
