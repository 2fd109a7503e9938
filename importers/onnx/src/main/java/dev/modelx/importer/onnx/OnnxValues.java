package dev.modelx.importer.onnx;

import com.google.protobuf.ByteString;
import dev.modelx.format.onnx.OnnxFiles;
import dev.modelx.format.onnx.OnnxFormatException;
import dev.modelx.format.onnx.proto.OnnxProtos.MapProto;
import dev.modelx.format.onnx.proto.OnnxProtos.OptionalProto;
import dev.modelx.format.onnx.proto.OnnxProtos.SequenceProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TensorProto;
import dev.modelx.graph.DataType;
import dev.modelx.graph.SparseTensor;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runtime values of ONNX's non-tensor types (backend-test data, onnx-data.proto3), as plain Java values:
 * a tensor is a {@link Tensor}, a sparse tensor a {@link SparseTensor}, a sequence a {@code List<Object>}, a
 * map a {@code Map<Object, Object>} (keys {@code Long} or {@code String}) and an optional an
 * {@code Optional<Object>}. The graph module has no runtime value type of its own for these.
 */
public final class OnnxValues {

    private OnnxValues() {
    }

    /** Reads a test-data {@code .pb} file as the value kind {@code declared} by the model for it. */
    public static Object read(Path pbFile, Type declared) {
        if (declared == null || declared instanceof Type.TensorType) {
            return OnnxTensors.read(pbFile);
        }
        try {
            if (declared instanceof Type.SequenceType) {
                return fromProto(OnnxFiles.readSequence(pbFile));
            } else if (declared instanceof Type.OptionalType) {
                return fromProto(OnnxFiles.readOptional(pbFile));
            } else if (declared instanceof Type.MapType) {
                return fromProto(OnnxFiles.readMap(pbFile));
            } else if (declared instanceof Type.SparseTensorType) {
                return OnnxTensors.fromProto(OnnxFiles.readSparseTensor(pbFile));
            }
        } catch (OnnxFormatException e) {
            if (e.file() != null) {
                throw e;
            }
            throw new OnnxFormatException(pbFile, e.getMessage(), e);
        }
        throw new OnnxFormatException(pbFile, "no ONNX value file holds a value of type " + declared);
    }

    /** A sequence whose elements are all dense tensors. */
    public static List<Tensor> tensorsFromProto(SequenceProto proto) {
        List<Tensor> tensors = new ArrayList<>();
        for (Object element : fromProto(proto)) {
            if (!(element instanceof Tensor t)) {
                throw new OnnxFormatException(describe("sequence", proto.getName()) + ": holds a "
                    + element.getClass().getSimpleName() + ", not a tensor");
            }
            tensors.add(t);
        }
        return tensors;
    }

    public static List<Object> fromProto(SequenceProto proto) {
        String where = describe("sequence", proto.getName());
        List<Object> values = new ArrayList<>();
        int kind = proto.getElemType();
        if (kind == SequenceProto.DataType.UNDEFINED_VALUE) {
            kind = inferSequenceKind(proto);
        }
        switch (kind) {
            case SequenceProto.DataType.UNDEFINED_VALUE -> { }
            case SequenceProto.DataType.TENSOR_VALUE -> proto.getTensorValuesList().forEach(t -> values.add(tensor(t, where)));
            case SequenceProto.DataType.SPARSE_TENSOR_VALUE -> proto.getSparseTensorValuesList().forEach(t -> values.add(OnnxTensors.fromProto(t)));
            case SequenceProto.DataType.SEQUENCE_VALUE -> proto.getSequenceValuesList().forEach(s -> values.add(fromProto(s)));
            case SequenceProto.DataType.MAP_VALUE -> proto.getMapValuesList().forEach(m -> values.add(fromProto(m)));
            case SequenceProto.DataType.OPTIONAL_VALUE -> proto.getOptionalValuesList().forEach(o -> values.add(fromProto(o)));
            default -> throw new OnnxFormatException(where + ": unsupported elem_type " + kind);
        }
        return values;
    }

    public static Optional<Object> fromProto(OptionalProto proto) {
        String where = describe("optional", proto.getName());
        return switch (proto.getElemType()) {
            case OptionalProto.DataType.UNDEFINED_VALUE -> Optional.empty();
            case OptionalProto.DataType.TENSOR_VALUE ->
                proto.hasTensorValue() ? Optional.of(tensor(proto.getTensorValue(), where)) : Optional.empty();
            case OptionalProto.DataType.SPARSE_TENSOR_VALUE ->
                proto.hasSparseTensorValue() ? Optional.of(OnnxTensors.fromProto(proto.getSparseTensorValue())) : Optional.empty();
            case OptionalProto.DataType.SEQUENCE_VALUE ->
                proto.hasSequenceValue() ? Optional.of(fromProto(proto.getSequenceValue())) : Optional.empty();
            case OptionalProto.DataType.MAP_VALUE ->
                proto.hasMapValue() ? Optional.of(fromProto(proto.getMapValue())) : Optional.empty();
            case OptionalProto.DataType.OPTIONAL_VALUE ->
                proto.hasOptionalValue() ? Optional.of(fromProto(proto.getOptionalValue())) : Optional.empty();
            default -> throw new OnnxFormatException(where + ": unsupported elem_type " + proto.getElemType());
        };
    }

