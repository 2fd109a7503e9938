package dev.modelx.exporter.tensorflow;

import com.google.protobuf.ByteString;
import dev.modelx.format.tensorflow.TfTensors;
import dev.modelx.format.tensorflow.proto.AttrValue;
import dev.modelx.format.tensorflow.proto.NodeDef;
import dev.modelx.format.tensorflow.proto.TensorShapeProto;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/** A TF NodeDef being written: inputs, control inputs and attributes, with its output tensor names. */
final class TfOp {

    final NodeDef.Builder def;

    TfOp(String name, String op) {
        this.def = NodeDef.newBuilder().setName(name).setOp(op);
    }

    String name() {
        return def.getName();
    }

    /** Output {@code i} as a tensor name: {@code node} for 0, {@code node:i} otherwise. */
    String out(int i) {
        return i == 0 ? def.getName() : def.getName() + ":" + i;
    }

    String out() {
        return out(0);
    }

    TfOp in(String tensor) {
        def.addInput(tensor);
        return this;
    }

    TfOp control(String node) {
        def.addInput("^" + node);
        return this;
    }

    TfOp attr(String k, AttrValue v) {
        def.putAttr(k, v);
        return this;
    }

    TfOp type(String k, DataType t) {
        return attr(k, AttrValue.newBuilder().setTypeValue(TfExportTypes.code(t)).build());
    }

    TfOp i(String k, long v) {
        return attr(k, AttrValue.newBuilder().setI(v).build());
    }

    TfOp f(String k, float v) {
        return attr(k, AttrValue.newBuilder().setF(v).build());
    }

    TfOp b(String k, boolean v) {
        return attr(k, AttrValue.newBuilder().setB(v).build());
    }

    TfOp s(String k, String v) {
        return attr(k, AttrValue.newBuilder().setS(ByteString.copyFromUtf8(v)).build());
    }

    TfOp ints(String k, long... v) {
        AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
        for (long x : v) {
            l.addI(x);
        }
        return attr(k, AttrValue.newBuilder().setList(l).build());
    }

    TfOp types(String k, DataType... ts) {
        AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
        for (DataType t : ts) {
            l.addTypeValue(TfExportTypes.code(t));
        }
        return attr(k, AttrValue.newBuilder().setList(l).build());
    }

    TfOp shape(String k, long[] dims) {
        return attr(k, AttrValue.newBuilder().setShape(shapeProto(dims)).build());
    }

    TfOp tensor(String k, Tensor t) {
        return attr(k, AttrValue.newBuilder().setTensor(TfTensors.toProto(t)).build());
    }

    /** A shape with -1 for unknown dims; null is unknown rank. */
    static TensorShapeProto shapeProto(long[] dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        if (dims == null) {
            return s.setUnknownRank(true).build();
        }
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d < 0 ? -1 : d));
        }
        return s.build();
    }
}
