package dev.modelx.format.tensorflow;

import dev.modelx.graph.DataType;
import java.util.Optional;

/** TensorFlow's DataType enum numbers and the common model's element types. */
public final class TfDataTypes {

    private TfDataTypes() {
    }

    /** The element type of TF type {@code code} (reference types, code + 100, count as their value type). */
    public static Optional<DataType> toDataType(int code) {
        int c = code > 100 ? code - 100 : code;
        DataType t = switch (c) {
            case 1 -> DataType.FLOAT;
            case 2 -> DataType.DOUBLE;
            case 3 -> DataType.INT32;
            case 4 -> DataType.UINT8;
            case 5 -> DataType.INT16;
            case 6 -> DataType.INT8;
            case 7 -> DataType.STRING;
            case 8 -> DataType.COMPLEX64;
            case 9 -> DataType.INT64;
            case 10 -> DataType.BOOL;
            case 11 -> DataType.INT8;      // qint8
            case 12 -> DataType.UINT8;     // quint8
            case 13 -> DataType.INT32;     // qint32
            case 14 -> DataType.BFLOAT16;
            case 15 -> DataType.INT16;     // qint16
            case 16 -> DataType.UINT16;    // quint16
            case 17 -> DataType.UINT16;
            case 18 -> DataType.COMPLEX128;
            case 19 -> DataType.FLOAT16;
            case 22 -> DataType.UINT32;
            case 23 -> DataType.UINT64;
            case 24 -> DataType.FLOAT8E5M2;
            case 25 -> DataType.FLOAT8E4M3FN;
            case 26 -> DataType.FLOAT8E4M3FNUZ;
            case 28 -> DataType.FLOAT8E5M2FNUZ;
            case 29 -> DataType.INT4;
            case 30 -> DataType.UINT4;
            case 31 -> DataType.INT2;
            case 32 -> DataType.UINT2;
            default -> null;
        };
        return Optional.ofNullable(t);
    }

    /** The TF type code of {@code t}, for writers. */
    public static int toTf(DataType t) {
        return switch (t) {
            case FLOAT -> 1;
            case DOUBLE -> 2;
            case INT32 -> 3;
            case UINT8 -> 4;
            case INT16 -> 5;
            case INT8 -> 6;
            case STRING -> 7;
            case COMPLEX64 -> 8;
            case INT64 -> 9;
            case BOOL -> 10;
            case BFLOAT16 -> 14;
            case UINT16 -> 17;
            case COMPLEX128 -> 18;
            case FLOAT16 -> 19;
            case UINT32 -> 22;
            case UINT64 -> 23;
            case FLOAT8E5M2 -> 24;
            case FLOAT8E4M3FN -> 25;
            case FLOAT8E4M3FNUZ -> 26;
            case FLOAT8E5M2FNUZ -> 28;
            case INT4 -> 29;
            case UINT4 -> 30;
            case INT2 -> 31;
            case UINT2 -> 32;
            default -> throw new IllegalArgumentException("TensorFlow has no " + t.displayName() + " type");
        };
    }

    /** A readable name for messages: "DT_FLOAT", or the number when unknown. */
    public static String name(int code) {
        dev.modelx.format.tensorflow.proto.DataType d = dev.modelx.format.tensorflow.proto.DataType.forNumber(code);
        return d == null ? "DataType(" + code + ")" : d.name();
    }
}
