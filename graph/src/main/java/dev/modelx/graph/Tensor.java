package dev.modelx.graph;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable dense tensor. Data is held compactly, never boxed, in one primitive array chosen by the
 * element type:
 * <ul>
 *   <li>FLOAT, COMPLEX64 (interleaved re/im): {@code float[]}; DOUBLE, COMPLEX128: {@code double[]}</li>
 *   <li>INT64, UINT64: {@code long[]}; INT32, UINT32: {@code int[]} (unsigned values keep their bits)</li>
 *   <li>INT16, UINT16, FLOAT16, BFLOAT16: {@code short[]} (half types as raw bits)</li>
 *   <li>INT8, UINT8, BOOL (0/1), float8 types (raw bits), 4-bit and 2-bit types: {@code byte[]},
 *       one element per byte (INT4/INT2 sign-extended, the others as their unsigned code)</li>
 *   <li>STRING: {@code String[]}</li>
 * </ul>
 * A tensor may instead be backed by a little-endian byte buffer in the packed encoding (ONNX raw_data,
 * possibly a memory-mapped file region); it is decoded into the array only on first access to the
 * elements, so inspecting or re-serialising a large model never copies its weights onto the heap.
 * Callers must not modify the arrays returned by the accessors.
 */
public final class Tensor {

    /** Largest element count a heap-held tensor may have (Java arrays are int-indexed). */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 16;

    private final DataType type;
    private final long[] shape;
    private final long size;
    private volatile Object data;
    private final ByteBuffer packed;

    private Tensor(DataType type, long[] shape, Object data, ByteBuffer packed) {
        this.type = Objects.requireNonNull(type, "type");
        if (type == DataType.UNDEFINED) {
            throw new IllegalArgumentException("Tensor element type is UNDEFINED");
        }
        this.shape = shape.clone();
        this.size = elementCount(this.shape);
        this.data = data;
        this.packed = packed;
    }

    // ---- factories ----

    /** Wraps {@code array} (not copied) as a tensor; the array's class and length must fit the type and shape. */
    public static Tensor of(DataType type, long[] shape, Object array) {
        Objects.requireNonNull(array, "array");
        Class<?> expected = arrayClass(type);
        if (array.getClass() != expected) {
            throw new IllegalArgumentException("A " + type.displayName() + " tensor is held in " + expected.getSimpleName()
                    + ", got " + array.getClass().getSimpleName());
        }
        Tensor t = new Tensor(type, shape, array, null);
        long expectedLength = type.isComplex() ? t.size * 2 : t.size;
        if (java.lang.reflect.Array.getLength(array) != expectedLength) {
            throw new IllegalArgumentException("Shape " + Arrays.toString(shape) + " of " + type.displayName() + " needs "
                    + expectedLength + " elements, got " + java.lang.reflect.Array.getLength(array));
        }
        return t;
    }

    /**
     * A tensor over the packed little-endian encoding in {@code bytes} (kept, not copied; may be mapped).
     * Its length must be exactly what the type and shape need.
     */
    public static Tensor fromPacked(DataType type, long[] shape, ByteBuffer bytes) {
        if (type == DataType.STRING) {
            throw new IllegalArgumentException("String tensors have no packed encoding");
        }
        long count = elementCount(shape);
        long need = type.byteSize(count);
        if (bytes.remaining() != need) {
            throw new IllegalArgumentException("Shape " + Arrays.toString(shape) + " of " + type.displayName() + " needs "
                    + need + " bytes, got " + bytes.remaining());
        }
        return new Tensor(type, shape, null, bytes.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }

    public static Tensor ofFloats(long[] shape, float... data) {
        return of(DataType.FLOAT, shape, data);
    }

    public static Tensor ofDoubles(long[] shape, double... data) {
        return of(DataType.DOUBLE, shape, data);
    }

    public static Tensor ofLongs(long[] shape, long... data) {
        return of(DataType.INT64, shape, data);
    }

    public static Tensor ofInts(long[] shape, int... data) {
        return of(DataType.INT32, shape, data);
    }

    public static Tensor ofBooleans(long[] shape, boolean... data) {
        byte[] b = new byte[data.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (data[i] ? 1 : 0);
        }
        return of(DataType.BOOL, shape, b);
    }

    public static Tensor ofStrings(long[] shape, String... data) {
        return of(DataType.STRING, shape, data);
    }

    public static Tensor scalar(float v) {
        return ofFloats(new long[0], v);
    }

    public static Tensor scalar(long v) {
        return ofLongs(new long[0], v);
    }

    /** A zero-filled tensor (empty strings for STRING), after checking the element count is allowed. */
    public static Tensor zeros(DataType type, long... shape) {
        long n = elementCount(shape);
        checkAllocatable(n, type);
        return new Tensor(type, shape, newArray(type, (int) (type.isComplex() ? 2 * n : n)), null);
    }

    // ---- metadata ----

    public DataType type() {
        return type;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis];
    }

