package dev.modelx.importer.onnx;

import dev.modelx.format.onnx.OnnxFormatException;
import dev.modelx.format.onnx.proto.OnnxProtos.TensorShapeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TypeProto;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Type;
import java.util.ArrayList;
import java.util.List;

/** Converts between ONNX TypeProto / TensorShapeProto and graph types and shapes. */
public final class OnnxTypes {

    private OnnxTypes() {
    }

    /** The type, or null when the proto sets none (unknown type). */
    public static Type fromProto(TypeProto proto, String where) {
        String denotation = text(proto.getDenotation());
        return switch (proto.getValueCase()) {
            case TENSOR_TYPE -> new Type.TensorType(elementType(proto.getTensorType().getElemType(), where),
                proto.getTensorType().hasShape() ? fromProto(proto.getTensorType().getShape()) : null, denotation);
            case SPARSE_TENSOR_TYPE -> new Type.SparseTensorType(elementType(proto.getSparseTensorType().getElemType(), where),
                proto.getSparseTensorType().hasShape() ? fromProto(proto.getSparseTensorType().getShape()) : null, denotation);
            case SEQUENCE_TYPE -> new Type.SequenceType(proto.getSequenceType().hasElemType()
                ? fromProto(proto.getSequenceType().getElemType(), where) : null, denotation);
            case MAP_TYPE -> new Type.MapType(elementType(proto.getMapType().getKeyType(), where),
                proto.getMapType().hasValueType() ? fromProto(proto.getMapType().getValueType(), where) : null, denotation);
            case OPTIONAL_TYPE -> new Type.OptionalType(proto.getOptionalType().hasElemType()
                ? fromProto(proto.getOptionalType().getElemType(), where) : null, denotation);
            case OPAQUE_TYPE -> new Type.OpaqueType(proto.getOpaqueType().getDomain(), proto.getOpaqueType().getName(), denotation);
            case VALUE_NOT_SET -> null;
        };
    }

    public static TypeProto toProto(Type type) {
        TypeProto.Builder proto = TypeProto.newBuilder();
        if (type.denotation() != null) {
            proto.setDenotation(type.denotation());
        }
        if (type instanceof Type.TensorType t) {
            TypeProto.Tensor.Builder tensor = proto.getTensorTypeBuilder().setElemType(t.elementType().code());
            if (t.shape() != null) {
                tensor.setShape(toProto(t.shape()));
            }
        } else if (type instanceof Type.SparseTensorType t) {
            TypeProto.SparseTensor.Builder sparse = proto.getSparseTensorTypeBuilder().setElemType(t.elementType().code());
            if (t.shape() != null) {
                sparse.setShape(toProto(t.shape()));
            }
        } else if (type instanceof Type.SequenceType t) {
            TypeProto.Sequence.Builder sequence = proto.getSequenceTypeBuilder();
            if (t.elementType() != null) {
                sequence.setElemType(toProto(t.elementType()));
            }
        } else if (type instanceof Type.MapType t) {
            TypeProto.Map.Builder map = proto.getMapTypeBuilder().setKeyType(t.keyType().code());
            if (t.valueType() != null) {
                map.setValueType(toProto(t.valueType()));
            }
        } else if (type instanceof Type.OptionalType t) {
            TypeProto.Optional.Builder optional = proto.getOptionalTypeBuilder();
            if (t.elementType() != null) {
                optional.setElemType(toProto(t.elementType()));
            }
        } else if (type instanceof Type.OpaqueType t) {
            proto.getOpaqueTypeBuilder().setDomain(nullToEmpty(t.domain())).setName(nullToEmpty(t.name()));
        }
        return proto.build();
    }

    public static Shape fromProto(TensorShapeProto proto) {
        List<Dim> dims = new ArrayList<>(proto.getDimCount());
        for (TensorShapeProto.Dimension d : proto.getDimList()) {
            String denotation = text(d.getDenotation());
            dims.add(switch (d.getValueCase()) {
                // a negative size is not a size: some exporters write -1 for "unknown"
                case DIM_VALUE -> d.getDimValue() >= 0 ? new Dim(d.getDimValue(), null, denotation) : new Dim(-1, null, denotation);
                case DIM_PARAM -> new Dim(-1, d.getDimParam(), denotation);
                case VALUE_NOT_SET -> new Dim(-1, null, denotation);
            });
        }
        return new Shape(dims);
    }

    public static TensorShapeProto toProto(Shape shape) {
        TensorShapeProto.Builder proto = TensorShapeProto.newBuilder();
        for (Dim d : shape.dims()) {
            TensorShapeProto.Dimension.Builder dim = proto.addDimBuilder();
            if (d.isStatic()) {
                dim.setDimValue(d.value());
            } else if (d.isSymbolic()) {
                dim.setDimParam(d.param());
            }
            if (d.denotation() != null) {
                dim.setDenotation(d.denotation());
            }
        }
        return proto.build();
    }

    /** Element types of type protos may be UNDEFINED (0) for "not yet known". */
    static DataType elementType(int code, String where) {
        try {
            return DataType.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw new OnnxFormatException(where + ": unsupported element type " + code);
        }
    }

    /** Proto3 strings cannot be absent: an empty one is read as "not set". */
    static String text(String s) {
        return s.isEmpty() ? null : s;
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
