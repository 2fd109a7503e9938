package dev.modelx.format.tensorflow;

import com.google.protobuf.ByteString;
import dev.modelx.format.tensorflow.proto.TensorProto;
import dev.modelx.format.tensorflow.proto.TensorShapeProto;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Decodes TensorProto and TensorShapeProto into the common model's Tensor and Shape. */
public final class TfTensors {

    private TfTensors() {
    }

    /** The static dims of {@code s}; unknown dims or rank are an error naming {@code where}. */
    public static long[] staticShape(TensorShapeProto s, Path file, String where) {
        if (s.getUnknownRank()) {
            throw new TfFormatException(file, where + ": tensor shape has unknown rank");
        }
        long[] dims = new long[s.getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = s.getDim(i).getSize();
            if (dims[i] < 0) {
                throw new TfFormatException(file, where + ": dimension " + i + " is " + dims[i]);
            }
        }
        return dims;
    }

    /** The shape as the graph model writes it: -1 dims unknown, unknown rank as null. */
    public static Shape shape(TensorShapeProto s) {
        if (s.getUnknownRank()) {
            return null;
        }
        List<Dim> dims = new ArrayList<>();
        for (TensorShapeProto.Dim d : s.getDimList()) {
            dims.add(d.getSize() >= 0 ? Dim.of(d.getSize()) : d.getName().isEmpty() ? Dim.unknown() : Dim.symbolic(d.getName()));
        }
        return new Shape(dims);
    }

    /** Decodes {@code p}; {@code where} (e.g. "node 'w' attr value") goes into error messages. */
    public static Tensor toTensor(TensorProto p, Path file, String where) {
        DataType type = TfDataTypes.toDataType(p.getDtypeValue()).orElseThrow(() -> new TfFormatException(file,
                where + ": unsupported tensor dtype " + TfDataTypes.name(p.getDtypeValue())));
        long[] shape = staticShape(p.getTensorShape(), file, where);
        long count;
        try {
            count = Tensor.elementCount(shape);
        } catch (ArithmeticException e) {
            throw new TfFormatException(file, where + ": shape " + Arrays.toString(shape) + " overflows");
        }
        if (type == DataType.STRING) {
            return strings(p, shape, count, file, where);
        }
        if (!p.getTensorContent().isEmpty()) {
            ByteString content = p.getTensorContent();
            long need = type.byteSize(count);
            if (content.size() != need) {
                throw new TfFormatException(file, where + ": shape " + Arrays.toString(shape) + " of " + type.displayName()
                        + " needs " + need + " bytes of tensor_content, found " + content.size());
            }
            ByteBuffer copy = ByteBuffer.allocate(content.size()).order(ByteOrder.LITTLE_ENDIAN);
            content.copyTo(copy);
            copy.flip();
            return Tensor.fromPacked(type, shape, copy);
        }
        return typedValues(p, type, shape, count, file, where);
    }

    private static Tensor strings(TensorProto p, long[] shape, long count, Path file, String where) {
        int n = p.getStringValCount();
        checkFill(n, count, file, where);
        String[] out = new String[(int) count];
        for (int i = 0; i < count; i++) {
            out[i] = n == 0 ? "" : p.getStringVal(Math.min(i, n - 1)).toString(StandardCharsets.UTF_8);
        }
        return Tensor.ofStrings(shape, out);
    }

    /** TF fills a shape from fewer typed values by repeating the last one. */
    private static void checkFill(int present, long count, Path file, String where) {
        if (present > count) {
            throw new TfFormatException(file, where + ": " + present + " values for " + count + " elements");
        }
        if (count > 0) {
            try {
                Tensor.checkAllocatable(count, DataType.FLOAT);
            } catch (RuntimeException e) {
                throw new TfFormatException(file, where + ": " + e.getMessage(), e);
            }
        }
    }

