package dev.modelx.importer.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.modelx.format.onnx.ExternalDataResolver;
import dev.modelx.format.onnx.OnnxFiles;
import dev.modelx.format.onnx.OnnxFormatException;
import dev.modelx.format.onnx.proto.OnnxProtos.SparseTensorProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TensorProto;
import dev.modelx.graph.DataType;
import dev.modelx.graph.SparseTensor;
import dev.modelx.graph.Tensor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Converts between ONNX TensorProto / SparseTensorProto and graph tensors. Every storage form is read
 * (raw_data, the typed *_data fields, external data); raw and external data stay in their buffer and are decoded
 * on first use. Element counts are always checked against the data actually present before anything is
 * allocated, so a tensor declaring a huge shape over a few bytes is an error, not an out-of-memory.
 * Writing always uses raw_data (string_data for strings), streaming a tensor's packed source when it has one.
 */
public final class OnnxTensors {

    private OnnxTensors() {
    }

    /** Reads a backend-test {@code input_N.pb}/{@code output_N.pb} holding a TensorProto. */
    public static Tensor read(Path pbFile) {
        TensorProto proto = OnnxFiles.readTensor(pbFile);
        try {
            return fromProto(proto);
        } catch (OnnxFormatException e) {
            throw new OnnxFormatException(pbFile, e.getMessage(), e);
        }
    }

    /** A tensor stored inside the proto; external data is refused (there is no folder to resolve it in). */
    public static Tensor fromProto(TensorProto proto) {
        return fromProto(proto, null, describe(proto));
    }

    /**
     * @param resolver resolves external data (null: external data is an error)
     * @param where    names the tensor in error messages, e.g. {@code "initializer 'W'"}
     */
    public static Tensor fromProto(TensorProto proto, ExternalDataResolver resolver, String where) {
        DataType type = dataType(proto.getDataType(), where);
        long[] shape = dims(proto.getDimsList(), where);
        long count = Tensor.elementCount(shape);
        if (proto.hasSegment()) {
            throw error(where, "segmented tensors (segment " + proto.getSegment().getBegin() + ".."
                + proto.getSegment().getEnd() + ") are not supported");
        }
        if (proto.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            if (resolver == null) {
                throw error(where, "has external data, which cannot be resolved without the model's folder");
            }
            if (type == DataType.STRING) {
                throw error(where, "string tensors cannot use external data");
            }
            return packed(type, shape, count, resolver.resolve(where, resolver.parse(where, proto)), "external data", where);
        }
        if (!proto.getRawData().isEmpty()) {
            if (type == DataType.STRING) {
                throw error(where, "string tensors cannot use raw_data");
            }
            return packed(type, shape, count, proto.getRawData().asReadOnlyByteBuffer(), "raw_data", where);
        }
        return fromTypedFields(proto, type, shape, count, where);
    }

    public static TensorProto toProto(Tensor tensor, String name) {
        TensorProto.Builder proto = header(tensor, name);
        if (tensor.type() == DataType.STRING) {
            for (String s : tensor.strings()) {
                proto.addStringData(ByteString.copyFromUtf8(s));
            }
        } else {
            proto.setRawData(rawBytes(tensor));
        }
        return proto.build();
    }

    /** A TensorProto with the tensor's name (when not null), type and dims, but no data yet. */
    public static TensorProto.Builder header(Tensor tensor, String name) {
        TensorProto.Builder proto = TensorProto.newBuilder().setDataType(tensor.type().code());
        if (name != null) {
            proto.setName(name);
        }
        for (long d : tensor.shape()) {
            proto.addDims(d);
        }
        return proto;
    }

    /** The packed bytes as a ByteString without copying them (the tensor is immutable). */
    public static ByteString rawBytes(Tensor tensor) {
        return UnsafeByteOperations.unsafeWrap(tensor.packedBytes());
    }

    public static SparseTensor fromProto(SparseTensorProto proto, ExternalDataResolver resolver, String where) {
        Tensor values = fromProto(proto.getValues(), resolver, where + " values");
        Tensor indices = fromProto(proto.getIndices(), resolver, where + " indices");
        return new SparseTensor(values, indices, dims(proto.getDimsList(), where));
    }

    public static SparseTensor fromProto(SparseTensorProto proto) {
        return fromProto(proto, null, "sparse tensor '" + proto.getValues().getName() + "'");
    }

    public static SparseTensorProto toProto(SparseTensor sparse, String name) {
        SparseTensorProto.Builder proto = SparseTensorProto.newBuilder()
            .setValues(toProto(sparse.values(), name))
            .setIndices(toProto(sparse.indices(), null));
        for (long d : sparse.dims()) {
            proto.addDims(d);
        }
        return proto.build();
    }

    static DataType dataType(int code, String where) {
        if (code == DataType.UNDEFINED.code()) {
            throw error(where, "has data_type UNDEFINED (0)");
        }
        try {
            return DataType.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw error(where, "has unsupported data_type " + code);
        }
    }