    public static Map<Object, Object> fromProto(MapProto proto) {
        String where = describe("map", proto.getName());
        DataType keyType = OnnxTypes.elementType(proto.getKeyType(), where);
        List<Object> keys = new ArrayList<>();
        if (keyType == DataType.STRING) {
            proto.getStringKeysList().forEach(k -> keys.add(k.toStringUtf8()));
        } else if (keyType.isInteger()) {
            proto.getKeysList().forEach(keys::add);
        } else {
            throw new OnnxFormatException(where + ": key type " + keyType.displayName() + " is not allowed for map keys");
        }
        List<Object> values = fromProto(proto.getValues());
        if (values.size() != keys.size()) {
            throw new OnnxFormatException(where + ": has " + keys.size() + " keys but " + values.size() + " values");
        }
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            map.put(keys.get(i), values.get(i));
        }
        return map;
    }

    public static SequenceProto sequenceToProto(List<?> values, String name) {
        SequenceProto.Builder proto = SequenceProto.newBuilder().setName(name == null ? "" : name);
        for (Object v : values) {
            int kind = kindOf(v);
            if (proto.getElemType() != SequenceProto.DataType.UNDEFINED_VALUE && proto.getElemType() != kind) {
                throw new IllegalArgumentException("A sequence holds one kind of element, got " + v.getClass().getSimpleName()
                    + " after elements of kind " + proto.getElemType());
            }
            proto.setElemType(kind);
            if (v instanceof Tensor t) {
                proto.addTensorValues(OnnxTensors.toProto(t, null));
            } else if (v instanceof SparseTensor s) {
                proto.addSparseTensorValues(OnnxTensors.toProto(s, null));
            } else if (v instanceof List<?> l) {
                proto.addSequenceValues(sequenceToProto(l, null));
            } else if (v instanceof Map<?, ?> m) {
                proto.addMapValues(mapToProto(m, null));
            } else if (v instanceof Optional<?> o) {
                proto.addOptionalValues(optionalToProto(o, null));
            }
        }
        return proto.build();
    }

    public static OptionalProto optionalToProto(Optional<?> value, String name) {
        OptionalProto.Builder proto = OptionalProto.newBuilder().setName(name == null ? "" : name);
        if (value.isEmpty()) {
            return proto.build();
        }
        Object v = value.get();
        proto.setElemType(kindOf(v));
        if (v instanceof Tensor t) {
            proto.setTensorValue(OnnxTensors.toProto(t, null));
        } else if (v instanceof SparseTensor s) {
            proto.setSparseTensorValue(OnnxTensors.toProto(s, null));
        } else if (v instanceof List<?> l) {
            proto.setSequenceValue(sequenceToProto(l, null));
        } else if (v instanceof Map<?, ?> m) {
            proto.setMapValue(mapToProto(m, null));
        } else if (v instanceof Optional<?> o) {
            proto.setOptionalValue(optionalToProto(o, null));
        }
        return proto.build();
    }

    /** Keys must all be {@code String} (written as STRING) or all {@code Long} (written as INT64). */
    public static MapProto mapToProto(Map<?, ?> map, String name) {
        MapProto.Builder proto = MapProto.newBuilder().setName(name == null ? "" : name);
        boolean stringKeys = !map.isEmpty() && map.keySet().iterator().next() instanceof String;
        proto.setKeyType((stringKeys ? DataType.STRING : DataType.INT64).code());
        for (Object key : map.keySet()) {
            if (stringKeys && key instanceof String s) {
                proto.addStringKeys(ByteString.copyFromUtf8(s));
            } else if (!stringKeys && key instanceof Long l) {
                proto.addKeys(l);
            } else {
                throw new IllegalArgumentException("Map keys must be all String or all Long, got " + key.getClass().getSimpleName());
            }
        }
        proto.setValues(sequenceToProto(new ArrayList<>(map.values()), null));
        return proto.build();
    }

    private static int kindOf(Object v) {
        if (v instanceof Tensor) {
            return SequenceProto.DataType.TENSOR_VALUE;
        } else if (v instanceof SparseTensor) {
            return SequenceProto.DataType.SPARSE_TENSOR_VALUE;
        } else if (v instanceof List<?>) {
            return SequenceProto.DataType.SEQUENCE_VALUE;
        } else if (v instanceof Map<?, ?>) {
            return SequenceProto.DataType.MAP_VALUE;
        } else if (v instanceof Optional<?>) {
            return SequenceProto.DataType.OPTIONAL_VALUE;
        }
        throw new IllegalArgumentException("Not an ONNX value: " + (v == null ? "null" : v.getClass().getName()));
    }

    private static int inferSequenceKind(SequenceProto p) {
        if (p.getTensorValuesCount() > 0) {
            return SequenceProto.DataType.TENSOR_VALUE;
        } else if (p.getSparseTensorValuesCount() > 0) {
            return SequenceProto.DataType.SPARSE_TENSOR_VALUE;
        } else if (p.getSequenceValuesCount() > 0) {
            return SequenceProto.DataType.SEQUENCE_VALUE;
        } else if (p.getMapValuesCount() > 0) {
            return SequenceProto.DataType.MAP_VALUE;
        } else if (p.getOptionalValuesCount() > 0) {
            return SequenceProto.DataType.OPTIONAL_VALUE;
        }
        return SequenceProto.DataType.UNDEFINED_VALUE;
    }

    private static Tensor tensor(TensorProto proto, String where) {
        return OnnxTensors.fromProto(proto, null, where + (proto.getName().isEmpty() ? " element" : " element '" + proto.getName() + "'"));
    }

    private static String describe(String kind, String name) {
        return name.isEmpty() ? kind : kind + " '" + name + "'";
    }
}