    /** Number of elements (product of the shape; 1 for a scalar). */
    public long size() {
        return size;
    }

    /** Bytes in the packed encoding (UTF-8 lengths for strings). */
    public long byteSize() {
        if (type == DataType.STRING) {
            long n = 0;
            for (String s : strings()) {
                n += s.getBytes(StandardCharsets.UTF_8).length;
            }
            return n;
        }
        return type.byteSize(size);
    }

    /** True while the data sits only in its packed source (no heap array decoded yet). */
    public boolean isPackedOnly() {
        return data == null;
    }

    // ---- data access ----

    /** The backing array (see class doc for its class per type); decodes packed data on first call. */
    public Object array() {
        Object d = data;
        if (d == null) {
            synchronized (this) {
                d = data;
                if (d == null) {
                    checkAllocatable(size, type);
                    d = TensorCodec.decode(type, size, packed.duplicate().order(ByteOrder.LITTLE_ENDIAN));
                    data = d;
                }
            }
        }
        return d;
    }

    public float[] floats() {
        return (float[]) checked(float[].class);
    }

    public double[] doubles() {
        return (double[]) checked(double[].class);
    }

    public long[] longs() {
        return (long[]) checked(long[].class);
    }

    public int[] ints() {
        return (int[]) checked(int[].class);
    }

    public short[] shorts() {
        return (short[]) checked(short[].class);
    }

    public byte[] bytes() {
        return (byte[]) checked(byte[].class);
    }

    public String[] strings() {
        return (String[]) checked(String[].class);
    }