    private static long[] dims(java.util.List<Long> dims, String where) {
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i);
            if (shape[i] < 0) {
                throw error(where, "has negative dimension " + shape[i] + " in dims " + dims);
            }
        }
        try {
            Tensor.elementCount(shape);
        } catch (ArithmeticException e) {
            throw error(where, "has dims " + dims + " whose element count overflows");
        }
        return shape;
    }

    private static Tensor packed(DataType type, long[] shape, long count, ByteBuffer bytes, String field, String where) {
        long need = type.byteSize(count);
        if (bytes.remaining() != need) {
            throw error(where, "holds " + bytes.remaining() + " bytes of " + field + ", but " + type.displayName()
                + Arrays.toString(shape) + " needs " + need);
        }
        return Tensor.fromPacked(type, shape, bytes);
    }

    private static Tensor fromTypedFields(TensorProto p, DataType type, long[] shape, long count, String where) {
        switch (type) {
            case FLOAT, COMPLEX64 -> {
                int n = checkCount(p.getFloatDataCount(), valuesFor(type, count), "float_data", type, shape, where);
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = p.getFloatData(i);
                }
                return Tensor.of(type, shape, a);
            }
            case DOUBLE, COMPLEX128 -> {
                int n = checkCount(p.getDoubleDataCount(), valuesFor(type, count), "double_data", type, shape, where);
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = p.getDoubleData(i);
                }
                return Tensor.of(type, shape, a);
            }
            case INT64 -> {
                int n = checkCount(p.getInt64DataCount(), count, "int64_data", type, shape, where);
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = p.getInt64Data(i);
                }
                return Tensor.of(type, shape, a);
            }
            case UINT64 -> {
                int n = checkCount(p.getUint64DataCount(), count, "uint64_data", type, shape, where);
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = p.getUint64Data(i);
                }
                return Tensor.of(type, shape, a);
            }
            case UINT32 -> {
                int n = checkCount(p.getUint64DataCount(), count, "uint64_data", type, shape, where);
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (int) p.getUint64Data(i);
                }
                return Tensor.of(type, shape, a);
            }
            case INT32 -> {
                int n = checkCount(p.getInt32DataCount(), count, "int32_data", type, shape, where);
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = p.getInt32Data(i);
                }
                return Tensor.of(type, shape, a);
            }
            case INT16, UINT16, FLOAT16, BFLOAT16 -> {
                int n = checkCount(p.getInt32DataCount(), count, "int32_data", type, shape, where);
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) p.getInt32Data(i);
                }
                return Tensor.of(type, shape, a);
            }
            case STRING -> {
                int n = checkCount(p.getStringDataCount(), count, "string_data", type, shape, where);
                String[] a = new String[n];
                for (int i = 0; i < n; i++) {
                    a[i] = p.getStringData(i).toStringUtf8();
                }
                return Tensor.of(type, shape, a);
            }
            case UINT4, INT4, FLOAT4E2M1, UINT2, INT2 -> {
                // int32_data holds one packed byte per entry: two 4-bit or four 2-bit elements
                int perEntry = 8 / type.bits();
                long entries = (count + perEntry - 1) / perEntry;
                int n = checkCount(p.getInt32DataCount(), entries, "int32_data", type, shape, where);
                ByteBuffer packed = ByteBuffer.allocate(n);
                for (int i = 0; i < n; i++) {
                    packed.put(i, (byte) p.getInt32Data(i));
                }
                return Tensor.fromPacked(type, shape, packed);
            }
            case UNDEFINED -> throw error(where, "has data_type UNDEFINED (0)");
            default -> {
                // the one-byte types: int8, uint8, bool and the float8 formats, one element per int32_data entry
                int n = checkCount(p.getInt32DataCount(), count, "int32_data", type, shape, where);
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    int v = p.getInt32Data(i);
                    a[i] = type == DataType.BOOL ? (byte) (v != 0 ? 1 : 0) : (byte) v;
                }
                return Tensor.of(type, shape, a);
            }
        }
    }

    private static long valuesFor(DataType type, long count) {
        return type.isComplex() ? 2 * count : count;
    }

    private static int checkCount(int present, long needed, String field, DataType type, long[] shape, String where) {
        if (present != needed) {
            String holds = present == 0 ? "holds no data" : "holds " + present + " values in " + field;
            throw error(where, holds + ", but " + type.displayName() + Arrays.toString(shape) + " needs " + needed
                + (present == 0 ? " values in " + field : ""));
        }
        return present;
    }

    private static String describe(TensorProto proto) {
        return proto.getName().isEmpty() ? "tensor" : "tensor '" + proto.getName() + "'";
    }

    private static OnnxFormatException error(String where, String detail) {
        return new OnnxFormatException(where + ": " + detail);
    }
}
