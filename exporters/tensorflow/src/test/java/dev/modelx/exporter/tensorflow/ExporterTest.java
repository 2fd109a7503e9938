package dev.modelx.exporter.tensorflow;

import static dev.modelx.exporter.tensorflow.OpCase.f;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.format.tensorflow.TfModelFiles;
import dev.modelx.format.tensorflow.proto.GraphDef;
import dev.modelx.format.tensorflow.proto.NodeDef;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.UnsupportedOpsException;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.examples.ExampleModels;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.Formats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Registration, error reporting, atomic writes, names, layout and coverage of the exporters. */
class ExporterTest {

    @TempDir
    Path dir;

    @Test
    void bothFormatsAreRegistered() {
        assertInstanceOf(TensorFlowGraphDefExporter.class, Formats.exporter("tf-graphdef"));
        assertInstanceOf(TensorFlowSavedModelExporter.class, Formats.exporter("tf-savedmodel"));
    }

    private static Model unsupported() {
        Graph g = new Graph("bad");
        g.input("x", DataType.FLOAT, 2, 3);
        g.add(Node.of("Col2Im").inputs("x").outputs("u"));
        g.add(Node.of("Relu").inputs("u").outputs("r"));
        g.add(new Node("", "Custom", "com.example").inputs("r").outputs("c"));
        g.add(Node.of("TfIdfVectorizer").inputs("c").outputs("y"));
        g.output(new ValueInfo("y", null));
        return Model.of(g, 18);
    }

