package dev.modelx.graph;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The packed little-endian encoding of tensor elements (ONNX raw_data): fixed-width types element after
 * element, 4-bit types two per byte and 2-bit types four per byte, first element in the lowest bits.
 */
final class TensorCodec {

    private TensorCodec() {
    }

    static Object decode(DataType type, long count, ByteBuffer in) {
        int n = (int) count;
        switch (type) {
            case FLOAT: {
                float[] a = new float[n];
                in.asFloatBuffer().get(a);
                return a;
            }
            case COMPLEX64: {
                float[] a = new float[2 * n];
                in.asFloatBuffer().get(a);
                return a;
            }
            case DOUBLE: {
                double[] a = new double[n];
                in.asDoubleBuffer().get(a);
                return a;
            }
            case COMPLEX128: {
                double[] a = new double[2 * n];
                in.asDoubleBuffer().get(a);
                return a;
            }
            case INT64:
            case UINT64: {
                long[] a = new long[n];
                in.asLongBuffer().get(a);
                return a;
            }
            case INT32:
            case UINT32: {
                int[] a = new int[n];
                in.asIntBuffer().get(a);
                return a;
            }
            case INT16:
            case UINT16:
            case FLOAT16:
            case BFLOAT16: {
                short[] a = new short[n];
                in.asShortBuffer().get(a);
                return a;
            }
            case UINT4:
            case INT4:
            case FLOAT4E2M1:
                return unpack(in, n, 4, type == DataType.INT4);
            case UINT2:
            case INT2:
                return unpack(in, n, 2, type == DataType.INT2);
            case BOOL: {
                byte[] a = new byte[n];
                in.get(a);
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) (a[i] != 0 ? 1 : 0);
                }
                return a;
            }
            default: {
                if (!type.isByteStored()) {
                    throw new IllegalArgumentException("No packed encoding for " + type.displayName());
                }
                byte[] a = new byte[n];
                in.get(a);
                return a;
            }
        }
    }

    static ByteBuffer encode(DataType type, long count, Object array) {
        int n = (int) count;
        ByteBuffer out = ByteBuffer.allocate((int) type.byteSize(count)).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case FLOAT, COMPLEX64 -> out.asFloatBuffer().put((float[]) array);
            case DOUBLE, COMPLEX128 -> out.asDoubleBuffer().put((double[]) array);
            case INT64, UINT64 -> out.asLongBuffer().put((long[]) array);
            case INT32, UINT32 -> out.asIntBuffer().put((int[]) array);
            case INT16, UINT16, FLOAT16, BFLOAT16 -> out.asShortBuffer().put((short[]) array);
            case UINT4, INT4, FLOAT4E2M1 -> pack(out, (byte[]) array, n, 4);
            case UINT2, INT2 -> pack(out, (byte[]) array, n, 2);
            default -> out.put((byte[]) array);
        }
        out.clear();
        return out;
    }

    private static byte[] unpack(ByteBuffer in, int n, int bits, boolean signed) {
        byte[] a = new byte[n];
        int perByte = 8 / bits;
        int mask = (1 << bits) - 1;
        for (int i = 0; i < n; i++) {
            int b = in.get(in.position() + i / perByte) & 0xff;
            int v = (b >>> ((i % perByte) * bits)) & mask;
            if (signed && (v & (1 << (bits - 1))) != 0) {
                v -= 1 << bits;
            }
            a[i] = (byte) v;
        }
        return a;
    }

    private static void pack(ByteBuffer out, byte[] a, int n, int bits) {
        int perByte = 8 / bits;
        int mask = (1 << bits) - 1;
        for (int i = 0; i < n; i++) {
            int at = i / perByte;
            int cur = out.get(at) & 0xff;
            cur |= (a[i] & mask) << ((i % perByte) * bits);
            out.put(at, (byte) cur);
        }
    }
}
