package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;

import java.util.Arrays;

/**
 * Type-agnostic element movement for the shape family: most data-movement ops compute, for each output
 * element, which input element it copies ({@link #take}), which works for every element type including
 * strings and complex numbers without converting values.
 */
final class Data {

    private Data() {
    }

    /** Array slots per element: 2 for complex (interleaved re/im), else 1. */
    static int width(DataType t) {
        return t.isComplex() ? 2 : 1;
    }

    /** A fresh backing array for {@code count} elements of {@code type}, after the allocation check. */
    static Object alloc(DataType type, long count) {
        Tensor.checkAllocatable(count, type);
        return Tensor.zeros(type, count).array();
    }

    /** A tensor of {@code shape} whose element i is {@code src}'s element {@code idx[i]}. */
    static Tensor take(Tensor src, long[] shape, int[] idx) {
        return take(src, shape, idx, null);
    }

    /**
     * Like {@link #take(Tensor, long[], int[])} but an index of -1 yields element 0 of {@code fill} (a tensor
     * of the same type), or zero / the empty string when {@code fill} is null.
     */
    static Tensor take(Tensor src, long[] shape, int[] idx, Tensor fill) {
        DataType type = src.type();
        int n = idx.length;
        Object out = alloc(type, n);
        Object in = src.array();
        Object f = fill == null ? null : fill.array();
        int w = width(type);
        if (w == 1 && f == null) {
            if (in instanceof float[] a) {
                float[] o = (float[]) out;
                for (int i = 0; i < n; i++) {
                    if (idx[i] >= 0) {
                        o[i] = a[idx[i]];
                    }
                }
                return Tensor.of(type, shape, out);
            }
            if (in instanceof long[] a) {
                long[] o = (long[]) out;
                for (int i = 0; i < n; i++) {
                    if (idx[i] >= 0) {
                        o[i] = a[idx[i]];
                    }
                }
                return Tensor.of(type, shape, out);
            }
            if (in instanceof int[] a) {
                int[] o = (int[]) out;
                for (int i = 0; i < n; i++) {
                    if (idx[i] >= 0) {
                        o[i] = a[idx[i]];
                    }
                }
                return Tensor.of(type, shape, out);
            }
            if (in instanceof double[] a) {
                double[] o = (double[]) out;
                for (int i = 0; i < n; i++) {
                    if (idx[i] >= 0) {
                        o[i] = a[idx[i]];
                    }
                }
                return Tensor.of(type, shape, out);
            }
            if (in instanceof short[] a) {
                short[] o = (short[]) out;
                for (int i = 0; i < n; i++) {
                    if (idx[i] >= 0) {
                        o[i] = a[idx[i]];
                    }
                }
                return Tensor.of(type, shape, out);
            }
            if (in instanceof byte[] a) {
                byte[] o = (byte[]) out;
                for (int i = 0; i < n; i++) {
                    if (idx[i] >= 0) {
                        o[i] = a[idx[i]];
                    }
                }
                return Tensor.of(type, shape, out);
            }
        }
        for (int i = 0; i < n; i++) {
            if (idx[i] >= 0) {
                System.arraycopy(in, idx[i] * w, out, i * w, w);
            } else if (f != null) {
                System.arraycopy(f, 0, out, i * w, w);
            }
        }
        return Tensor.of(type, shape, out);
    }

    /** Row-major multi-index of flat position {@code pos}. */
    static void unravel(long pos, long[] shape, long[] into) {
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] > 0) {
                into[d] = pos % shape[d];
                pos /= shape[d];
            }
        }
    }

    /** Checks that {@code shape}'s element count can be held and returns it as an int. */
    static int count(OpContext ctx, long[] shape, DataType type) {
        long n;
        try {
            n = Tensor.elementCount(shape);
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw ctx.error("output shape " + Arrays.toString(shape) + " is invalid: " + e.getMessage());
        }
        Tensor.checkAllocatable(n, type);
        return (int) n;
    }

    /** Normalises a list of axes against {@code rank}, rejecting out-of-range and repeated ones. */
    static int[] axes(OpContext ctx, long[] axes, int rank) {
        int[] out = new int[axes.length];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < axes.length; i++) {
            long a = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (a < 0 || a >= rank) {
                throw ctx.error("axis " + axes[i] + " is out of range for rank " + rank);
            }
            if (seen[(int) a]) {
                throw ctx.error("axis " + axes[i] + " is repeated in " + Arrays.toString(axes));
            }
            seen[(int) a] = true;
            out[i] = (int) a;
        }
        return out;
    }

    /** Values of an integer tensor input (int32 or int64) as longs; an error for other element types. */
    static long[] ints(OpContext ctx, Tensor t, String what) {
        if (t.type() != DataType.INT64 && t.type() != DataType.INT32) {
            throw ctx.error(what + " must be int32 or int64, got " + t.type().displayName());
        }
        return t.toLongArray();
    }

    /** A single integer from a scalar or one-element tensor. */
    static long scalarLong(OpContext ctx, Tensor t, String what) {
        if (t.size() != 1) {
            throw ctx.error(what + " must hold exactly one value, got shape " + Arrays.toString(t.shape()));
        }
        return t.getLong(0);
    }

    /** Product of the dimensions after {@code axis}. */
    static long inner(long[] shape, int axis) {
        long n = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            n *= shape[d];
        }
        return n;
    }

    static long[] shape(Tensor t) {
        return t.shape();
    }

    static long[] strides(long[] shape) {
        return Shapes.strides(shape);
    }

    /** Compares elements i and j of a real or string tensor; NaN sorts above everything, -0 equals 0. */
    interface ElementOrder {
        int compare(int i, int j);
    }

    static ElementOrder order(OpContext ctx, Tensor t) {
        switch (t.type()) {
            case INT64 -> {
                long[] a = t.longs();
                return (i, j) -> Long.compare(a[i], a[j]);
            }
            case UINT64 -> {
                long[] a = t.longs();
                return (i, j) -> Long.compareUnsigned(a[i], a[j]);
            }
            case STRING -> {
                String[] a = t.strings();
                return (i, j) -> a[i].compareTo(a[j]);
            }
            case COMPLEX64, COMPLEX128 -> throw ctx.error("complex elements have no order");
            default -> {
                double[] a = t.toDoubleArray();
                return (i, j) -> compareDoubles(a[i], a[j]);
            }
        }
    }

    static int compareDoubles(double x, double y) {
        if (x < y) {
            return -1;
        }
        if (x > y) {
            return 1;
        }
        boolean nx = Double.isNaN(x);
        boolean ny = Double.isNaN(y);
        return nx == ny ? 0 : nx ? 1 : -1;
    }

    /** True for types whose arithmetic the family does in long (integers, bool). */
    static boolean integral(DataType t) {
        return t.isInteger() || t == DataType.BOOL;
    }
}
