package dev.modelx.runtime;

import java.util.Arrays;

/** Shape arithmetic shared by kernels: strides, axis normalisation, multidirectional broadcasting. */
public final class Shapes {

    private Shapes() {
    }

    /** Row-major strides in elements. */
    public static long[] strides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    public static long size(long[] shape) {
        return dev.modelx.graph.Tensor.elementCount(shape);
    }

    /** Maps a possibly negative axis into [0, rank); an error naming the node when out of range. */
    public static int axis(OpContext ctx, long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.max(rank, 1) && !(rank == 0 && a == 0)) {
            throw ctx.error("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    /** The numpy-style broadcast of several shapes; an error naming the shapes when they do not broadcast. */
    public static long[] broadcast(OpContext ctx, long[]... shapes) {
        int rank = 0;
        for (long[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        long[] out = new long[rank];
        Arrays.fill(out, 1);
        for (long[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = rank - s.length + i;
                long d = s[i];
                if (out[o] == 1) {
                    out[o] = d;
                } else if (d != 1 && d != out[o]) {
                    StringBuilder sb = new StringBuilder();
                    for (long[] x : shapes) {
                        sb.append(sb.length() == 0 ? "" : " and ").append(Arrays.toString(x));
                    }
                    String msg = "shapes " + sb + " do not broadcast";
                    throw ctx != null ? ctx.error(msg) : new KernelException(msg);
                }
            }
        }
        return out;
    }

    /**
     * For each element of {@code outShape}, the index of the element of a tensor of shape {@code inShape}
     * that broadcasts to it (dimensions of size 1 repeat).
     */
    public static int[] broadcastIndex(long[] inShape, long[] outShape) {
        int n = (int) size(outShape);
        int[] idx = new int[n];
        int rank = outShape.length;
        long[] inStrides = new long[rank];
        long[] s = strides(inShape);
        for (int i = 0; i < inShape.length; i++) {
            int o = rank - inShape.length + i;
            inStrides[o] = inShape[i] == 1 ? 0 : s[i];
        }
        if (Arrays.equals(inShape, outShape)) {
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            return idx;
        }
        int[] counter = new int[rank];
        long pos = 0;
        for (int i = 0; i < n; i++) {
            idx[i] = (int) pos;
            for (int d = rank - 1; d >= 0; d--) {
                counter[d]++;
                pos += inStrides[d];
                if (counter[d] < outShape[d]) {
                    break;
                }
                pos -= inStrides[d] * counter[d];
                counter[d] = 0;
            }
        }
        return idx;
    }

    /** Converts an int64 shape tensor's values to dims, rejecting negatives. */
    public static long[] fromTensor(OpContext ctx, dev.modelx.graph.Tensor t) {
        long[] v = t.toLongArray();
        for (long d : v) {
            if (d < 0) {
                throw ctx.error("negative dimension " + d + " in shape " + Arrays.toString(v));
            }
        }
        return v;
    }
}
