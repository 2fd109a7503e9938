package dev.modelx.runtime;

import dev.modelx.graph.DataType;
import dev.modelx.graph.SmallFloats;
import dev.modelx.graph.Tensor;

/**
 * Builds tensors of any element type from double or long working arrays, the two forms in which the
 * reference kernels compute (double for floating types, long for integers and bool).
 */
public final class Tensors {

    private Tensors() {
    }

    /** A tensor of {@code type} from double values (rounded/converted per type; integers truncate toward zero). */
    public static Tensor fromDoubles(DataType type, long[] shape, double[] v) {
        int n = v.length;
        Object a;
        switch (type) {
            case FLOAT -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) v[i];
                }
                a = f;
            }
            case DOUBLE -> a = v;
            case FLOAT16, BFLOAT16 -> {
                short[] s = new short[n];
                for (int i = 0; i < n; i++) {
                    s[i] = type == DataType.FLOAT16 ? SmallFloats.toHalf(v[i]) : SmallFloats.toBfloat16(v[i]);
                }
                a = s;
            }
            case FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0, FLOAT4E2M1 -> {
                byte[] b = new byte[n];
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) SmallFloats.encode(type, v[i], true);
                }
                a = b;
            }
            case BOOL -> {
                byte[] b = new byte[n];
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) (v[i] != 0 ? 1 : 0);
                }
                a = b;
            }
            default -> {
                long[] l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = (long) v[i];
                }
                return fromLongs(type, shape, l);
            }
        }
        return Tensor.of(type, shape, a);
    }

    /** A tensor of {@code type} from long values (wrapping to the type's width as a C cast would). */
    public static Tensor fromLongs(DataType type, long[] shape, long[] v) {
        int n = v.length;
        Object a;
        switch (type) {
            case INT64, UINT64 -> a = v;
            case INT32, UINT32 -> {
                int[] x = new int[n];
                for (int i = 0; i < n; i++) {
                    x[i] = (int) v[i];
                }
                a = x;
            }
            case INT16, UINT16 -> {
                short[] x = new short[n];
                for (int i = 0; i < n; i++) {
                    x[i] = (short) v[i];
                }
                a = x;
            }
            case INT8, UINT8 -> {
                byte[] x = new byte[n];
                for (int i = 0; i < n; i++) {
                    x[i] = (byte) v[i];
                }
                a = x;
            }
            case BOOL -> {
                byte[] x = new byte[n];
                for (int i = 0; i < n; i++) {
                    x[i] = (byte) (v[i] != 0 ? 1 : 0);
                }
                a = x;
            }
            case INT4, UINT4, INT2, UINT2 -> {
                int bits = type.bits();
                byte[] x = new byte[n];
                for (int i = 0; i < n; i++) {
                    long m = v[i] & ((1L << bits) - 1);
                    if (!type.isUnsigned() && (m & (1L << (bits - 1))) != 0) {
                        m -= 1L << bits;
                    }
                    x[i] = (byte) m;
                }
                a = x;
            }
            default -> {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = type == DataType.UINT64 ? Double.parseDouble(Long.toUnsignedString(v[i])) : v[i];
                }
                return fromDoubles(type, shape, d);
            }
        }
        return Tensor.of(type, shape, a);
    }

    /** The elements of any real numeric tensor as doubles (a fresh array). */
    public static double[] doubles(Tensor t) {
        if (t.type() == DataType.DOUBLE) {
            return t.doubles().clone();
        }
        return t.toDoubleArray();
    }

    /** The elements of any integer/bool tensor as longs (a fresh array). */
    public static long[] longs(Tensor t) {
        return t.toLongArray();
    }
}
