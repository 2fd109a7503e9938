package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/** modelx tensors to and from TensorFlow Java tensors, as raw little-endian bytes (test helper). */
final class TfJavaTensors {

    private TfJavaTensors() {
    }

    static Class<? extends TType> tfClass(DataType type) {
        return switch (type) {
            case FLOAT -> TFloat32.class;
            case DOUBLE -> TFloat64.class;
            case INT32 -> TInt32.class;
            case INT64 -> TInt64.class;
            case UINT8 -> TUint8.class;
            case BOOL -> TBool.class;
            default -> throw new UnsupportedOperationException("no TF Java tensor class for " + type.displayName());
        };
    }

    static org.tensorflow.proto.DataType tfType(DataType type) {
        return switch (type) {
            case FLOAT -> org.tensorflow.proto.DataType.DT_FLOAT;
            case DOUBLE -> org.tensorflow.proto.DataType.DT_DOUBLE;
            case INT32 -> org.tensorflow.proto.DataType.DT_INT32;
            case INT64 -> org.tensorflow.proto.DataType.DT_INT64;
            case UINT8 -> org.tensorflow.proto.DataType.DT_UINT8;
            case INT8 -> org.tensorflow.proto.DataType.DT_INT8;
            case INT16 -> org.tensorflow.proto.DataType.DT_INT16;
            case UINT16 -> org.tensorflow.proto.DataType.DT_UINT16;
            case UINT32 -> org.tensorflow.proto.DataType.DT_UINT32;
            case UINT64 -> org.tensorflow.proto.DataType.DT_UINT64;
            case FLOAT8E4M3FN -> org.tensorflow.proto.DataType.DT_FLOAT8_E4M3FN;
            case FLOAT8E5M2 -> org.tensorflow.proto.DataType.DT_FLOAT8_E5M2;
            case BOOL -> org.tensorflow.proto.DataType.DT_BOOL;
            case STRING -> org.tensorflow.proto.DataType.DT_STRING;
            default -> throw new UnsupportedOperationException("no TF dtype for " + type.displayName());
        };
    }

    static org.tensorflow.Tensor toTf(Tensor t) {
        if (t.type() == DataType.STRING) {
            return TString.tensorOf(Shape.of(t.shape()), DataBuffers.ofObjects(t.strings()));
        }
        ByteBuffer packed = t.packedBytes();
        byte[] bytes = new byte[packed.remaining()];
        packed.duplicate().get(bytes);
        return org.tensorflow.Tensor.of(tfClass(t.type()), Shape.of(t.shape()), DataBuffers.of(bytes, true, false));
    }

    static Tensor fromTf(org.tensorflow.Tensor x) {
        if (x instanceof TString str) {
            long[] shape = x.shape().asArray();
            String[] v = new String[(int) x.shape().size()];
            int[] k = {0};
            str.scalars().forEach(e -> v[k[0]++] = e.getObject());
            return Tensor.ofStrings(shape == null ? new long[0] : shape, v);
        }
        DataType type = switch (x.dataType()) {
            case DT_FLOAT -> DataType.FLOAT;
            case DT_DOUBLE -> DataType.DOUBLE;
            case DT_INT32 -> DataType.INT32;
            case DT_INT64 -> DataType.INT64;
            case DT_UINT8 -> DataType.UINT8;
            case DT_INT8 -> DataType.INT8;
            case DT_BOOL -> DataType.BOOL;
            default -> throw new UnsupportedOperationException("TF output of type " + x.dataType() + " is not compared");
        };
        long[] shape = x.shape().asArray();
        ByteDataBuffer data = x.asRawTensor().data();
        byte[] bytes = new byte[(int) data.size()];
        data.read(bytes);
        return Tensor.fromPacked(type, shape == null ? new long[0] : shape, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    }
}
