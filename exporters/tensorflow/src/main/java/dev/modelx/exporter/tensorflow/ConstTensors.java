package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Export-time arithmetic on constant tensors (layout changes of weights, small index vectors). */
final class ConstTensors {

    private ConstTensors() {
    }

    /** {@code t} transposed by {@code perm} (any element type). */
    static Tensor transpose(Tensor t, int[] perm) {
        long[] shape = t.shape();
        long[] outShape = Perms.apply(perm, shape);
        int n = (int) t.size();
        int r = shape.length;
        long[] inStrides = strides(shape);
        long[] outStrides = strides(outShape);
        int[] srcIndex = new int[n];
        for (int o = 0; o < n; o++) {
            long rem = o;
            long src = 0;
            for (int i = 0; i < r; i++) {
                long c = outStrides[i] == 0 ? 0 : rem / outStrides[i];
                rem -= c * outStrides[i];
                src += c * inStrides[perm[i]];
            }
            srcIndex[o] = (int) src;
        }
        if (t.type() == DataType.STRING) {
            String[] in = t.strings();
            String[] out = new String[n];
            for (int o = 0; o < n; o++) {
                out[o] = in[srcIndex[o]];
            }
            return Tensor.ofStrings(outShape, out);
        }
        if (t.type().bits() % 8 != 0) {
            throw new IllegalArgumentException("cannot transpose a " + t.type().displayName() + " constant");
        }
        int es = t.type().bits() / 8;
        ByteBuffer in = t.packedBytes();
        ByteBuffer out = ByteBuffer.allocate(n * es).order(ByteOrder.LITTLE_ENDIAN);
        for (int o = 0; o < n; o++) {
            int base = srcIndex[o] * es;
            for (int b = 0; b < es; b++) {
                out.put(in.get(base + b));
            }
        }
        out.flip();
        return Tensor.fromPacked(t.type(), outShape, out);
    }

    static long[] strides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** A scalar of {@code type} holding {@code v}. */
    static Tensor scalar(DataType type, double v) {
        return filled(type, new long[0], v);
    }

    static Tensor filled(DataType type, long[] shape, double v) {
        int n = (int) Tensor.elementCount(shape);
        return switch (type) {
            case FLOAT -> {
                float[] a = new float[n];
                java.util.Arrays.fill(a, (float) v);
                yield Tensor.of(type, shape, a);
            }
            case DOUBLE -> {
                double[] a = new double[n];
                java.util.Arrays.fill(a, v);
                yield Tensor.of(type, shape, a);
            }
            case INT64, UINT64 -> {
                long[] a = new long[n];
                java.util.Arrays.fill(a, (long) v);
                yield Tensor.of(type, shape, a);
            }
            case INT32, UINT32 -> {
                int[] a = new int[n];
                java.util.Arrays.fill(a, (int) v);
                yield Tensor.of(type, shape, a);
            }
            case INT16, UINT16 -> {
                short[] a = new short[n];
                java.util.Arrays.fill(a, (short) v);
                yield Tensor.of(type, shape, a);
            }
            case FLOAT16 -> {
                short[] a = new short[n];
                java.util.Arrays.fill(a, dev.modelx.graph.FloatFormats.floatToHalf((float) v));
                yield Tensor.of(type, shape, a);
            }
            case BFLOAT16 -> {
                short[] a = new short[n];
                java.util.Arrays.fill(a, dev.modelx.graph.FloatFormats.floatToBfloat16((float) v));
                yield Tensor.of(type, shape, a);
            }
            case INT8, UINT8, BOOL -> {
                byte[] a = new byte[n];
                java.util.Arrays.fill(a, (byte) (type == DataType.BOOL ? (v != 0 ? 1 : 0) : (long) v));
                yield Tensor.of(type, shape, a);
            }
            default -> throw new IllegalArgumentException("no " + type.displayName() + " constants");
        };
    }

    static Tensor longs(long... v) {
        return Tensor.ofLongs(new long[]{v.length}, v);
    }

    static Tensor ints(int... v) {
        return Tensor.ofInts(new long[]{v.length}, v);
    }

    /** The values of an integer constant as longs, or null when {@code v} is not a constant. */
    static long[] longValues(Val v) {
        if (v == null || !v.isConstant()) {
            return null;
        }
        Tensor t = v.constant();
        long[] out = new long[(int) t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getLong(i);
        }
        return out;
    }

    static double[] doubleValues(Val v) {
        if (v == null || !v.isConstant()) {
            return null;
        }
        return v.constant().toDoubleArray();
    }

    /** Elements [from, from+count) of the last axis (any fixed-width element type). */
    static Tensor sliceLast(Tensor t, long from, long count) {
        long[] s = t.shape();
        int es = byteWidth(t);
        long last = s[s.length - 1];
        long outer = t.size() / last;
        ByteBuffer in = t.packedBytes();
        ByteBuffer out = ByteBuffer.allocate((int) (outer * count * es)).order(ByteOrder.LITTLE_ENDIAN);
        for (long o = 0; o < outer; o++) {
            for (long b = (o * last + from) * es; b < (o * last + from + count) * es; b++) {
                out.put(in.get((int) b));
            }
        }
        out.flip();
        long[] ns = s.clone();
        ns[ns.length - 1] = count;
        return Tensor.fromPacked(t.type(), ns, out);
    }

    /**
     * {@code t} with {@code d - 1} zeros inserted between neighbours along {@code axis}: a kernel of size k
     * becomes one of size (k - 1) * d + 1 that computes the same dilated convolution with dilation 1.
     */
    static Tensor dilate(Tensor t, int axis, long d) {
        long[] s = t.shape();
        int es = byteWidth(t);
        long k = s[axis];
        long nk = (k - 1) * d + 1;
        long outer = Tensor.elementCount(java.util.Arrays.copyOfRange(s, 0, axis));
        long inner = Tensor.elementCount(java.util.Arrays.copyOfRange(s, axis + 1, s.length)) * es;
        ByteBuffer in = t.packedBytes();
        byte[] out = new byte[(int) (outer * nk * inner)];
        for (long o = 0; o < outer; o++) {
            for (long i = 0; i < k; i++) {
                long src = (o * k + i) * inner;
                long dst = (o * nk + i * d) * inner;
                for (long b = 0; b < inner; b++) {
                    out[(int) (dst + b)] = in.get((int) (src + b));
                }
            }
        }
        long[] ns = s.clone();
        ns[axis] = nk;
        return Tensor.fromPacked(t.type(), ns, ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN));
    }

    private static int byteWidth(Tensor t) {
        if (t.type() == DataType.STRING || t.type().bits() % 8 != 0) {
            throw new IllegalArgumentException("cannot re-lay out a " + t.type().displayName() + " constant");
        }
        return t.type().bits() / 8;
    }
}
