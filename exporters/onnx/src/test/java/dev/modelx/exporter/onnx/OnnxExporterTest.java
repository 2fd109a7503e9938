package dev.modelx.exporter.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.format.onnx.ExternalDataReference;
import dev.modelx.format.onnx.OnnxFiles;
import dev.modelx.format.onnx.OnnxFormatException;
import dev.modelx.format.onnx.proto.OnnxProtos.ModelProto;
import dev.modelx.format.onnx.proto.OnnxProtos.NodeDeviceConfigurationProto;
import dev.modelx.format.onnx.proto.OnnxProtos.NodeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TensorProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TrainingInfoProto;
import dev.modelx.graph.Attribute;
import dev.modelx.graph.AttributeKind;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Function;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.SparseTensor;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.Formats;
import dev.modelx.importer.onnx.OnnxCarriedFields;
import dev.modelx.importer.onnx.OnnxImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxExporterTest {
    private final OnnxImporter importer = new OnnxImporter();
    private final OnnxExporter exporter = new OnnxExporter();

    @TempDir
    Path dir;

    // ---- models built in code ----

    /** A tensor of {@code type} with varied, valid element values. */
    static Tensor sample(DataType type, long... shape) {
        Random random = new Random(type.code());
        int n = (int) Tensor.elementCount(shape);
        int length = type.isComplex() ? 2 * n : n;
        Object array = switch (type) {
            case FLOAT, COMPLEX64 -> {
                float[] a = new float[length];
                for (int i = 0; i < length; i++) {
                    a[i] = i == 0 ? Float.NaN : random.nextFloat() * 100 - 50;
                }
                yield a;
            }
            case DOUBLE, COMPLEX128 -> random.doubles(length).toArray();
            case INT64, UINT64 -> random.longs(length).toArray();
            case INT32, UINT32 -> random.ints(length).toArray();
            case INT16, UINT16, FLOAT16, BFLOAT16 -> {
                short[] a = new short[length];
                for (int i = 0; i < length; i++) {
                    a[i] = (short) random.nextInt();
                }
                yield a;
            }
            case STRING -> {
                String[] a = new String[length];
                for (int i = 0; i < length; i++) {
                    a[i] = i % 2 == 0 ? "s" + i : "ü€" + i;
                }
                yield a;
            }
            default -> {
                // one element per byte; sub-byte and bool types only take their valid codes
                byte[] a = new byte[length];
                for (int i = 0; i < length; i++) {
                    int v = random.nextInt(256);
                    a[i] = (byte) switch (type) {
                        case BOOL -> v & 1;
                        case UINT4, FLOAT4E2M1 -> v & 0xF;
                        case INT4 -> (v & 0xF) - 8;
                        case UINT2 -> v & 3;
                        case INT2 -> (v & 3) - 2;
                        default -> v;
                    };
                }
                yield a;
            }
        };
        return Tensor.of(type, shape, array);
    }

    /** A model using every attribute kind, every value type, functions, metadata and annotations. */
    static Model richModel() {
        Graph body = new Graph("body");
        body.input("i", DataType.INT64);
        body.output("o", DataType.INT64);
        body.add(Node.of("Identity").inputs("i").outputs("o"));

        Type sequence = new Type.SequenceType(Type.tensor(DataType.FLOAT, Shape.of("N", 2)));
        Type map = new Type.MapType(DataType.STRING, Type.tensor(DataType.DOUBLE), "map-denotation");
        Type optional = new Type.OptionalType(sequence);
        Type sparse = new Type.SparseTensorType(DataType.FLOAT, Shape.of(new long[] {4, 4}), null);
        Type opaque = new Type.OpaqueType("com.example", "Handle", null);
        Type unknownRank = new Type.TensorType(DataType.BFLOAT16, null, "IMAGE");
        SparseTensor sparseValue = new SparseTensor(Tensor.ofFloats(new long[] {2}, 1f, 2f), Tensor.ofLongs(new long[] {2}, 0, 5), new long[] {4, 4});

        Graph g = new Graph("main").docString("main graph");
        g.input(new ValueInfo("x", new Type.TensorType(DataType.FLOAT,
            new Shape(List.of(new Dim(-1, "batch", "DATA_BATCH"), Dim.of(3), Dim.unknown())), "TENSOR"), "input x", Map.of("k", "v")));
        g.input(new ValueInfo("seq", sequence));
        g.input(new ValueInfo("untyped", null));
        g.output("y", DataType.FLOAT, 1, 3);
        g.valueInfos().add(new ValueInfo("m", map));
        g.valueInfos().add(new ValueInfo("opt", optional));
        g.valueInfos().add(new ValueInfo("sp", sparse));
        g.valueInfos().add(new ValueInfo("h", opaque));
        g.valueInfos().add(new ValueInfo("u", unknownRank));
        g.initializer("w", sample(DataType.FLOAT, 3, 3));
        g.sparseInitializers().put("sw", sparseValue);
        g.metadata().put("graph.key", "graph.value");
        g.quantizationAnnotations().add(new Graph.QuantizationAnnotation("w", Map.of("SCALE_TENSOR", "w_scale")));

        Node all = new Node("every_kind", "Custom", "com.example").overload("o1").inputs("x", "", "w").outputs("y")
            .docString("node doc")
            .attr(Attribute.of("f", -0.0f).withDocString("attr doc"))
            .attr(Attribute.of("i", Long.MIN_VALUE))
            .attr(Attribute.of("s", "text ∑"))
            .attr(Attribute.of("t", sample(DataType.INT8, 2, 2)))
            .attr(Attribute.of("g", body))
            .attr(Attribute.of("st", sparseValue))
            .attr(Attribute.of("tp", map))
            .attr(Attribute.floats("fs", 1.5f, Float.NaN))
            .attr(Attribute.ints("is", 1, -2, 3))
            .attr(Attribute.strings("ss", List.of("a", "", "c")))
            .attr(Attribute.tensors("ts", List.of(sample(DataType.STRING, 2), sample(DataType.FLOAT16, 3))))
            .attr(Attribute.graphs("gs", List.of(body.copy(), new Graph("empty"))))
            .attr(Attribute.sparseTensors("sts", List.of(sparseValue)))
            .attr(Attribute.types("tps", List.of(sequence, optional, opaque, unknownRank)));
        all.metadata().put("node.key", "node.value");
        g.add(all);
        g.add(new Node("", "Relu", "").inputs("y").outputs("z"));

        Function f = new Function("com.example", "Scaled").overload("o1").docString("function doc");
        f.inputs().add("a");
        f.outputs().add("b");
        f.attributeNames().add("alpha");
        f.attributeDefaults().add(Attribute.of("beta", 2f));
        f.nodes().add(Node.of("Mul").inputs("a", "a").outputs("b").attr(Attribute.reference("k", "alpha", AttributeKind.FLOAT)));
        f.opsetImports().put("", 18L);
        f.valueInfos().add(ValueInfo.tensor("a", DataType.FLOAT, 1));
        f.metadata().put("f.key", "f.value");

        Model m = Model.of(g, 21).irVersion(11).producerName("modelx-test").producerVersion("0.1").domain("dev.modelx")
            .modelVersion(3).docString("model doc");
        m.opsetImports().put("com.example", 2L);
        m.functions().add(f);
        m.metadata().put("model_author", "modelx");
        return m.resolveOpsetVersions();
    }

    private Model roundTrip(Model m, ExportOptions options) throws IOException {
        Path file = dir.resolve("model.onnx");
        exporter.write(m, file, options);
        return importer.read(file);
    }

    private static void assertSameModel(Model expected, Model actual) {
        assertEquals(expected, actual, () -> ModelDiff.firstDifference(expected, actual).orElse("equal"));
    }

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void everyAttributeKindAndValueTypeRoundTrips() throws IOException {
        Model m = richModel();
        assertSameModel(m, importer.read(exporter.toBytes(m), "bytes"));
        assertSameModel(m, roundTrip(m, ExportOptions.defaults()));
        assertSameModel(m, roundTrip(m, ExportOptions.defaults().externalData(true).externalDataThreshold(0)));
    }

    @Test
    void everyDataTypeRoundTripsInlineAndExternal() throws IOException {
        Graph g = new Graph("types");
        for (DataType type : DataType.values()) {
            if (type != DataType.UNDEFINED) {
                g.initializer(type.displayName(), sample(type, 3, 5));
                g.initializer(type.displayName() + "_scalar", sample(type));
                g.initializer(type.displayName() + "_empty", sample(type, 0, 2));
            }
        }
        Model m = Model.of(g, 21);
        assertEquals(26 * 3, g.initializers().size());
        assertSameModel(m, importer.read(exporter.toBytes(m), "bytes"));
        assertSameModel(m, roundTrip(m, ExportOptions.defaults().externalData(true).externalDataThreshold(1)));
        assertEquals(List.of("model.onnx", "model.onnx.data"), filesInDir());
    }

    // ---- external data ----

    private static Model modelWithWeights(int... byteSizes) {
        Graph g = new Graph("weights");
        for (int i = 0; i < byteSizes.length; i++) {
            g.initializer("w" + i, sample(DataType.UINT8, byteSizes[i]));
        }
        return Model.of(g, 21);
    }

    @Test
    void externalDataOnWritesLargeTensorsToOneSideFile() throws IOException {
        Model m = modelWithWeights(5000, 10, 3000);
        Model back = roundTrip(m, ExportOptions.defaults().externalData(true).externalDataThreshold(1024));
        assertSameModel(m, back);
        assertEquals(List.of("model.onnx", "model.onnx.data"), filesInDir());
        assertEquals(8000, Files.size(dir.resolve("model.onnx.data")));
        assertTrue(back.graph().initializers().get("w0").packedBytes().isDirect(), "external data is mapped, not read");

        ModelProto proto = OnnxFiles.readModel(dir.resolve("model.onnx"));
        TensorProto w0 = proto.getGraph().getInitializer(0);
        assertEquals(TensorProto.DataLocation.EXTERNAL, w0.getDataLocation());
        assertEquals(new ExternalDataReference("model.onnx.data", 0, 5000, null), ExternalDataReference.parse("w0", w0.getExternalDataList()));
        assertEquals(TensorProto.DataLocation.DEFAULT, proto.getGraph().getInitializer(1).getDataLocation(), "small tensors stay inline");
        assertEquals(new ExternalDataReference("model.onnx.data", 5000, 3000, null),
            ExternalDataReference.parse("w2", proto.getGraph().getInitializer(2).getExternalDataList()));
    }

    @Test
    void externalDataCanBeAlignedAndRenamed() throws IOException {
        Model m = modelWithWeights(5000, 3000);
        ExportOptions options = ExportOptions.defaults().externalData(true)
            .set(OnnxExporter.EXTERNAL_DATA_ALIGNMENT, "4096").set(OnnxExporter.EXTERNAL_DATA_FILE, "weights.bin");
        assertSameModel(m, roundTrip(m, options));
        assertEquals(List.of("model.onnx", "weights.bin"), filesInDir());
        TensorProto w1 = OnnxFiles.readModel(dir.resolve("model.onnx")).getGraph().getInitializer(1);
        assertEquals(new ExternalDataReference("weights.bin", 8192, 3000, null), ExternalDataReference.parse("w1", w1.getExternalDataList()));
    }

    @Test
    void externalDataOffKeepsEverythingInline() throws IOException {
        Model m = modelWithWeights(5000, 3000);
        assertSameModel(m, roundTrip(m, ExportOptions.defaults().externalData(false)));
        assertEquals(List.of("model.onnx"), filesInDir());
    }

    @Test
    void reExportingAModelOverItsOwnExternalDataWorks() throws IOException {
        Model m = modelWithWeights(5000);
        ExportOptions external = ExportOptions.defaults().externalData(true);
        Model back = roundTrip(m, external);
        assertSameModel(m, roundTrip(back, external));
    }

    @Test
    void externalDataFileMustBeAPlainName() {
        for (String bad : List.of("../w.bin", "sub/w.bin", "/tmp/w.bin", "model.onnx", "..", "")) {
            ExportOptions options = ExportOptions.defaults().externalData(true).set(OnnxExporter.EXTERNAL_DATA_FILE, bad);
            assertThrows(IllegalArgumentException.class, () -> exporter.write(modelWithWeights(2000), dir.resolve("model.onnx"), options), bad);
        }
    }

    // ---- the 2 GB switch, with a lowered limit ----

    @Test
    void switchesToExternalDataWhenTheInlineModelWouldExceedTheLimit() throws IOException {
        OnnxExporter small = new OnnxExporter(10_000);
        Model big = modelWithWeights(6000, 6000);
        small.write(big, dir.resolve("model.onnx"), ExportOptions.defaults());
        assertEquals(List.of("model.onnx", "model.onnx.data"), filesInDir());
        assertTrue(Files.size(dir.resolve("model.onnx")) < 10_000);
        assertSameModel(big, importer.read(dir.resolve("model.onnx")));

        Files.delete(dir.resolve("model.onnx"));
        Files.delete(dir.resolve("model.onnx.data"));
        small.write(modelWithWeights(6000), dir.resolve("model.onnx"), ExportOptions.defaults());
        assertEquals(List.of("model.onnx"), filesInDir(), "under the limit the model stays in one file");
    }

    @Test
    void refusesToExceedTheLimitWhenExternalDataIsOff() throws IOException {
        OnnxExporter small = new OnnxExporter(10_000);
        Model big = modelWithWeights(6000, 6000);
        OnnxFormatException e = assertThrows(OnnxFormatException.class,
            () -> small.write(big, dir.resolve("model.onnx"), ExportOptions.defaults().externalData(false)));
        assertTrue(e.getMessage().contains("more than the 10000"), e.getMessage());
        assertTrue(assertThrows(OnnxFormatException.class, () -> small.toBytes(big)).getMessage().contains("more than the 10000"));
        assertEquals(List.of(), filesInDir());
    }

    // ---- atomic writes ----

    @Test
    void aFailingWriteLeavesNoFileAndKeepsTheOldOne() throws IOException {
        Path target = dir.resolve("model.onnx");
        Files.writeString(target, "previous model");
        Model broken = modelWithWeights(5000);
        broken.opaqueExtensions().put(OnnxCarriedFields.MODEL_FRAGMENT_PREFIX + "broken", new byte[] {(byte) 0xFF, (byte) 0xFF});
        assertThrows(OnnxFormatException.class, () -> exporter.write(broken, target, ExportOptions.defaults().externalData(true)));
        assertEquals(List.of("model.onnx"), filesInDir(), "no temporary or data file is left behind");
        assertEquals("previous model", Files.readString(target));
    }

    @Test
    void aFailingRenameLeavesNoTemporaryFiles() throws IOException {
        Path blocker = Files.createDirectory(dir.resolve("model.onnx.data"));
        Files.writeString(blocker.resolve("keep"), "x");
        assertThrows(IOException.class, () -> exporter.write(modelWithWeights(5000), dir.resolve("model.onnx"),
            ExportOptions.defaults().externalData(true)));
        assertEquals(List.of("model.onnx.data"), filesInDir(), "only the pre-existing folder remains");
    }

    @Test
    void refusesToWriteOverAFolder() throws IOException {
        Files.createDirectory(dir.resolve("model.onnx"));
        assertThrows(OnnxFormatException.class, () -> exporter.write(modelWithWeights(10), dir.resolve("model.onnx"), ExportOptions.defaults()));
    }

    // ---- fields the graph model only carries ----

    @Test
    void carriedOnnxFieldsAreWrittenBack() {
        TrainingInfoProto training = TrainingInfoProto.newBuilder().setAlgorithm(
            dev.modelx.format.onnx.proto.OnnxProtos.GraphProto.newBuilder().setName("step")).build();
        NodeDeviceConfigurationProto device = NodeDeviceConfigurationProto.newBuilder().setConfigurationId("cfg").build();
        Model m = modelWithWeights(4);
        m.opaqueExtensions().put(OnnxCarriedFields.TRAINING_INFO, ModelProto.newBuilder().addTrainingInfo(training).build().toByteArray());
        m.opaqueExtensions().put("tf.something", new byte[] {1, 2, 3});
        Node relu = m.graph().add(Node.of("Relu").inputs("w0").outputs("r"));
        relu.metadata().put("user", "kept");
        relu.metadata().put(OnnxCarriedFields.NODE_DEVICE_CONFIGURATIONS,
            Base64.getEncoder().encodeToString(NodeProto.newBuilder().addDeviceConfigurations(device).build().toByteArray()));

        ModelProto proto = exporter.toProto(m);
        assertEquals(List.of(training), proto.getTrainingInfoList());
        assertTrue(proto.getUnknownFields().asMap().isEmpty(), "other formats' extensions are not written");
        NodeProto node = proto.getGraph().getNode(0);
        assertEquals(List.of(device), node.getDeviceConfigurationsList());
        assertEquals(1, node.getMetadataPropsCount());
        assertEquals("user", node.getMetadataProps(0).getKey());
    }

    @Test
    void isRegistered() {
        assertInstanceOf(OnnxExporter.class, Formats.exporter("onnx"));
        assertFalse(Formats.exporters().isEmpty());
    }
}
