package dev.modelx.passes.opset;

import dev.modelx.graph.DataType;
import dev.modelx.graph.FloatFormats;
import dev.modelx.graph.Tensor;

/** Small constant tensors of a given element type. */
final class Consts {

    private Consts() {
    }

    static Tensor scalar(DataType type, double v) {
        return filled(type, new long[0], v);
    }

    static Tensor vector(DataType type, double... values) {
        return of(type, new long[]{values.length}, values);
    }

    static Tensor filled(DataType type, long[] shape, double v) {
        int n = (int) Tensor.elementCount(shape);
        double[] values = new double[n];
        java.util.Arrays.fill(values, v);
        return of(type, shape, values);
    }

    /** A tensor of {@code type} holding {@code values} converted (rounded for the narrow float types). */
    static Tensor of(DataType type, long[] shape, double[] values) {
        int n = values.length;
        Object data = switch (type) {
            case FLOAT -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (float) values[i];
                }
                yield a;
            }
            case DOUBLE -> values.clone();
            case FLOAT16, BFLOAT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = type == DataType.FLOAT16 ? FloatFormats.floatToHalf((float) values[i])
                            : FloatFormats.floatToBfloat16((float) values[i]);
                }
                yield a;
            }
            case INT64, UINT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (long) values[i];
                }
                yield a;
            }
            case INT32, UINT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (int) (long) values[i];
                }
                yield a;
            }
            case INT16, UINT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) (long) values[i];
                }
                yield a;
            }
            case INT8, UINT8, BOOL -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = type == DataType.BOOL ? (byte) (values[i] != 0 ? 1 : 0) : (byte) (long) values[i];
                }
                yield a;
            }
            default -> throw new IllegalArgumentException("No constant of type " + type.displayName());
        };
        return Tensor.of(type, shape, data);
    }

    /** True when {@link #of} can build a tensor of {@code type}. */
    static boolean supported(DataType type) {
        return switch (type) {
            case FLOAT, DOUBLE, FLOAT16, BFLOAT16, INT64, UINT64, INT32, UINT32, INT16, UINT16, INT8, UINT8, BOOL -> true;
            default -> false;
        };
    }
}
