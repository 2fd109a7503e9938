package dev.modelx.importer.paddle;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/** Small tensor builders for constants of any element type. */
public final class Tensors {

    private Tensors() {
    }

    public static Tensor scalar(DataType t, double v) {
        return filled(t, new long[0], v);
    }

    public static Tensor filled(DataType t, long[] shape, double v) {
        int n = (int) Tensor.elementCount(shape);
        return switch (t) {
            case FLOAT -> {
                float[] a = new float[n];
                java.util.Arrays.fill(a, (float) v);
                yield Tensor.of(t, shape, a);
            }
            case DOUBLE -> {
                double[] a = new double[n];
                java.util.Arrays.fill(a, v);
                yield Tensor.of(t, shape, a);
            }
            case INT64, UINT64 -> {
                long[] a = new long[n];
                java.util.Arrays.fill(a, (long) v);
                yield Tensor.of(t, shape, a);
            }
            case INT32, UINT32 -> {
                int[] a = new int[n];
                java.util.Arrays.fill(a, (int) v);
                yield Tensor.of(t, shape, a);
            }
            case INT16, UINT16 -> {
                short[] a = new short[n];
                java.util.Arrays.fill(a, (short) v);
                yield Tensor.of(t, shape, a);
            }
            case FLOAT16 -> {
                short[] a = new short[n];
                java.util.Arrays.fill(a, dev.modelx.graph.FloatFormats.floatToHalf((float) v));
                yield Tensor.of(t, shape, a);
            }
            case BOOL -> {
                byte[] a = new byte[n];
                java.util.Arrays.fill(a, (byte) (v != 0 ? 1 : 0));
                yield Tensor.of(t, shape, a);
            }
            case INT8, UINT8 -> {
                byte[] a = new byte[n];
                java.util.Arrays.fill(a, (byte) v);
                yield Tensor.of(t, shape, a);
            }
            default -> throw new IllegalArgumentException("cannot build a " + t.displayName() + " constant");
        };
    }
}