    @Test
    void everyUnsupportedOpIsReportedAtOnceAndNothingIsWritten() throws Exception {
        Path pb = dir.resolve("bad.pb");
        UnsupportedOpsException e = assertThrows(UnsupportedOpsException.class,
                () -> new TensorFlowGraphDefExporter().write(unsupported(), pb, ExportOptions.defaults()));
        assertEquals(List.of("Col2Im", "TfIdfVectorizer", "com.example.Custom"), e.sortedOps());
        assertTrue(e.getMessage().contains("bad.pb") && e.getMessage().contains("Col2Im, TfIdfVectorizer"), e.getMessage());
        assertFalse(Files.exists(pb));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "no temporary files are left");
        }
    }

    @Test
    void aFailedSavedModelExportKeepsThePreviousFolder() throws Exception {
        Path sm = dir.resolve("sm");
        new TensorFlowSavedModelExporter().write(ExampleModels.smallCnn(), sm, ExportOptions.defaults());
        byte[] before = Files.readAllBytes(sm.resolve("saved_model.pb"));
        assertThrows(UnsupportedOpsException.class,
                () -> new TensorFlowSavedModelExporter().write(unsupported(), sm, ExportOptions.defaults()));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(sm.resolve("saved_model.pb"))));
        new TensorFlowSavedModelExporter().write(ExampleModels.transformerBlock(), sm, ExportOptions.defaults());
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(sm.resolve("saved_model.pb"))), "overwritten");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("sm"), s.map(p -> p.getFileName().toString()).toList(), "no temporary folders are left");
        }
    }

    @Test
    void aSavedModelCannotReplaceAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("x"), "keep");
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> new TensorFlowSavedModelExporter().write(ExampleModels.smallCnn(), file, ExportOptions.defaults()));
        assertTrue(e.getMessage().contains("file already exists"), e.getMessage());
        assertEquals("keep", Files.readString(file));
    }

    @Test
    void badAttributeNamesTheNodeAndValue() {
        Graph g = new Graph("g");
        g.input("x", DataType.FLOAT, 1, 2, 4, 4);
        g.add(Node.of("Pad").name("pad1").inputs("x", "p").outputs("y").attr("mode", "symmetric"));
        g.initializer("p", Tensor.ofLongs(new long[]{8}, 0, 0, 1, 1, 0, 0, 1, 1));
        g.output(new ValueInfo("y", null));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> new TensorFlowGraphDefExporter().write(Model.of(g, 18), dir.resolve("m.pb"), ExportOptions.defaults()));
        assertTrue(e.getMessage().contains("pad1") && e.getMessage().contains("'symmetric'"), e.getMessage());
    }

    @Test
    void namesTfCannotHoldAreSanitisedAndSignatureKeysKeepTheOriginals() throws Exception {
        Graph g = new Graph("names");
        g.input("input:0", DataType.FLOAT, 2);
        g.add(Node.of("Relu").inputs("input:0").outputs("_out put"));
        g.output(new ValueInfo("_out put", null));
        Model m = Model.of(g, 18);
        TfGraphEmitter.Emitted e = TfGraphEmitter.emit(m, null, false);
        assertEquals("input_0", e.inputs().get("input:0"));
        assertEquals("n_out_put", e.outputs().get("_out put"));
        Tensor x = Tensor.ofFloats(new long[]{2}, -1f, 2f);
        double err = ExportCheck.againstReference(m, Map.of("input:0", x), dir);
        assertEquals(0.0, err);
    }

    @Test
    void transposesThatCancelEmitNothing() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3, 4);
        g.add(Node.of("Transpose").inputs("x").outputs("a").ints("perm", 1, 2, 0));
        g.add(Node.of("Relu").inputs("a").outputs("b"));
        g.add(Node.of("Transpose").inputs("b").outputs("y").ints("perm", 2, 0, 1));
        g.output(new ValueInfo("y", null));
        Model m = Model.of(g, 18);
        ExportCheck.againstReference(m, Map.of("x", f(2, 3, 4)), dir);
        GraphDef gd = TfModelFiles.readGraphDef(dir.resolve("model.pb"));
        assertEquals(List.of("Placeholder", "Relu", "Identity"), gd.getNodeList().stream().map(NodeDef::getOp).toList());
    }

    /** Ops between two convolutions work on the NHWC tensors: one Transpose in, one out. */
    @Test
    void layoutAwareOpsKeepChannelsLast() throws Exception {
        Graph g = new Graph("layout");
        g.input("x", DataType.FLOAT, 2, 3, 6, 6);
        g.initializer("w1", f(4, 3, 3, 3));
        g.initializer("w2", f(4, 3, 1, 1));
        g.initializer("bias", f(4, 1, 1));
        g.add(Node.of("Conv").inputs("x", "w1").outputs("c1").ints("pads", 1, 1, 1, 1));
        g.add(Node.of("Relu").inputs("c1").outputs("r"));
        g.add(Node.of("ReduceMax").inputs("r").outputs("m").ints("axes", 2).attr("keepdims", 1L));
        g.add(Node.of("Add").inputs("r", "bias").outputs("a"));
        g.add(Node.of("Sub").inputs("a", "m").outputs("s"));
        g.add(Node.of("Conv").inputs("x", "w2").outputs("c2"));
        g.add(Node.of("Concat").inputs("s", "c2").outputs("cat").attr("axis", 1L));
        g.add(Node.of("MaxPool").inputs("cat").outputs("p").ints("kernel_shape", 2, 2).ints("strides", 2, 2));
        g.add(Node.of("Softmax").inputs("p").outputs("y").attr("axis", 1L));
        g.output(new ValueInfo("y", null));
        Model m = Model.of(g, 13);
        ExportCheck.againstReference(m, Map.of("x", f(2, 3, 6, 6)), dir);
        GraphDef gd = TfModelFiles.readGraphDef(dir.resolve("model.pb"));
        long transposes = gd.getNodeList().stream().filter(n -> n.getOp().equals("Transpose")).count();
        assertEquals(3, transposes, "NCHW->NHWC in, channels to last and back around Softmax(axis=1)");
    }

    @Test
    void cleanupBypassesTransposePairs() {
        GraphDef.Builder g = GraphDef.newBuilder();
        TfOp x = new TfOp("x", "Placeholder").type("dtype", DataType.FLOAT);
        TfOp p1 = new TfOp("p1", "Const").type("dtype", DataType.INT32).tensor("value", Tensor.ofInts(new long[]{3}, 1, 2, 0));
        TfOp p2 = new TfOp("p2", "Const").type("dtype", DataType.INT32).tensor("value", Tensor.ofInts(new long[]{3}, 2, 0, 1));
        TfOp t1 = new TfOp("t1", "Transpose").in("x").in("p1");
        TfOp t2 = new TfOp("t2", "Transpose").in("t1").in("p2");
        TfOp y = new TfOp("y", "Identity").in("t2");
        for (TfOp o : List.of(x, p1, p2, t1, t2, y)) {
            g.addNode(o.def);
        }
        GraphDef out = GraphCleanup.run(g.build(), List.of("y"), List.of("x"));
        assertEquals(List.of("x", "y"), out.getNodeList().stream().map(NodeDef::getName).toList());
        assertEquals("x", out.getNode(1).getInput(0));
    }

    @Test
    void randomOpsRunWithTheirShapeAndRange() throws Exception {
        Graph g = new Graph("random");
        g.input("x", DataType.FLOAT, 4, 5);
        g.add(Node.of("RandomUniformLike").inputs("x").outputs("u").attr("low", 2f).attr("high", 3f));
        g.add(Node.of("RandomNormalLike").inputs("x").outputs("n"));
        g.add(Node.of("RandomUniform").outputs("u2").ints("shape", 3, 2));
        g.add(Node.of("RandomNormal").outputs("n2").ints("shape", 2).attr("mean", 5f).attr("scale", 0.001f));
        for (String o : List.of("u", "n", "u2", "n2")) {
            g.output(new ValueInfo(o, null));
        }
        Path pb = dir.resolve("r.pb");
        Model m = Model.of(g, 18);
        new TensorFlowGraphDefExporter().write(m, pb, ExportOptions.defaults());
        Map<String, Tensor> got = TfJava.runGraphDef(pb, Map.of("x", f(4, 5)), List.of("u", "n", "u2", "n2"));
        assertEquals(List.of(4L, 5L), java.util.Arrays.stream(got.get("u").shape()).boxed().toList());
        for (float v : got.get("u").floats()) {
            assertTrue(v >= 2f && v < 3f, "uniform value " + v);
        }
        assertEquals(20, got.get("n").size());
        assertEquals(6, got.get("u2").size());
        for (float v : got.get("n2").floats()) {
            assertTrue(Math.abs(v - 5f) < 0.01f, "normal value " + v);
        }
    }

    @Test
    void weightsCanBeConstsInASavedModel() throws Exception {
        Path sm = dir.resolve("consts");
        new TensorFlowSavedModelExporter().write(ExampleModels.smallCnn(), sm, ExportOptions.defaults().set("variables", "false"));
        assertFalse(Files.exists(sm.resolve("variables/variables.index")));
        Map<String, Tensor> out = TfJava.runSavedModel(sm, Map.of("image", f(1, 3, 32, 32)), List.of("probabilities"));
        assertEquals(10, out.get("probabilities").size());
    }

    @Test
    void closenessCheckRejectsAWrongValue() {
        Tensor want = Tensor.ofFloats(new long[]{2}, 1f, 2f);
        assertEquals(0.0, Close.check("same", want, want));
        assertThrows(AssertionError.class, () -> Close.check("off", want, Tensor.ofFloats(new long[]{2}, 1f, 2.001f)));
    }

    /** Every op in the emitter table has at least one TF Java test case. */
    @Test
    void everySupportedOpIsTestedInTensorFlow() {
        Set<String> tested = new TreeSet<>();
        Stream.of(ElementwiseOpsTest.cases(), NnOpsTest.cases(), ShapeOpsTest.cases(), ComputedAxesOpsTest.cases(), SampleScatterScanTest.cases()).flatMap(s -> s)
                .forEach(c -> tested.add(c.node.opType()));
        tested.addAll(List.of("Loop", "If", "RandomUniformLike", "RandomNormalLike", "RandomUniform", "RandomNormal"));
        Set<String> missing = new TreeSet<>(TfGraphEmitter.supportedOps());
        missing.removeAll(tested);
        assertEquals(Set.of(), missing);
        System.out.println("TF export: " + TfGraphEmitter.supportedOps().size() + " ops, each run in TF Java: "
                + TfGraphEmitter.supportedOps());
    }
}