    /** The packed little-endian encoding, read-only; for a packed-backed tensor, its source without copying. */
    public ByteBuffer packedBytes() {
        if (packed != null) {
            return packed.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }
        if (type == DataType.STRING) {
            throw new IllegalStateException("String tensors have no packed encoding");
        }
        return TensorCodec.encode(type, size, array()).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Element {@code i} as a double, for any real numeric or bool type (unsigned values as unsigned). */
    public double getDouble(int i) {
        Object a = array();
        return switch (type) {
            case FLOAT -> ((float[]) a)[i];
            case DOUBLE -> ((double[]) a)[i];
            case INT64 -> ((long[]) a)[i];
            case UINT64 -> unsignedLongToDouble(((long[]) a)[i]);
            case INT32 -> ((int[]) a)[i];
            case UINT32 -> Integer.toUnsignedLong(((int[]) a)[i]);
            case INT16 -> ((short[]) a)[i];
            case UINT16 -> ((short[]) a)[i] & 0xffff;
            case FLOAT16 -> FloatFormats.halfToFloat(((short[]) a)[i]);
            case BFLOAT16 -> FloatFormats.bfloat16ToFloat(((short[]) a)[i]);
            case INT8, INT4, INT2, BOOL -> ((byte[]) a)[i];
            case UINT8, UINT4, UINT2 -> ((byte[]) a)[i] & 0xff;
            case FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0, FLOAT4E2M1 ->
                    FloatFormats.smallToFloat(type, ((byte[]) a)[i]);
            default -> throw new IllegalStateException("Cannot read a " + type.displayName() + " element as a number");
        };
    }

    /** Element {@code i} as a long, for integer and bool types (and floating types, truncated). */
    public long getLong(int i) {
        Object a = array();
        return switch (type) {
            case INT64, UINT64 -> ((long[]) a)[i];
            case INT32 -> ((int[]) a)[i];
            case UINT32 -> Integer.toUnsignedLong(((int[]) a)[i]);
            case INT16 -> ((short[]) a)[i];
            case UINT16 -> ((short[]) a)[i] & 0xffff;
            case INT8, INT4, INT2, BOOL -> ((byte[]) a)[i];
            case UINT8, UINT4, UINT2 -> ((byte[]) a)[i] & 0xff;
            default -> (long) getDouble(i);
        };
    }

    /** All elements converted to float (NaN-preserving). */
    public float[] toFloatArray() {
        if (type == DataType.FLOAT) {
            return floats().clone();
        }
        checkAllocatable(size, DataType.FLOAT);
        float[] out = new float[(int) size];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    public double[] toDoubleArray() {
        checkAllocatable(size, DataType.DOUBLE);
        double[] out = new double[(int) size];
        for (int i = 0; i < out.length; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    public long[] toLongArray() {
        if (type == DataType.INT64) {
            return longs().clone();
        }
        checkAllocatable(size, DataType.INT64);
        long[] out = new long[(int) size];
        for (int i = 0; i < out.length; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    /** Same data viewed with another shape of equal element count. */
    public Tensor reshape(long... newShape) {
        if (elementCount(newShape) != size) {
            throw new IllegalArgumentException("Cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        }
        return data != null ? new Tensor(type, newShape, data, packed) : new Tensor(type, newShape, null, packed);
    }

    // ---- helpers ----

    /** Product of {@code shape}; rejects negative dimensions and overflow of a long. */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Negative dimension " + d + " in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Throws {@link TensorTooLargeException} when {@code count} elements of {@code type} cannot be held on the heap. */
    public static void checkAllocatable(long count, DataType type) {
        long arrayLength = type.isComplex() ? count * 2 : count;
        if (count < 0 || arrayLength > MAX_ELEMENTS) {
            throw new TensorTooLargeException("A " + type.displayName() + " tensor of " + count + " elements is larger than "
                    + MAX_ELEMENTS + " elements");
        }
        long bytes = type == DataType.STRING ? arrayLength * 8 : Math.max(1, type.bits() / 8) * arrayLength;
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > available) {
            throw new TensorTooLargeException("A " + type.displayName() + " tensor of " + count + " elements needs " + bytes
                    + " bytes; only about " + available + " bytes of heap are free");
        }
    }

    static Class<?> arrayClass(DataType type) {
        return switch (type) {
            case FLOAT, COMPLEX64 -> float[].class;
            case DOUBLE, COMPLEX128 -> double[].class;
            case INT64, UINT64 -> long[].class;
            case INT32, UINT32 -> int[].class;
            case INT16, UINT16, FLOAT16, BFLOAT16 -> short[].class;
            case STRING -> String[].class;
            case UNDEFINED -> throw new IllegalArgumentException("Tensor element type is UNDEFINED");
            default -> byte[].class;
        };
    }

    static Object newArray(DataType type, int length) {
        Class<?> c = arrayClass(type);
        if (c == String[].class) {
            String[] s = new String[length];
            Arrays.fill(s, "");
            return s;
        }
        return java.lang.reflect.Array.newInstance(c.getComponentType(), length);
    }

    private Object checked(Class<?> wanted) {
        Object a = array();
        if (a.getClass() != wanted) {
            throw new IllegalStateException("A " + type.displayName() + " tensor is held in " + a.getClass().getSimpleName()
                    + ", not " + wanted.getSimpleName());
        }
        return a;
    }

    private static double unsignedLongToDouble(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1);
    }

    /** Equal when type, shape and every element's bits are equal (so NaN equals the same NaN). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tensor t) || t.type != type || !Arrays.equals(shape, t.shape)) {
            return false;
        }
        if (type == DataType.STRING) {
            return Arrays.equals(strings(), t.strings());
        }
        return packedBytes().equals(t.packedBytes());
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(shape), size);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type.displayName()).append(Arrays.toString(shape));
        if (size <= 8 && !isPackedOnly() || size <= 8 && type != DataType.STRING) {
            sb.append(" {");
            for (int i = 0; i < size; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(type == DataType.STRING ? "\"" + strings()[i] + "\"" : type.isComplex() ? "c" : formatElement(i));
            }
            sb.append('}');
        }
        return sb.toString();
    }

    private String formatElement(int i) {
        return type.isFloatingPoint() ? Double.toString(getDouble(i)) : Long.toString(getLong(i));
    }
}
