package dev.modelx.runtime.kernels.attention;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

/**
 * A (batch, heads, sequence, head_size) view of Q, K or V held as doubles in that row-major order.
 * 3-D inputs (batch, sequence, heads * head_size) are split into heads on construction.
 */
record Heads(double[] data, int batch, int heads, int seq, int size) {

    int at(int b, int h, int s) {
        return ((b * heads + h) * seq + s) * size;
    }

    /** Reads a 4-D tensor as is, or splits a 3-D one into {@code numHeads} heads. */
    static Heads of(OpContext ctx, Tensor t, String name, long numHeads) {
        long[] sh = t.shape();
        double[] src = Tensors.doubles(t);
        if (t.rank() == 4) {
            return new Heads(src, (int) sh[0], (int) sh[1], (int) sh[2], (int) sh[3]);
        }
        if (numHeads <= 0) {
            throw ctx.error(name + " is 3-D " + OpContext.shape(sh)
                    + ", so the q_num_heads and kv_num_heads attributes (> 0) are required");
        }
        if (sh[2] % numHeads != 0) {
            throw ctx.error(name + " hidden size " + sh[2] + " is not a multiple of its number of heads " + numHeads);
        }
        int b = (int) sh[0];
        int s = (int) sh[1];
        int h = (int) numHeads;
        int d = (int) (sh[2] / numHeads);
        double[] out = new double[src.length];
        for (int bi = 0; bi < b; bi++) {
            for (int si = 0; si < s; si++) {
                for (int hi = 0; hi < h; hi++) {
                    System.arraycopy(src, ((bi * s + si) * h + hi) * d, out, ((bi * h + hi) * s + si) * d, d);
                }
            }
        }
        return new Heads(out, b, h, s, d);
    }

    /** This view with {@code past} (same batch, heads and size) prepended along the sequence axis. */
    Heads prepend(Heads past) {
        int total = past.seq + seq;
        double[] out = new double[batch * heads * total * size];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                int dst = ((b * heads + h) * total) * size;
                System.arraycopy(past.data, past.at(b, h, 0), out, dst, past.seq * size);
                System.arraycopy(data, at(b, h, 0), out, dst + past.seq * size, seq * size);
            }
        }
        return new Heads(out, batch, heads, total, size);
    }

    /** As a 4-D tensor (batch, heads, seq, size) of {@code type}. */
    Tensor toTensor4(DataType type) {
        return Tensors.fromDoubles(type, new long[] {batch, heads, seq, size}, data);
    }

    /** Merged back to 3-D (batch, seq, heads * size) of {@code type}. */
    Tensor toTensor3(DataType type) {
        double[] out = new double[data.length];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < seq; s++) {
                for (int h = 0; h < heads; h++) {
                    System.arraycopy(data, at(b, h, s), out, ((b * seq + s) * heads + h) * size, size);
                }
            }
        }
        return Tensors.fromDoubles(type, new long[] {batch, seq, (long) heads * size}, out);
    }
}
