package dev.modelx.format.tflite;

import dev.modelx.graph.DataType;

/** The schema's TensorType codes and their graph-model element types. */
public final class TensorType {

    private static final String[] NAMES = {"FLOAT32", "FLOAT16", "INT32", "UINT8", "INT64", "STRING", "BOOL", "INT16",
        "COMPLEX64", "INT8", "FLOAT64", "COMPLEX128", "UINT64", "RESOURCE", "VARIANT", "UINT32", "UINT16", "INT4",
        "BFLOAT16", "INT2", "UINT4", "FLOAT8_E4M3FN", "FLOAT8_E5M2"};

    private static final DataType[] TYPES = {DataType.FLOAT, DataType.FLOAT16, DataType.INT32, DataType.UINT8,
        DataType.INT64, DataType.STRING, DataType.BOOL, DataType.INT16, DataType.COMPLEX64, DataType.INT8,
        DataType.DOUBLE, DataType.COMPLEX128, DataType.UINT64, null, null, DataType.UINT32, DataType.UINT16,
        DataType.INT4, DataType.BFLOAT16, DataType.INT2, DataType.UINT4, DataType.FLOAT8E4M3FN, DataType.FLOAT8E5M2};

    public static final int FLOAT32 = 0;
    public static final int INT32 = 2;
    public static final int INT64 = 4;
    public static final int STRING = 5;

    private TensorType() {
    }

    public static String name(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : "TensorType(" + code + ")";
    }

    /** The element type of {@code code}; a {@link TfLiteFormatException} for RESOURCE, VARIANT and unknown codes. */
    public static DataType toDataType(int code) {
        DataType t = code >= 0 && code < TYPES.length ? TYPES[code] : null;
        if (t == null) {
            throw new TfLiteFormatException("tensor type " + name(code) + " has no graph-model equivalent");
        }
        return t;
    }
}
