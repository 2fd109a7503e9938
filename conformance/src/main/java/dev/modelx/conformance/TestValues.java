package dev.modelx.conformance;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Shape;
import dev.modelx.graph.SparseTensor;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.importer.onnx.OnnxValues;
import dev.modelx.runtime.SparseTensors;
import dev.modelx.runtime.value.MapValue;
import dev.modelx.runtime.value.OptionalValue;
import dev.modelx.runtime.value.SequenceValue;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test inputs and expected outputs as runtime values: read from {@code .pb} files, or generated for light models. */
public final class TestValues {

    private TestValues() {
    }

    /**
     * Reads a test-data file as the kind the model declares for it (TensorProto for tensors or an unknown type,
     * SequenceProto, OptionalProto or MapProto otherwise).
     */
    public static Value read(Path pbFile, Type declared) {
        return toValue(OnnxValues.read(pbFile, declared), declared);
    }

    /** Converts the importer's plain-Java value ({@link OnnxValues}) to a runtime value. */
    public static Value toValue(Object v, Type declared) {
        if (v instanceof Tensor t) {
            return new TensorValue(t);
        }
        if (v instanceof SparseTensor s) {
            return new TensorValue(SparseTensors.densify(s));
        }
        if (v instanceof List<?> list) {
            Type element = declared instanceof Type.SequenceType st ? st.elementType() : null;
            List<Value> items = new ArrayList<>(list.size());
            for (Object o : list) {
                items.add(toValue(o, element));
            }
            return new SequenceValue(element, items);
        }
        if (v instanceof Optional<?> o) {
            Type element = declared instanceof Type.OptionalType ot ? ot.elementType() : null;
            return new OptionalValue(element, o.isPresent() ? toValue(o.get(), element) : null);
        }
        if (v instanceof Map<?, ?> map) {
            Type.MapType mt = declared instanceof Type.MapType m ? m : null;
            boolean stringKeys = mt != null ? mt.keyType() == DataType.STRING
                    : !map.isEmpty() && map.keySet().iterator().next() instanceof String;
            long[] shape = {map.size()};
            Tensor keys;
            if (stringKeys) {
                keys = Tensor.ofStrings(shape, map.keySet().stream().map(String::valueOf).toArray(String[]::new));
            } else {
                keys = Tensor.ofLongs(shape, map.keySet().stream().mapToLong(k -> ((Number) k).longValue()).toArray());
            }
            Type valueType = mt != null ? mt.valueType() : null;
            List<Value> values = new ArrayList<>(map.size());
            for (Object o : map.values()) {
                values.add(toValue(o, valueType));
            }
            return new MapValue(keys, new SequenceValue(valueType, values));
        }
        throw new IllegalArgumentException("Not an ONNX value: " + (v == null ? "null" : v.getClass().getName()));
    }

    /**
     * The input onnx's runner feeds a light model: {@code arange(n).reshape(shape) / n} as float32, where unknown
     * dimensions are taken as 1.
     */
    public static Tensor lightInput(Shape declared) {
        long[] shape = concreteShape(declared);
        long n = Tensor.elementCount(shape);
        Tensor.checkAllocatable(n, DataType.FLOAT);
        float[] data = new float[(int) n];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) ((double) i / n);
        }
        return Tensor.ofFloats(shape, data);
    }

    /** The declared shape with every unknown or symbolic dimension taken as 1 (a scalar when the rank is unknown). */
    static long[] concreteShape(Shape declared) {
        if (declared == null) {
            return new long[0];
        }
        long[] shape = new long[declared.rank()];
        for (int i = 0; i < shape.length; i++) {
            Dim d = declared.dim(i);
            shape[i] = d.isStatic() ? d.value() : 1;
        }
        return shape;
    }
}