    private static Tensor typedValues(TensorProto p, DataType type, long[] shape, long count, Path file, String where) {
        int c = (int) Math.min(count, Integer.MAX_VALUE);
        switch (type) {
            case FLOAT -> {
                checkFill(p.getFloatValCount(), count, file, where);
                float[] a = new float[c];
                fill(p.getFloatValCount(), c, i -> a[i[0]] = p.getFloatVal(i[1]));
                return Tensor.of(type, shape, a);
            }
            case DOUBLE -> {
                checkFill(p.getDoubleValCount(), count, file, where);
                double[] a = new double[c];
                fill(p.getDoubleValCount(), c, i -> a[i[0]] = p.getDoubleVal(i[1]));
                return Tensor.of(type, shape, a);
            }
            case INT32 -> {
                checkFill(p.getIntValCount(), count, file, where);
                int[] a = new int[c];
                fill(p.getIntValCount(), c, i -> a[i[0]] = p.getIntVal(i[1]));
                return Tensor.of(type, shape, a);
            }
            case INT8, UINT8 -> {
                checkFill(p.getIntValCount(), count, file, where);
                byte[] a = new byte[c];
                fill(p.getIntValCount(), c, i -> a[i[0]] = (byte) p.getIntVal(i[1]));
                return Tensor.of(type, shape, a);
            }
            case INT16, UINT16 -> {
                checkFill(p.getIntValCount(), count, file, where);
                short[] a = new short[c];
                fill(p.getIntValCount(), c, i -> a[i[0]] = (short) p.getIntVal(i[1]));
                return Tensor.of(type, shape, a);
            }
            case FLOAT16, BFLOAT16 -> {
                checkFill(p.getHalfValCount(), count, file, where);
                short[] a = new short[c];
                fill(p.getHalfValCount(), c, i -> a[i[0]] = (short) p.getHalfVal(i[1]));
                return Tensor.of(type, shape, a);
            }
            case BOOL -> {
                checkFill(p.getBoolValCount(), count, file, where);
                byte[] a = new byte[c];
                fill(p.getBoolValCount(), c, i -> a[i[0]] = (byte) (p.getBoolVal(i[1]) ? 1 : 0));
                return Tensor.of(type, shape, a);
            }
            case INT64 -> {
                checkFill(p.getInt64ValCount(), count, file, where);
                long[] a = new long[c];
                fill(p.getInt64ValCount(), c, i -> a[i[0]] = p.getInt64Val(i[1]));
                return Tensor.of(type, shape, a);
            }
            case UINT32 -> {
                checkFill(p.getUint32ValCount(), count, file, where);
                int[] a = new int[c];
                fill(p.getUint32ValCount(), c, i -> a[i[0]] = p.getUint32Val(i[1]));
                return Tensor.of(type, shape, a);
            }
            case UINT64 -> {
                checkFill(p.getUint64ValCount(), count, file, where);
                long[] a = new long[c];
                fill(p.getUint64ValCount(), c, i -> a[i[0]] = p.getUint64Val(i[1]));
                return Tensor.of(type, shape, a);
            }
            case COMPLEX64 -> {
                checkFill(p.getScomplexValCount() / 2, count, file, where);
                float[] a = new float[2 * c];
                fill(p.getScomplexValCount(), 2 * c, i -> a[i[0]] = p.getScomplexVal(i[1]));
                return Tensor.of(type, shape, a);
            }
            case COMPLEX128 -> {
                checkFill(p.getDcomplexValCount() / 2, count, file, where);
                double[] a = new double[2 * c];
                fill(p.getDcomplexValCount(), 2 * c, i -> a[i[0]] = p.getDcomplexVal(i[1]));
                return Tensor.of(type, shape, a);
            }
            default -> {
                if (count == 0) {
                    return Tensor.zeros(type, shape);
                }
                throw new TfFormatException(file, where + ": " + type.displayName() + " constants need tensor_content");
            }
        }
    }

    private interface Setter {
        void set(int[] targetAndSource);
    }

    /** Sets every target index from the source (the last source value repeats); zeros stay when none. */
    private static void fill(int present, int count, Setter s) {
        if (present == 0) {
            return;
        }
        int[] idx = new int[2];
        for (int i = 0; i < count; i++) {
            idx[0] = i;
            idx[1] = Math.min(i, present - 1);
            s.set(idx);
        }
    }

    /** Encodes {@code t} as a TensorProto (tensor_content for numbers, string_val for strings). */
    public static TensorProto toProto(Tensor t) {
        TensorProto.Builder b = TensorProto.newBuilder().setDtypeValue(TfDataTypes.toTf(t.type()));
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : t.shape()) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        b.setTensorShape(s);
        if (t.type() == DataType.STRING) {
            for (String x : t.strings()) {
                b.addStringVal(ByteString.copyFromUtf8(x));
            }
        } else {
            b.setTensorContent(ByteString.copyFrom(t.packedBytes()));
        }
        return b.build();
    }
}
