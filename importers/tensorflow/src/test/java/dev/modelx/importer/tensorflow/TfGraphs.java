package dev.modelx.importer.tensorflow;

import com.google.protobuf.ByteString;
import dev.modelx.format.tensorflow.TfDataTypes;
import dev.modelx.format.tensorflow.TfTensors;
import dev.modelx.format.tensorflow.proto.AttrValue;
import dev.modelx.format.tensorflow.proto.FunctionDef;
import dev.modelx.format.tensorflow.proto.GraphDef;
import dev.modelx.format.tensorflow.proto.NameAttrList;
import dev.modelx.format.tensorflow.proto.NodeDef;
import dev.modelx.format.tensorflow.proto.TensorShapeProto;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.runtime.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Builds small GraphDefs in code and imports/runs them (test helper). */
final class TfGraphs {

    final GraphDef.Builder g = GraphDef.newBuilder();

    static AttrValue type(DataType t) {
        return AttrValue.newBuilder().setTypeValue(TfDataTypes.toTf(t)).build();
    }

    static AttrValue i(long v) {
        return AttrValue.newBuilder().setI(v).build();
    }

    static AttrValue f(float v) {
        return AttrValue.newBuilder().setF(v).build();
    }

    static AttrValue b(boolean v) {
        return AttrValue.newBuilder().setB(v).build();
    }

    static AttrValue s(String v) {
        return AttrValue.newBuilder().setS(ByteString.copyFromUtf8(v)).build();
    }

    static AttrValue ints(long... v) {
        AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
        for (long x : v) {
            l.addI(x);
        }
        return AttrValue.newBuilder().setList(l).build();
    }

    static AttrValue types(DataType... ts) {
        AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
        for (DataType t : ts) {
            l.addTypeValue(TfDataTypes.toTf(t));
        }
        return AttrValue.newBuilder().setList(l).build();
    }

    static AttrValue func(String name) {
        return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name)).build();
    }

    static TensorShapeProto shape(long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return s.build();
    }

    TfGraphs placeholder(String name, DataType t, long... dims) {
        g.addNode(NodeDef.newBuilder().setName(name).setOp("Placeholder").putAttr("dtype", type(t))
                .putAttr("shape", AttrValue.newBuilder().setShape(shape(dims)).build()));
        return this;
    }

    TfGraphs constant(String name, Tensor t) {
        g.addNode(NodeDef.newBuilder().setName(name).setOp("Const").putAttr("dtype", type(t.type()))
                .putAttr("value", AttrValue.newBuilder().setTensor(TfTensors.toProto(t)).build()));
        return this;
    }

    TfGraphs floats(String name, long[] shape, float... v) {
        return constant(name, Tensor.ofFloats(shape, v));
    }

    TfGraphs ints(String name, int... v) {
        return constant(name, Tensor.ofInts(new long[]{v.length}, v));
    }

    TfGraphs scalarInt(String name, int v) {
        return constant(name, Tensor.ofInts(new long[0], v));
    }

    /** Adds a node; attrs alternate name, AttrValue. T defaults to float when not given. */
    TfGraphs op(String name, String op, String[] inputs, Object... attrs) {
        NodeDef.Builder n = NodeDef.newBuilder().setName(name).setOp(op);
        for (String in : inputs) {
            n.addInput(in);
        }
        for (int k = 0; k < attrs.length; k += 2) {
            n.putAttr((String) attrs[k], (AttrValue) attrs[k + 1]);
        }
        if (!n.containsAttr("T")) {
            n.putAttr("T", type(DataType.FLOAT));
        }
        g.addNode(n);
        return this;
    }

    TfGraphs function(FunctionDef f) {
        g.getLibraryBuilder().addFunction(f);
        return this;
    }

    static String[] in(String... names) {
        return names;
    }

    Model importModel(String outputs) throws IOException {
        Path dir = Files.createTempDirectory("tfgraphs");
        Path pb = dir.resolve("g.pb");
        Files.write(pb, g.build().toByteArray());
        try {
            return new TensorFlowImporter().read(pb, ImportOptions.of(Map.of("outputs", outputs)));
        } finally {
            Files.deleteIfExists(pb);
            Files.deleteIfExists(dir);
        }
    }

    /** Imports with {@code outputs} and runs with {@code feeds}; returns the single output. */
    Tensor run(String output, Map<String, Tensor> feeds) throws IOException {
        return runAll(output, feeds).get(output);
    }

    Map<String, Tensor> runAll(String outputs, Map<String, Tensor> feeds) throws IOException {
        Model m = importModel(outputs);
        try (Session s = Session.create(m)) {
            return s.runTensors(feeds);
        }
    }

    static Tensor f32(long[] shape, float... v) {
        return Tensor.ofFloats(shape, v);
    }

    static long[] dims(long... d) {
        return d;
    }
}
