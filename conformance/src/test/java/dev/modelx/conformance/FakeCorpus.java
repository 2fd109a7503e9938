package dev.modelx.conformance;

import dev.modelx.format.onnx.proto.OnnxProtos.AttributeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.GraphProto;
import dev.modelx.format.onnx.proto.OnnxProtos.ModelProto;
import dev.modelx.format.onnx.proto.OnnxProtos.NodeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.OperatorSetIdProto;
import dev.modelx.format.onnx.proto.OnnxProtos.SequenceProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TensorShapeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TypeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.ValueInfoProto;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.importer.onnx.OnnxTensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Writes a tiny backend-test corpus (hand-made models and data) for testing the runner itself. */
final class FakeCorpus {

    private FakeCorpus() {
    }

    static Path write(Path data) throws IOException {
        Tensor x = Tensor.ofFloats(new long[] {2, 3}, -1, 2, -3, 4, -5, 1.5f);
        Tensor absX = Tensor.ofFloats(new long[] {2, 3}, 1, 2, 3, 4, 5, 1.5f);
        ModelProto abs = model(graph("abs", List.of(node("Abs", List.of("x"), List.of("y"))),
                List.of(tensorInfo("x", DataType.FLOAT, 2, 3)), List.of(tensorInfo("y", DataType.FLOAT, 2, 3))));

        Path t = dataSet(data, "node", "test_fake_abs", abs);
        pb(t.resolve("input_0.pb"), x);
        pb(t.resolve("output_0.pb"), absX);

        t = dataSet(data, "node", "test_fake_abs_wrong", abs);
        pb(t.resolve("input_0.pb"), x);
        pb(t.resolve("output_0.pb"), Tensor.ofFloats(new long[] {2, 3}, 1, 2, 3, 4, 5, 1.2f));

        t = dataSet(data, "node", "test_fake_missing_op", model(graph("missing",
                List.of(node("NoSuchOp", List.of("x"), List.of("y"))),
                List.of(tensorInfo("x", DataType.FLOAT, 2, 3)), List.of(tensorInfo("y", DataType.FLOAT, 2, 3)))));
        pb(t.resolve("input_0.pb"), x);
        pb(t.resolve("output_0.pb"), absX);

        // a sequence output, read from a SequenceProto
        TypeProto seqType = TypeProto.newBuilder().setSequenceType(TypeProto.Sequence.newBuilder()
                .setElemType(tensorInfo("e", DataType.FLOAT, 2, 3).getType())).build();
        t = dataSet(data, "node", "test_fake_sequence", model(graph("seq",
                List.of(node("SequenceConstruct", List.of("a", "b"), List.of("s"))),
                List.of(tensorInfo("a", DataType.FLOAT, 2, 3), tensorInfo("b", DataType.FLOAT, 2, 3)),
                List.of(ValueInfoProto.newBuilder().setName("s").setType(seqType).build()))));
        pb(t.resolve("input_0.pb"), x);
        pb(t.resolve("input_1.pb"), absX);
        Files.write(t.resolve("output_0.pb"), SequenceProto.newBuilder().setElemType(SequenceProto.DataType.TENSOR_VALUE)
                .addTensorValues(OnnxTensors.toProto(x, null)).addTensorValues(OnnxTensors.toProto(absX, null)).build().toByteArray());

        // a random op: expected draws that the runtime's generator will not reproduce
        int n = 2000;
        float[] p = new float[n];
        java.util.Arrays.fill(p, 0.5f);
        float[] draws = new float[n];
        Random random = new Random(12345);
        for (int i = 0; i < n; i++) {
            draws[i] = random.nextBoolean() ? 1 : 0;
        }
        t = dataSet(data, "node", "test_fake_bernoulli", model(graph("bernoulli",
                List.of(node("Bernoulli", List.of("p"), List.of("y"))),
                List.of(tensorInfo("p", DataType.FLOAT, n)), List.of(tensorInfo("y", DataType.FLOAT, n)))));
        pb(t.resolve("input_0.pb"), Tensor.ofFloats(new long[] {n}, p));
        pb(t.resolve("output_0.pb"), Tensor.ofFloats(new long[] {n}, draws));

        // a Loop that would run for ages: the runner must give up on it
        GraphProto body = graph("body", List.of(node("Identity", List.of("cond"), List.of("cond_out")),
                        node("Identity", List.of("v"), List.of("v_out"))),
                List.of(tensorInfo("i", DataType.INT64), tensorInfo("cond", DataType.BOOL), tensorInfo("v", DataType.FLOAT, 1)),
                List.of(tensorInfo("cond_out", DataType.BOOL), tensorInfo("v_out", DataType.FLOAT, 1)));
        NodeProto loop = node("Loop", List.of("M", "", "v0"), List.of("v_final")).toBuilder()
                .addAttribute(AttributeProto.newBuilder().setName("body").setType(AttributeProto.AttributeType.GRAPH).setG(body))
                .build();
        GraphProto hang = graph("hang", List.of(loop), List.of(tensorInfo("v0", DataType.FLOAT, 1)),
                List.of(tensorInfo("v_final", DataType.FLOAT, 1))).toBuilder()
                .addInitializer(OnnxTensors.toProto(Tensor.scalar(Long.MAX_VALUE), "M")).build();
        t = dataSet(data, "node", "test_fake_hang", model(hang));
        pb(t.resolve("input_0.pb"), Tensor.ofFloats(new long[] {1}, 1));
        pb(t.resolve("output_0.pb"), Tensor.ofFloats(new long[] {1}, 1));

        // light: arange input, expected output beside the model
        Path light = Files.createDirectories(data.resolve("light"));
        ModelProto relu = model(graph("tiny", List.of(node("Relu", List.of("x"), List.of("y"))),
                List.of(ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(DataType.FLOAT.code()).setShape(TensorShapeProto.newBuilder()
                                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(2))
                                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(3))))).build()),
                List.of(tensorInfo("y", DataType.FLOAT, 1, 2, 3))));
        Files.write(light.resolve("light_tiny.onnx"), relu.toByteArray());
        pb(light.resolve("light_tiny_output_0.pb"), Tensor.ofFloats(new long[] {1, 2, 3}, 0, 1f / 6, 2f / 6, 3f / 6, 4f / 6, 5f / 6));

        Path real = Files.createDirectories(data.resolve("real/test_zoo"));
        Files.writeString(real.resolve("data.json"), "{\"atol\": 1e-07, \"model_name\": \"zoo\", \"rtol\": 0.001, \"url\": \"https://example.org/zoo.tar.gz\"}");
        return data;
    }

    private static Path dataSet(Path data, String folder, String name, ModelProto model) throws IOException {
        Path dir = Files.createDirectories(data.resolve(folder).resolve(name));
        Files.write(dir.resolve("model.onnx"), model.toByteArray());
        return Files.createDirectories(dir.resolve("test_data_set_0"));
    }

    private static void pb(Path file, Tensor t) throws IOException {
        Files.write(file, OnnxTensors.toProto(t, null).toByteArray());
    }

    static ModelProto model(GraphProto g) {
        return ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
    }

    static GraphProto graph(String name, List<NodeProto> nodes, List<ValueInfoProto> inputs, List<ValueInfoProto> outputs) {
        return GraphProto.newBuilder().setName(name).addAllNode(nodes).addAllInput(inputs).addAllOutput(outputs).build();
    }

    static NodeProto node(String op, List<String> inputs, List<String> outputs) {
        return NodeProto.newBuilder().setOpType(op).setName(op.toLowerCase()).addAllInput(inputs).addAllOutput(outputs).build();
    }

    static ValueInfoProto tensorInfo(String name, DataType type, long... shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : shape) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.code()).setShape(s))).build();
    }

}
