package dev.modelx.oracle.onnxruntime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.value.SequenceValue;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Conversions between modelx tensors and ONNX Runtime values (little-endian hosts). */
public final class OrtValues {

    private OrtValues() {
    }

    /** The ORT element type holding {@code type}, or an exception naming what ORT's Java API cannot build. */
    public static OnnxJavaType javaType(DataType type) {
        return switch (type) {
            case FLOAT -> OnnxJavaType.FLOAT;
            case DOUBLE -> OnnxJavaType.DOUBLE;
            case INT8 -> OnnxJavaType.INT8;
            case UINT8 -> OnnxJavaType.UINT8;
            case INT16 -> OnnxJavaType.INT16;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case BOOL -> OnnxJavaType.BOOL;
            case FLOAT16 -> OnnxJavaType.FLOAT16;
            case BFLOAT16 -> OnnxJavaType.BFLOAT16;
            case STRING -> OnnxJavaType.STRING;
            default -> throw new UnsupportedOperationException("ONNX Runtime's Java API cannot create " + type.displayName() + " inputs");
        };
    }

    public static OnnxTensor toOrt(OrtEnvironment env, Tensor t) throws OrtException {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("the onnxruntime oracle supports little-endian hosts only");
        }
        OnnxJavaType jt = javaType(t.type());
        if (jt == OnnxJavaType.STRING) {
            return OnnxTensor.createTensor(env, t.strings(), t.shape());
        }
        ByteBuffer packed = t.packedBytes();
        ByteBuffer direct = ByteBuffer.allocateDirect(packed.remaining()).order(ByteOrder.nativeOrder());
        direct.put(packed.duplicate()).flip();
        return OnnxTensor.createTensor(env, direct, t.shape(), jt);
    }

    static Value fromOrt(String name, OnnxValue v) throws OrtException {
        if (v instanceof OnnxTensor t) {
            return new TensorValue(tensor(t));
        }
        if (v instanceof OnnxSequence s) {
            List<Value> items = new ArrayList<>();
            for (OnnxValue item : s.getValue()) {
                items.add(fromOrt(name, item));
            }
            return new SequenceValue(null, items);
        }
        throw new UnsupportedOperationException("ONNX Runtime output '" + name + "' is a " + v.getType()
                + "; only tensors and sequences are compared");
    }

    public static Tensor tensor(OnnxTensor t) throws OrtException {
        TensorInfo info = t.getInfo();
        // ORT's JNI numbering differs from ONNX's: map by name (ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> FLOAT).
        DataType type = DataType.valueOf(info.onnxType.name().substring("ONNX_TENSOR_ELEMENT_DATA_TYPE_".length()));
        long[] shape = info.getShape();
        if (type == DataType.STRING) {
            List<String> flat = new ArrayList<>();
            flatten(t.getValue(), flat);
            return Tensor.ofStrings(shape, flat.toArray(new String[0]));
        }
        ByteBuffer bytes = t.getByteBuffer();
        if (bytes == null) {
            throw new UnsupportedOperationException("ONNX Runtime gave no bytes for a " + type.displayName() + " output");
        }
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(bytes.duplicate().order(ByteOrder.nativeOrder())).flip();
        return Tensor.fromPacked(type, shape, copy);
    }

    private static void flatten(Object o, List<String> out) {
        if (o instanceof String s) {
            out.add(s);
        } else if (o != null && o.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(o); i++) {
                flatten(Array.get(o, i), out);
            }
        }
    }
}
