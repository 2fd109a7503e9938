package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;

import java.util.Arrays;

/** Gather, GatherElements and GatherND (batch_dims from op set 12); negative indices count from the end. */
final class Gather {

    private Gather() {
    }

    static void gather(OpContext c) {
        Tensor x = c.input(0);
        Tensor indices = c.input(1);
        long[] s = x.shape();
        if (s.length == 0) {
            throw c.error("data must have rank >= 1");
        }
        int a = Shapes.axis(c, c.attrLong("axis", 0), s.length);
        long[] ind = Data.ints(c, indices, "indices");
        long[] is = indices.shape();
        long[] out = new long[s.length - 1 + is.length];
        System.arraycopy(s, 0, out, 0, a);
        System.arraycopy(is, 0, out, a, is.length);
        System.arraycopy(s, a + 1, out, a + is.length, s.length - a - 1);
        int n = Data.count(c, out, x.type());
        long dim = s[a];
        long inner = 1;
        for (int d = a + 1; d < s.length; d++) {
            inner *= s[d];
        }
        for (int k = 0; k < ind.length; k++) {
            ind[k] = index(c, ind[k], dim, a);
        }
        int[] idx = new int[n];
        int p = 0;
        long outer = n == 0 ? 0 : n / (ind.length * inner);
        for (long o = 0; o < outer; o++) {
            for (long j : ind) {
                long base = (o * dim + j) * inner;
                for (long i = 0; i < inner; i++) {
                    idx[p++] = (int) (base + i);
                }
            }
        }
        c.output(0, Data.take(x, out, idx));
    }

    static void gatherElements(OpContext c) {
        Tensor x = c.input(0);
        Tensor indices = c.input(1);
        long[] s = x.shape();
        long[] is = indices.shape();
        if (s.length == 0 || is.length != s.length) {
            throw c.error("data " + Arrays.toString(s) + " and indices " + Arrays.toString(is) + " must have the same rank >= 1");
        }
        int a = Shapes.axis(c, c.attrLong("axis", 0), s.length);
        long[] ind = Data.ints(c, indices, "indices");
        long[] strides = Data.strides(s);
        int n = ind.length;
        int[] idx = new int[n];
        long[] ix = new long[s.length];
        for (int i = 0; i < n; i++) {
            Data.unravel(i, is, ix);
            long pos = 0;
            for (int d = 0; d < s.length; d++) {
                long v = d == a ? index(c, ind[i], s[a], a) : ix[d];
                if (d != a && v >= s[d]) {
                    throw c.error("indices shape " + Arrays.toString(is) + " exceeds data shape " + Arrays.toString(s) + " outside axis " + a);
                }
                pos += v * strides[d];
            }
            idx[i] = (int) pos;
        }
        c.output(0, Data.take(x, is, idx));
    }

    static void gatherND(OpContext c) {
        Tensor x = c.input(0);
        Tensor indices = c.input(1);
        long[] s = x.shape();
        long[] is = indices.shape();
        int b = (int) c.attrLong("batch_dims", 0);
        if (is.length < 1 || s.length < 1 || b < 0 || b >= Math.min(s.length, is.length)) {
            throw c.error("batch_dims " + b + " is invalid for data " + Arrays.toString(s) + " and indices " + Arrays.toString(is));
        }
        int k = (int) is[is.length - 1];
        if (k < 1 || k > s.length - b) {
            throw c.error("index tuples of length " + k + " do not fit data " + Arrays.toString(s) + " with batch_dims " + b);
        }
        for (int d = 0; d < b; d++) {
            if (s[d] != is[d]) {
                throw c.error("batch dimension " + d + " differs: data " + Arrays.toString(s) + ", indices " + Arrays.toString(is));
            }
        }
        long[] out = new long[is.length - 1 + s.length - b - k];
        System.arraycopy(is, 0, out, 0, is.length - 1);
        System.arraycopy(s, b + k, out, is.length - 1, s.length - b - k);
        int n = Data.count(c, out, x.type());
        long slice = 1;
        for (int d = b + k; d < s.length; d++) {
            slice *= s[d];
        }
        long batch = 1;
        for (int d = 0; d < b; d++) {
            batch *= s[d];
        }
        long perBatchData = Tensor.elementCount(s) / Math.max(batch, 1);
        long[] ind = Data.ints(c, indices, "indices");
        long tuples = ind.length / k;
        long tuplesPerBatch = batch == 0 ? 0 : tuples / batch;
        long[] strides = Data.strides(s);
        int[] idx = new int[n];
        int p = 0;
        for (long t = 0; t < tuples; t++) {
            long bt = tuplesPerBatch == 0 ? 0 : t / tuplesPerBatch;
            long pos = bt * perBatchData;
            for (int j = 0; j < k; j++) {
                pos += index(c, ind[(int) (t * k + j)], s[b + j], b + j) * strides[b + j];
            }
            for (long i = 0; i < slice; i++) {
                idx[p++] = (int) (pos + i);
            }
        }
        c.output(0, Data.take(x, out, idx));
    }

    /** Maps an index in [-dim, dim) to [0, dim); an error otherwise. */
    static long index(OpContext c, long i, long dim, int axis) {
        long v = i < 0 ? i + dim : i;
        if (v < 0 || v >= dim) {
            throw c.error("index " + i + " is out of range for axis " + axis + " of size " + dim);
        }
        return v;
    }
}
