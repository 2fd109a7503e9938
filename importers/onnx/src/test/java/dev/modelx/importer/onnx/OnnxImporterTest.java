package dev.modelx.importer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.modelx.format.onnx.OnnxFormatException;
import dev.modelx.format.onnx.proto.OnnxProtos.AttributeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.AttributeProto.AttributeType;
import dev.modelx.format.onnx.proto.OnnxProtos.DeviceConfigurationProto;
import dev.modelx.format.onnx.proto.OnnxProtos.FunctionProto;
import dev.modelx.format.onnx.proto.OnnxProtos.GraphProto;
import dev.modelx.format.onnx.proto.OnnxProtos.ModelProto;
import dev.modelx.format.onnx.proto.OnnxProtos.NodeDeviceConfigurationProto;
import dev.modelx.format.onnx.proto.OnnxProtos.NodeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.OperatorSetIdProto;
import dev.modelx.format.onnx.proto.OnnxProtos.StringStringEntryProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TensorProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TensorShapeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TrainingInfoProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TypeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.ValueInfoProto;
import dev.modelx.graph.Attribute;
import dev.modelx.graph.AttributeKind;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Function;
import dev.modelx.graph.Model;
import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.Node;
import dev.modelx.graph.Type;
import dev.modelx.graph.io.Formats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxImporterTest {
    private final OnnxImporter importer = new OnnxImporter();

    @TempDir
    Path dir;

    private static OperatorSetIdProto opset(String domain, long version) {
        return OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version).build();
    }

    private static ModelProto.Builder model(GraphProto.Builder graph) {
        return ModelProto.newBuilder().setIrVersion(10).addOpsetImport(opset("", 21)).setGraph(graph);
    }

    private static ValueInfoProto.Builder tensorValue(String name, int elemType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof Number n) {
                shape.addDimBuilder().setDimValue(n.longValue());
            } else if (d == null) {
                shape.addDimBuilder();
            } else {
                shape.addDimBuilder().setDimParam(d.toString()).setDenotation("DATA_BATCH");
            }
        }
        return ValueInfoProto.newBuilder().setName(name)
            .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)));
    }

    private Path write(ModelProto proto) throws IOException {
        Path file = dir.resolve("model.onnx");
        Files.write(file, proto.toByteArray());
        return file;
    }

    @Test
    void readsModelFieldsValuesAndOpsetVersions() throws IOException {
        GraphProto.Builder body = GraphProto.newBuilder().setName("body")
            .addNode(NodeProto.newBuilder().setOpType("Identity").addInput("x").addOutput("y"));
        GraphProto.Builder graph = GraphProto.newBuilder().setName("main").setDocString("the graph")
            .addInput(tensorValue("x", 1, "N", 3, null))
            .addOutput(tensorValue("z", 1))
            .addInitializer(TensorProto.newBuilder().setName("w").setDataType(1).addDims(1).addFloatData(2f))
            .addNode(NodeProto.newBuilder().setName("if").setOpType("If").addInput("c").addOutput("y")
                .addAttribute(AttributeProto.newBuilder().setName("then_branch").setType(AttributeType.GRAPH).setG(body))
                .addAttribute(AttributeProto.newBuilder().setName("else_branch").setType(AttributeType.GRAPH).setG(body)))
            .addNode(NodeProto.newBuilder().setName("custom").setOpType("Foo").setDomain("com.example").addInput("y").addOutput("z")
                .addMetadataProps(StringStringEntryProto.newBuilder().setKey("k").setValue("v")));
        ModelProto proto = model(graph).addOpsetImport(opset("com.example", 3))
            .setProducerName("p").setProducerVersion("1.0").setDomain("org.test").setModelVersion(7).setDocString("doc")
            .addMetadataProps(StringStringEntryProto.newBuilder().setKey("model_author").setValue("me"))
            .build();

        Model m = importer.read(write(proto));
        assertEquals(10, m.irVersion());
        assertEquals(21L, m.opsetImports().get(""));
        assertEquals(3L, m.opsetImports().get("com.example"));
        assertEquals("p", m.producerName());
        assertEquals(7, m.modelVersion());
        assertEquals("me", m.metadata().get("model_author"));
        assertEquals("onnx", m.sourceFormat());
        assertEquals("the graph", m.graph().docString());
        Type.TensorType input = (Type.TensorType) m.graph().inputs().get(0).type();
        assertEquals(DataType.FLOAT, input.elementType());
        assertEquals(new Dim(-1, "N", "DATA_BATCH"), input.shape().dim(0));
        assertEquals(Dim.of(3), input.shape().dim(1));
        assertEquals(Dim.unknown(), input.shape().dim(2));
        assertEquals(0, ((Type.TensorType) m.graph().outputs().get(0).type()).shape().rank(), "a scalar, not an unknown rank");
        assertArrayEquals(new float[] {2f}, m.graph().initializers().get("w").floats());

        Node ifNode = m.graph().nodes().get(0);
        assertEquals(21, ifNode.opsetVersion());
        assertEquals(21, ifNode.attribute("then_branch").asGraph().nodes().get(0).opsetVersion());
        Node custom = m.graph().nodes().get(1);
        assertEquals("com.example", custom.domain());
        assertEquals(3, custom.opsetVersion());
        assertEquals("v", custom.metadata().get("k"));
    }

    @Test
    void unsupportedAttributeTypeNamesFileNodeAndValue() throws IOException {
        AttributeProto bad = AttributeProto.newBuilder().setName("kernel_shape").setTypeValue(99).addInts(3).build();
        ModelProto proto = model(GraphProto.newBuilder().addNode(
            NodeProto.newBuilder().setName("conv1").setOpType("Conv").addAttribute(bad))).build();
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> importer.read(write(proto)));
        assertEquals("model.onnx: node 'conv1' (Conv): attribute 'kernel_shape' has unsupported type 99", e.getMessage());
        assertEquals(dir.resolve("model.onnx"), e.file());
    }

    @Test
    void errorsInsideSubGraphsNameTheWholePath() throws IOException {
        GraphProto.Builder body = GraphProto.newBuilder().addInitializer(
            TensorProto.newBuilder().setName("big").setDataType(1).addDims(1L << 40).setRawData(ByteString.copyFrom(new byte[4])));
        ModelProto proto = model(GraphProto.newBuilder().addNode(NodeProto.newBuilder().setName("loop").setOpType("Loop")
            .addAttribute(AttributeProto.newBuilder().setName("body").setType(AttributeType.GRAPH).setG(body)))).build();
        String message = assertThrows(OnnxFormatException.class, () -> importer.read(write(proto))).getMessage();
        assertTrue(message.startsWith("model.onnx: node 'loop' (Loop): attribute 'body': initializer 'big': holds 4 bytes"), message);
    }

    @Test
    void readsEveryAttributeKind() {
        TypeProto floatType = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1)).build();
        TensorProto tensor = TensorProto.newBuilder().setDataType(7).addDims(1).addInt64Data(4).build();
        NodeProto node = NodeProto.newBuilder().setOpType("Op").setDomain("x")
            .addAttribute(AttributeProto.newBuilder().setName("f").setType(AttributeType.FLOAT).setF(0.5f))
            .addAttribute(AttributeProto.newBuilder().setName("i").setType(AttributeType.INT).setI(-3))
            .addAttribute(AttributeProto.newBuilder().setName("s").setType(AttributeType.STRING).setS(ByteString.copyFromUtf8("txt")))
            .addAttribute(AttributeProto.newBuilder().setName("t").setType(AttributeType.TENSOR).setT(tensor))
            .addAttribute(AttributeProto.newBuilder().setName("tp").setType(AttributeType.TYPE_PROTO).setTp(floatType))
            .addAttribute(AttributeProto.newBuilder().setName("fs").setType(AttributeType.FLOATS).addFloats(1).addFloats(2))
            .addAttribute(AttributeProto.newBuilder().setName("is").setType(AttributeType.INTS).addInts(5))
            .addAttribute(AttributeProto.newBuilder().setName("ss").setType(AttributeType.STRINGS).addStrings(ByteString.copyFromUtf8("a")))
            .addAttribute(AttributeProto.newBuilder().setName("ts").setType(AttributeType.TENSORS).addTensors(tensor))
            .addAttribute(AttributeProto.newBuilder().setName("gs").setType(AttributeType.GRAPHS).addGraphs(GraphProto.newBuilder().setName("g0")))
            .addAttribute(AttributeProto.newBuilder().setName("tps").setType(AttributeType.TYPE_PROTOS).addTypeProtos(floatType))
            .addAttribute(AttributeProto.newBuilder().setName("untyped").addInts(1).addInts(2).setDocString("old IR"))
            .build();
        Model m = importer.read(model(GraphProto.newBuilder().addNode(node)).addOpsetImport(opset("x", 1)).build().toByteArray(), "mem");
        Node n = m.graph().nodes().get(0);
        assertEquals(0.5f, n.attribute("f").asFloat());
        assertEquals(-3, n.attribute("i").asLong());
        assertEquals("txt", n.attribute("s").asString());
        assertArrayEquals(new long[] {4}, n.attribute("t").asTensor().longs());
        assertInstanceOf(Type.TensorType.class, n.attribute("tp").asType());
        assertArrayEquals(new float[] {1, 2}, n.attribute("fs").asFloats());
        assertArrayEquals(new long[] {5}, n.attribute("is").asLongs());
        assertEquals(java.util.List.of("a"), n.attribute("ss").asStrings());
        assertEquals(1, n.attribute("ts").asTensors().size());
        assertEquals("g0", n.attribute("gs").asGraphs().get(0).name());
        assertEquals(1, n.attribute("tps").asTypes().size());
        assertEquals(AttributeKind.INTS, n.attribute("untyped").kind());
        assertEquals("old IR", n.attribute("untyped").docString());
    }

    @Test
    void readsFunctionsWithReferenceAttributes() {
        FunctionProto f = FunctionProto.newBuilder().setDomain("local").setName("Scale").setOverload("v2")
            .addInput("x").addOutput("y").addAttribute("alpha")
            .addAttributeProto(AttributeProto.newBuilder().setName("beta").setType(AttributeType.FLOAT).setF(1f))
            .addNode(NodeProto.newBuilder().setOpType("Mul").addInput("x").addInput("x").addOutput("y")
                .addAttribute(AttributeProto.newBuilder().setName("a").setRefAttrName("alpha").setType(AttributeType.FLOAT)))
            .addOpsetImport(opset("", 18))
            .build();
        ModelProto proto = model(GraphProto.newBuilder().addNode(NodeProto.newBuilder().setOpType("Scale").setDomain("local")
            .setOverload("v2"))).addOpsetImport(opset("local", 1)).addFunctions(f).build();
        Model m = importer.read(proto.toByteArray(), "mem");
        Function fn = m.function("local", "Scale", "v2").orElseThrow();
        assertEquals(java.util.List.of("alpha"), fn.attributeNames());
        assertEquals(Attribute.of("beta", 1f), fn.attributeDefaults().get(0));
        Attribute ref = fn.nodes().get(0).attribute("a");
        assertEquals(Attribute.reference("a", "alpha", AttributeKind.FLOAT), ref);
        assertEquals(18, fn.nodes().get(0).opsetVersion(), "function nodes use the function's own opset imports");
        assertEquals(1, m.graph().nodes().get(0).opsetVersion());
    }

    @Test
    void carriesTrainingInfoConfigurationsAndNodeDeviceConfigurations() {
        TrainingInfoProto training = TrainingInfoProto.newBuilder().setAlgorithm(GraphProto.newBuilder().setName("step"))
            .addUpdateBinding(StringStringEntryProto.newBuilder().setKey("w").setValue("w_new")).build();
        NodeDeviceConfigurationProto device = NodeDeviceConfigurationProto.newBuilder().setConfigurationId("cfg").setPipelineStage(2).build();
        ModelProto proto = model(GraphProto.newBuilder().addNode(NodeProto.newBuilder().setOpType("Relu").addDeviceConfigurations(device)))
            .addTrainingInfo(training)
            .addConfiguration(DeviceConfigurationProto.newBuilder().setName("cfg").setNumDevices(2))
            .build();
        Model m = importer.read(proto.toByteArray(), "mem");
        assertTrue(m.opaqueExtensions().containsKey(OnnxCarriedFields.TRAINING_INFO));
        assertTrue(m.opaqueExtensions().containsKey(OnnxCarriedFields.DEVICE_CONFIGURATIONS));
        String carried = m.graph().nodes().get(0).metadata().get(OnnxCarriedFields.NODE_DEVICE_CONFIGURATIONS);
        assertEquals(device, assertDoesNotThrowParse(carried).getDeviceConfigurations(0));
    }

    private static NodeProto assertDoesNotThrowParse(String base64) {
        try {
            return NodeProto.parseFrom(Base64.getDecoder().decode(base64));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void duplicateNamesAreErrors() {
        TensorProto w = TensorProto.newBuilder().setName("w").setDataType(1).addDims(1).addFloatData(1).build();
        ModelProto twice = model(GraphProto.newBuilder().addInitializer(w).addInitializer(w)).build();
        assertEquals("mem: initializer 'w': appears twice",
            assertThrows(OnnxFormatException.class, () -> importer.read(twice.toByteArray(), "mem")).getMessage());
        AttributeProto a = AttributeProto.newBuilder().setName("axis").setType(AttributeType.INT).setI(1).build();
        ModelProto attrTwice = model(GraphProto.newBuilder().addNode(NodeProto.newBuilder().setOpType("Concat").addOutput("y")
            .addAttribute(a).addAttribute(a))).build();
        assertEquals("mem: node 'y' (Concat): attribute 'axis' appears twice",
            assertThrows(OnnxFormatException.class, () -> importer.read(attrTwice.toByteArray(), "mem")).getMessage());
    }

    @Test
    void attributeWithoutTypeOrValueIsAnError() {
        ModelProto proto = model(GraphProto.newBuilder().addNode(NodeProto.newBuilder().setName("n").setOpType("Op")
            .addAttribute(AttributeProto.newBuilder().setName("a")))).build();
        assertEquals("mem: node 'n' (Op): attribute 'a': has no type and no value",
            assertThrows(OnnxFormatException.class, () -> importer.read(proto.toByteArray(), "mem")).getMessage());
    }

    @Test
    void isRegisteredAndDetectsOnnxFiles() {
        assertInstanceOf(OnnxImporter.class, Formats.importer("onnx"));
        assertInstanceOf(OnnxImporter.class, Formats.detect(Path.of("some/Model.ONNX")).orElseThrow());
        assertTrue(Formats.detect(Path.of("model.pb")).filter(i -> i instanceof OnnxImporter).isEmpty());
    }
}
