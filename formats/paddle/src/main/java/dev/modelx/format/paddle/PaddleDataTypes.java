package dev.modelx.format.paddle;

import dev.modelx.format.paddle.proto.PaddleProtos.VarType;
import dev.modelx.graph.DataType;

import java.util.Locale;
import java.util.Optional;

/** Paddle element types (VarType.Type codes, PIR dtype names) to and from the graph model's types. */
public final class PaddleDataTypes {

    private PaddleDataTypes() {
    }

    /** The element type of a VarType.Type tensor code, or empty when the code is not an element type. */
    public static Optional<DataType> fromVarType(VarType.Type t) {
        return Optional.ofNullable(switch (t) {
            case BOOL -> DataType.BOOL;
            case INT16 -> DataType.INT16;
            case INT32 -> DataType.INT32;
            case INT64 -> DataType.INT64;
            case FP16 -> DataType.FLOAT16;
            case FP32 -> DataType.FLOAT;
            case FP64 -> DataType.DOUBLE;
            case SIZE_T, UINT64 -> DataType.UINT64;
            case UINT8 -> DataType.UINT8;
            case INT8 -> DataType.INT8;
            case BF16 -> DataType.BFLOAT16;
            case COMPLEX64 -> DataType.COMPLEX64;
            case COMPLEX128 -> DataType.COMPLEX128;
            case FP8_E4M3FN -> DataType.FLOAT8E4M3FN;
            case FP8_E5M2 -> DataType.FLOAT8E5M2;
            case UINT32 -> DataType.UINT32;
            default -> null;
        });
    }

    /** The element type of a raw VarType.Type number (as found in dtype attributes), or empty. */
    public static Optional<DataType> fromVarTypeCode(int code) {
        VarType.Type t = VarType.Type.forNumber(code);
        return t == null ? Optional.empty() : fromVarType(t);
    }

    public static VarType.Type toVarType(DataType t) {
        return switch (t) {
            case BOOL -> VarType.Type.BOOL;
            case INT16 -> VarType.Type.INT16;
            case INT32 -> VarType.Type.INT32;
            case INT64 -> VarType.Type.INT64;
            case FLOAT16 -> VarType.Type.FP16;
            case FLOAT -> VarType.Type.FP32;
            case DOUBLE -> VarType.Type.FP64;
            case UINT64 -> VarType.Type.UINT64;
            case UINT8 -> VarType.Type.UINT8;
            case INT8 -> VarType.Type.INT8;
            case BFLOAT16 -> VarType.Type.BF16;
            case COMPLEX64 -> VarType.Type.COMPLEX64;
            case COMPLEX128 -> VarType.Type.COMPLEX128;
            case FLOAT8E4M3FN -> VarType.Type.FP8_E4M3FN;
            case FLOAT8E5M2 -> VarType.Type.FP8_E5M2;
            case UINT32 -> VarType.Type.UINT32;
            default -> throw new IllegalArgumentException("Paddle has no tensor element type for " + t.displayName());
        };
    }

    /** PIR dtype attribute names ("float32", "int64", ...). */
    public static Optional<DataType> fromPirName(String name) {
        return Optional.ofNullable(switch (name.toLowerCase(Locale.ROOT)) {
            case "bool" -> DataType.BOOL;
            case "int8" -> DataType.INT8;
            case "uint8" -> DataType.UINT8;
            case "int16" -> DataType.INT16;
            case "uint16" -> DataType.UINT16;
            case "int32" -> DataType.INT32;
            case "uint32" -> DataType.UINT32;
            case "int64" -> DataType.INT64;
            case "uint64" -> DataType.UINT64;
            case "float16" -> DataType.FLOAT16;
            case "bfloat16" -> DataType.BFLOAT16;
            case "float32" -> DataType.FLOAT;
            case "float64" -> DataType.DOUBLE;
            case "complex64" -> DataType.COMPLEX64;
            case "complex128" -> DataType.COMPLEX128;
            case "float8_e4m3fn" -> DataType.FLOAT8E4M3FN;
            case "float8_e5m2" -> DataType.FLOAT8E5M2;
            default -> null;
        });
    }

    public static String toPirName(DataType t) {
        return switch (t) {
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            case FLOAT16 -> "float16";
            case BFLOAT16 -> "bfloat16";
            case FLOAT8E4M3FN -> "float8_e4m3fn";
            case FLOAT8E5M2 -> "float8_e5m2";
            default -> t.displayName();
        };
    }

    /** PIR builtin element type ids without the dialect prefix ("t_f32", "t_i64", ...). */
    public static Optional<DataType> fromPirTypeId(String id) {
        return Optional.ofNullable(switch (id) {
            case "t_bool" -> DataType.BOOL;
            case "t_i8" -> DataType.INT8;
            case "t_ui8" -> DataType.UINT8;
            case "t_i16" -> DataType.INT16;
            case "t_i32" -> DataType.INT32;
            case "t_i64", "t_index" -> DataType.INT64;
            case "t_f16" -> DataType.FLOAT16;
            case "t_bf16" -> DataType.BFLOAT16;
            case "t_f32" -> DataType.FLOAT;
            case "t_f64" -> DataType.DOUBLE;
            case "t_c64" -> DataType.COMPLEX64;
            case "t_c128" -> DataType.COMPLEX128;
            case "t_f8e4m3fn" -> DataType.FLOAT8E4M3FN;
            case "t_f8e5m2" -> DataType.FLOAT8E5M2;
            default -> null;
        });
    }

    public static String toPirTypeId(DataType t) {
        return switch (t) {
            case BOOL -> "t_bool";
            case INT8 -> "t_i8";
            case UINT8 -> "t_ui8";
            case INT16 -> "t_i16";
            case INT32 -> "t_i32";
            case INT64 -> "t_i64";
            case FLOAT16 -> "t_f16";
            case BFLOAT16 -> "t_bf16";
            case FLOAT -> "t_f32";
            case DOUBLE -> "t_f64";
            case COMPLEX64 -> "t_c64";
            case COMPLEX128 -> "t_c128";
            default -> throw new IllegalArgumentException("PIR has no builtin type for " + t.displayName());
        };
    }
}
