package dev.modelx.oracle.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import org.tensorflow.RawTensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint16;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Conversions between modelx tensors and TensorFlow Java tensors (raw little-endian bytes both ways). */
final class TfValues {

    private TfValues() {
    }

    static Class<? extends TType> tfType(DataType type) {
        return switch (type) {
            case FLOAT -> TFloat32.class;
            case DOUBLE -> TFloat64.class;
            case INT32 -> TInt32.class;
            case INT64 -> TInt64.class;
            case UINT8 -> TUint8.class;
            case UINT16 -> TUint16.class;
            case BOOL -> TBool.class;
            case FLOAT16 -> TFloat16.class;
            case BFLOAT16 -> TBfloat16.class;
            default -> throw new UnsupportedOperationException("TensorFlow Java cannot create " + type.displayName() + " inputs");
        };
    }

    static org.tensorflow.Tensor toTf(Tensor t) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("the tensorflow oracle supports little-endian hosts only");
        }
        ByteBuffer packed = t.packedBytes();
        byte[] bytes = new byte[packed.remaining()];
        packed.duplicate().get(bytes);
        return org.tensorflow.Tensor.of(tfType(t.type()), Shape.of(t.shape()), DataBuffers.of(bytes, true, false));
    }

    static DataType modelxType(org.tensorflow.proto.DataType dt) {
        String name = dt.name();
        if (name.endsWith("_REF")) {
            name = name.substring(0, name.length() - 4);
        }
        return switch (name) {
            case "DT_HALF" -> DataType.FLOAT16;
            case "DT_FLOAT", "DT_DOUBLE", "DT_INT8", "DT_INT16", "DT_INT32", "DT_INT64", "DT_UINT8", "DT_UINT16", "DT_UINT32",
                 "DT_UINT64", "DT_BOOL", "DT_BFLOAT16" -> DataType.valueOf(name.substring(3));
            default -> throw new UnsupportedOperationException("TensorFlow output of type " + dt + " is not compared");
        };
    }

    static Tensor fromTf(org.tensorflow.Tensor x) {
        DataType type = modelxType(x.dataType());
        long[] shape = x.shape().asArray();
        RawTensor raw = x.asRawTensor();
        ByteDataBuffer data = raw.data();
        byte[] bytes = new byte[(int) data.size()];
        data.read(bytes);
        return Tensor.fromPacked(type, shape == null ? new long[0] : shape, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    }
}
