package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import org.tensorflow.GraphOperation;
import org.tensorflow.GraphOperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;

/** One TF op being built in an {@link OracleGraph}: inputs in order, then attributes. */
final class OracleOp {

    private final GraphOperationBuilder b;

    OracleOp(GraphOperationBuilder b) {
        this.b = b;
    }

    OracleOp in(Output<?>... inputs) {
        for (Output<?> o : inputs) {
            b.addInput(o);
        }
        return this;
    }

    /** A list-valued input (ConcatV2 values, AddN inputs, Pack values, IdentityN). */
    OracleOp list(Output<?>... inputs) {
        b.addInputList(inputs);
        return this;
    }

    OracleOp attr(String name, long v) {
        b.setAttr(name, v);
        return this;
    }

    OracleOp ints(String name, long... v) {
        b.setAttr(name, v);
        return this;
    }

    OracleOp attr(String name, float v) {
        b.setAttr(name, v);
        return this;
    }

    OracleOp attr(String name, boolean v) {
        b.setAttr(name, v);
        return this;
    }

    OracleOp attr(String name, String v) {
        b.setAttr(name, v);
        return this;
    }

    OracleOp type(String name, DataType t) {
        b.setAttr(name, TfJavaTensors.tfType(t));
        return this;
    }

    OracleOp shape(String name, long... dims) {
        b.setAttr(name, Shape.of(dims));
        return this;
    }

    OracleOp types(String name, DataType... ts) {
        org.tensorflow.proto.DataType[] v = new org.tensorflow.proto.DataType[ts.length];
        for (int i = 0; i < ts.length; i++) {
            v[i] = TfJavaTensors.tfType(ts[i]);
        }
        b.setAttr(name, v);
        return this;
    }

    OracleOp tensor(String name, dev.modelx.graph.Tensor value) {
        try (org.tensorflow.Tensor t = TfJavaTensors.toTf(value)) {
            b.setAttr(name, t);
        }
        return this;
    }

    OracleOp func(String name, org.tensorflow.ConcreteFunction f) {
        b.setAttr(name, f);
        return this;
    }

    OracleOp control(org.tensorflow.Operation op) {
        b.addControlInput(op);
        return this;
    }

    OracleOp raw(String name, org.tensorflow.proto.AttrValue v) {
        b.setAttr(name, v);
        return this;
    }

    GraphOperation build() {
        return b.build();
    }

    /** Builds the op and returns its first output. */
    Output<?> out() {
        return build().output(0);
    }
}
