package dev.modelx.graph;

/**
 * Element types of tensors, numbered as in ONNX's TensorProto.DataType (the codes are the wire values
 * every importer and exporter maps to). {@link #bits()} is the storage width of one element in the
 * packed little-endian encoding; 4-bit and 2-bit types pack several elements per byte.
 */
public enum DataType {
    UNDEFINED(0, 0),
    FLOAT(1, 32),
    UINT8(2, 8),
    INT8(3, 8),
    UINT16(4, 16),
    INT16(5, 16),
    INT32(6, 32),
    INT64(7, 64),
    STRING(8, 0),
    BOOL(9, 8),
    FLOAT16(10, 16),
    DOUBLE(11, 64),
    UINT32(12, 32),
    UINT64(13, 64),
    COMPLEX64(14, 64),
    COMPLEX128(15, 128),
    BFLOAT16(16, 16),
    FLOAT8E4M3FN(17, 8),
    FLOAT8E4M3FNUZ(18, 8),
    FLOAT8E5M2(19, 8),
    FLOAT8E5M2FNUZ(20, 8),
    UINT4(21, 4),
    INT4(22, 4),
    FLOAT4E2M1(23, 4),
    FLOAT8E8M0(24, 8),
    UINT2(25, 2),
    INT2(26, 2);

    private static final DataType[] BY_CODE = new DataType[27];

    static {
        for (DataType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final int bits;

    DataType(int code, int bits) {
        this.code = code;
        this.bits = bits;
    }

    /** The ONNX TensorProto.DataType code. */
    public int code() {
        return code;
    }

    /** Bits per element in the packed encoding; 0 for STRING and UNDEFINED. */
    public int bits() {
        return bits;
    }

    /** Looks up a type by its ONNX code; throws with the offending value when there is none. */
    public static DataType fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length || BY_CODE[code] == null) {
            throw new IllegalArgumentException("Unsupported tensor data type '" + code + "'");
        }
        return BY_CODE[code];
    }

    /** Accepts the enum name in any case, e.g. "float", "FLOAT16", "int64". */
    public static DataType fromName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unsupported tensor data type '" + name + "'");
        }
    }

    /** Bytes needed to hold {@code count} elements in the packed encoding. */
    public long byteSize(long count) {
        return (count * bits + 7) / 8;
    }

    public boolean isFloatingPoint() {
        return switch (this) {
            case FLOAT, DOUBLE, FLOAT16, BFLOAT16, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ,
                 FLOAT4E2M1, FLOAT8E8M0 -> true;
            default -> false;
        };
    }

    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, INT32, INT64, UINT32, UINT64, UINT4, INT4, UINT2, INT2 -> true;
            default -> false;
        };
    }

    public boolean isUnsigned() {
        return switch (this) {
            case UINT8, UINT16, UINT32, UINT64, UINT4, UINT2 -> true;
            default -> false;
        };
    }

    public boolean isComplex() {
        return this == COMPLEX64 || this == COMPLEX128;
    }

    /** Types held in memory as one byte per element (sub-byte types unpacked). */
    public boolean isByteStored() {
        return switch (this) {
            case UINT8, INT8, BOOL, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0,
                 UINT4, INT4, FLOAT4E2M1, UINT2, INT2 -> true;
            default -> false;
        };
    }

    /** Lower-case name as used on the command line and in reports, e.g. "float16". */
    public String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
