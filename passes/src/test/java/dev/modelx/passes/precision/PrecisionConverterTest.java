package dev.modelx.passes.precision;

import dev.modelx.graph.DataType;
import dev.modelx.graph.FloatFormats;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.examples.ExampleModels;
import dev.modelx.graph.validate.ModelValidator;
import dev.modelx.runtime.RandomInputs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.modelx.passes.precision.Models.F;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Precision conversion on models built in code: options, Casts, weights, the report. */
class PrecisionConverterTest {

    @Test
    void keepIoTypesKeepsFloat32InputsAndOutputsWithCastsAtTheBoundary() {
        Model before = ExampleModels.smallCnn();
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16().keepIoTypes(true));
        Model after = r.model();
        assertEquals(F, PrecisionCheck.declared(after.graph().inputs(), "image"));
        assertEquals(F, PrecisionCheck.declared(after.graph().outputs(), "probabilities"));
        assertEquals(List.of("probabilities"), after.graph().outputs().stream().map(v -> v.name()).toList());
        assertEquals(2, r.castsInserted(), "one Cast in, one out: " + r.summary());
        assertEquals(9, r.nodesConverted());
        Map<String, Tensor> feeds = RandomInputs.generate(before, PrecisionCheck.DIMS, 1);
        assertEquals(feeds, PrecisionConverter.adaptFeeds(after, feeds), "float32 feeds go in unchanged");
        Tensor out = PrecisionCheck.run(after, feeds).get("probabilities");
        assertEquals(F, out.type());
        PrecisionCheck.agreesFp16(before, after);
        assertTrue(r.summary().contains("float32 inputs/outputs kept"), r.summary());
    }

    @Test
    void withoutKeepIoTypesAnOutputOfAFloat32OpIsCastAndKeepsItsName() {
        Model before = Models.twoOutputs();
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16().blockList("Tanh"));
        Model after = r.model();
        assertEquals(List.of("y", "z"), after.graph().outputs().stream().map(v -> v.name()).toList());
        assertEquals(DataType.FLOAT16, PrecisionCheck.declared(after.graph().outputs(), "y"));
        Node tanh = after.graph().nodes().stream().filter(n -> n.opType().equals("Tanh")).findFirst().orElseThrow();
        assertEquals("y_fp32", tanh.output(0), "the float32 op's output is renamed; a Cast makes 'y'");
        assertEquals(2, r.castsInserted(), "a into Tanh, y out of it: " + r.summary());
        assertEquals(List.of(new KeptNode("tanh", "Tanh", KeptNode.Reason.BLOCK_LIST, "op type listed")), r.kept());
        PrecisionCheck.agreesFp16(before, after);
    }

    @Test
    void blockListKeepsOpsAndNodesInFloat32() {
        Model before = ExampleModels.transformerBlock();
        PrecisionReport r = PrecisionConverter.convert(before,
                PrecisionOptions.fp16().blockList("Softmax,LayerNormalization").blockNodes("mlp_down"));
        Model after = r.model();
        List<String> kept = r.keptForAReason().stream().map(KeptNode::path).sorted().toList();
        assertEquals(List.of("attention_probs", "ln1", "ln2", "mlp_down"), kept, r.lines().toString());
        for (KeptNode k : r.keptForAReason()) {
            assertEquals(KeptNode.Reason.BLOCK_LIST, k.reason());
        }
        for (Node n : after.graph().nodes()) {
            if (n.opType().equals("Softmax") || n.opType().equals("LayerNormalization") || n.name().equals("mlp_down")) {
                TypeAnalysis a = TypeAnalysis.of(after, null);
                assertEquals(F, a.type(after.graph(), n.input(0)), n.describe() + " reads float32");
                assertEquals(F, a.type(after.graph(), n.output(0)), n.describe() + " computes in float32");
            }
        }
        assertTrue(r.castsInserted() >= 6, r.summary());
        assertEquals(10, r.initializersConverted(), "LayerNorm scales and biases and w2 stay float32: " + r.summary());
        assertEquals(F, after.graph().initializers().get("ln1.scale").type());
        assertEquals(F, after.graph().initializers().get("w2").type());
        double err = PrecisionCheck.agreesFp16(before, after);
        System.out.println("transformerBlock fp16, Softmax/LayerNorm/mlp_down in float32: max |error| " + err + "; " + r.summary());
    }

    @Test
    void defaultBlockListKeepsRangeAndCumSumUnlessTurnedOff() {
        Graph g = new Graph("range_cumsum");
        g.input("x", F, 6);
        g.initializer("start", Tensor.scalar(0f));
        g.initializer("limit", Tensor.scalar(6f));
        g.initializer("delta", Tensor.scalar(1f));
        g.initializer("axis", Tensor.scalar(0L));
        g.add(Node.of("Range").name("positions").inputs("start", "limit", "delta").outputs("r"));
        g.add(Node.of("Add").name("add").inputs("x", "r").outputs("s"));
        g.add(Node.of("CumSum").name("running").inputs("s", "axis").outputs("y"));
        g.output("y", F, 6);
        Model before = Models.model(g);
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16());
        assertEquals(List.of("positions", "running"), r.keptForAReason().stream().map(KeptNode::path).toList());
        assertEquals(KeptNode.Reason.DEFAULT_BLOCK_LIST, r.keptForAReason().get(0).reason());
        assertTrue(r.keptForAReason().get(0).detail().contains("2048"), r.keptForAReason().get(0).toString());
        assertEquals(F, r.model().graph().initializers().get("start").type(), "Range's inputs stay float32");
        PrecisionCheck.agreesFp16(before, r.model());

        // Without the list CumSum converts, but Range still stays: Range-11 takes float|double|int16|int32|int64.
        PrecisionReport all = PrecisionConverter.convert(before, PrecisionOptions.fp16().defaultBlockList(false));
        assertEquals(List.of("positions"), all.keptForAReason().stream().map(KeptNode::path).toList());
        assertEquals(KeptNode.Reason.TYPE_NOT_ACCEPTED, all.keptForAReason().get(0).reason());
        assertEquals("Range-11 (op set 17) does not accept float16 (T: float|double|int16|int32|int64)",
                all.keptForAReason().get(0).detail());
        assertEquals(DataType.FLOAT16, PrecisionCheck.declared(all.model().graph().outputs(), "y"));
        PrecisionCheck.agreesFp16(before, all.model());
        assertTrue(PrecisionOptions.defaultBlockListOps().keySet().containsAll(List.of("Range", "CumSum", "TopK",
                "NonMaxSuppression", "RandomNormal", "RandomUniformLike")));
    }

    @Test
    void resizeScalesStayFloat32BecauseEveryVersionOfResizeTakesFloatScales() {
        Graph g = new Graph("resize");
        g.input("x", F, 1, 2, 3, 3);
        g.initializer("scales", Models.floats(new long[]{4}, 1, 1, 2, 2));
        g.initializer("roi", Models.floats(new long[]{0}));
        g.add(Node.of("Resize").name("up").inputs("x", "roi", "scales").outputs("y").attr("mode", "linear"));
        g.output("y", F, 1, 2, 6, 6);
        Model before = Models.model(g);
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16());
        Model after = r.model();
        assertEquals(F, after.graph().initializers().get("scales").type());
        assertEquals(DataType.FLOAT16, after.graph().initializers().get("roi").type(), "roi is T2, which takes float16");
        assertEquals(DataType.FLOAT16, PrecisionCheck.declared(after.graph().outputs(), "y"));
        assertEquals(0, r.castsInserted());
        PrecisionCheck.agreesFp16(before, after);
    }

    @Test
    void opsWhoseDefinitionRejectsTheTypeStayFloat32() {
        // NonMaxSuppression: boxes and scores are float32 in every version (and it is on the default list);
        // with the default list off, the definition alone keeps it.
        Graph g = new Graph("nms");
        g.input("boxes", F, 1, 4, 4);
        g.input("scores", F, 1, 1, 4);
        g.initializer("max_out", Tensor.ofLongs(new long[]{1}, 2));
        g.add(Node.of("NonMaxSuppression").name("nms").inputs("boxes", "scores", "max_out").outputs("selected"));
        g.output(dev.modelx.graph.ValueInfo.tensor("selected", DataType.INT64, dev.modelx.graph.Shape.of("n", 3)));
        Model before = Models.model(g);
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16().defaultBlockList(false));
        KeptNode k = r.keptForAReason().get(0);
        assertEquals(KeptNode.Reason.TYPE_NOT_ACCEPTED, k.reason());
        assertTrue(k.detail().contains("NonMaxSuppression-11") && k.detail().contains("float"), k.toString());
        assertEquals(2, r.castsInserted(), "the float16 inputs are cast up for it");
        assertEquals(List.of(), PrecisionCheck.typeProblems(r.model()));
        ModelValidator.validate(r.model());
    }

    @Test
    void bfloat16NeedsOpSet13() {
        Graph g = new Graph("g");
        g.input("x", F, 2);
        g.add(Node.of("Relu").inputs("x").outputs("y"));
        g.output("y", F, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrecisionConverter.convert(Models.model(g, 12), PrecisionOptions.bf16()));
        assertTrue(e.getMessage().contains("op set 13"), e.getMessage());
        PrecisionCheck.agreesFp16(Models.model(g, 12), PrecisionConverter.convert(Models.model(g, 12), "fp16"));
    }

    @Test
    void weightsBeyondTheRangeAreClampedAndTinyOnesFlushedAndCounted() {
        Graph g = new Graph("clamp");
        g.input("x", F, 4);
        g.initializer("w", Models.floats(new long[]{4}, 1e5f, -7e4f, 1e-9f, 0.5f));
        g.add(Node.of("Mul").name("mul").inputs("x", "w").outputs("y"));
        g.output("y", F, 4);
        Model before = Models.model(g);
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16());
        assertEquals(2, r.valuesClamped());
        assertEquals(1, r.valuesFlushedToZero());
        assertEquals(4, r.valuesConverted());
        short[] w = r.model().graph().initializers().get("w").shorts();
        assertEquals(65504f, FloatFormats.halfToFloat(w[0]));
        assertEquals(-65504f, FloatFormats.halfToFloat(w[1]));
        assertEquals(0f, FloatFormats.halfToFloat(w[2]));
        assertTrue(r.summary().contains("2 values clamped, 1 flushed to zero"), r.summary());

        PrecisionReport inf = PrecisionConverter.convert(before, PrecisionOptions.fp16().clampToFinite(false));
        assertEquals(Float.POSITIVE_INFINITY, FloatFormats.halfToFloat(inf.model().graph().initializers().get("w").shorts()[0]));
        assertEquals(2, inf.valuesClamped(), "counted as out of range either way");

        PrecisionReport bf = PrecisionConverter.convert(before, PrecisionOptions.bf16());
        assertEquals(0, bf.valuesClamped() + bf.valuesFlushedToZero(), "bfloat16 has float32's range");
    }

    @Test
    void aWeightReadByConvertedAndByFloat32OpsIsKeptAndCopied() {
        Graph g = new Graph("shared");
        g.input("x", F, 3);
        g.initializer("w", Models.floats(new long[]{3}, 0.1f, 0.2f, 0.3f));
        g.add(Node.of("Add").name("add").inputs("x", "w").outputs("a"));
        g.add(Node.of("Sub").name("sub").inputs("a", "w").outputs("y"));
        g.output("y", F, 3);
        Model before = Models.model(g);
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16().blockList("Sub"));
        Graph after = r.model().graph();
        assertEquals(1, r.initializersDuplicated());
        assertEquals(F, after.initializers().get("w").type(), "the float32 reader keeps the exact weight");
        assertEquals(DataType.FLOAT16, after.initializers().get("w_fp16").type());
        assertEquals("w_fp16", after.producer("a").orElseThrow().input(1));
        assertTrue(r.summary().contains("1 kept in both types"), r.summary());
        PrecisionCheck.agreesFp16(before, r.model());
    }

    @Test
    void constantsConstantOfShapeAndCastsToFloatAreRetyped() {
        Graph g = new Graph("constants");
        g.input("ids", DataType.INT64, 4);
        g.initializer("shape", Tensor.ofLongs(new long[]{1}, 4));
        g.add(Node.of("Cast").name("to_float").inputs("ids").outputs("f").attr("to", (long) DataType.FLOAT.code()));
        g.add(Node.of("ConstantOfShape").name("twos").inputs("shape").outputs("c").attr("value", Models.floats(new long[]{1}, 2f)));
        g.add(Node.of("Constant").name("k").outputs("k").floats("value_floats", 0.5f, 1.5f, -2f, 3f));
        g.add(Node.of("Mul").name("mul").inputs("f", "c").outputs("m"));
        g.add(Node.of("Add").name("add").inputs("m", "k").outputs("y"));
        g.output("y", F, 4);
        Model before = Models.model(g);
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16());
        Graph after = r.model().graph();
        assertEquals(DataType.FLOAT16.code(), after.producer("f").orElseThrow().attrLong("to", 0));
        assertEquals(DataType.FLOAT16, after.producer("c").orElseThrow().attribute("value").asTensor().type());
        assertEquals(DataType.FLOAT16, after.producer("k").orElseThrow().attribute("value").asTensor().type());
        assertEquals(2, r.constantsConverted());
        assertEquals(0, r.castsInserted());
        assertEquals(DataType.INT64, PrecisionCheck.declared(after.inputs(), "ids"), "non-float inputs are untouched");
        PrecisionCheck.agreesFp16(before, r.model());
    }

    @Test
    void aCustomDomainOpStaysFloat32() {
        Graph g = new Graph("custom");
        g.input("x", F, 3);
        g.add(Node.of("Relu").name("relu").inputs("x").outputs("r"));
        g.add(new Node("mystery", "Fancy", "com.example").inputs("r").outputs("z"));
        g.output("z", F, 3);
        Model m = Models.model(g);
        m.opsetImports().put("com.example", 1L);
        PrecisionReport r = PrecisionConverter.convert(m, PrecisionOptions.fp16());
        KeptNode k = r.keptForAReason().get(0);
        assertEquals(new KeptNode("mystery", "Fancy", KeptNode.Reason.NOT_ONNX, "domain 'com.example' has no ONNX definition to check"), k);
        assertEquals(2, r.castsInserted(), "its input is cast up, its declared float32 output down to float16");
        Node fancy = r.model().graph().nodes().stream().filter(n -> n.opType().equals("Fancy")).findFirst().orElseThrow();
        assertEquals(List.of("r_fp32"), fancy.inputs());
        assertEquals(List.of("z_fp32"), fancy.outputs());
        assertEquals(DataType.FLOAT16, PrecisionCheck.declared(r.model().graph().outputs(), "z"));
        ModelValidator.validate(r.model());
    }

    @Test
    void theReportSummarisesInOneLine() {
        PrecisionReport r = PrecisionConverter.convert(ExampleModels.smallCnn(), PrecisionOptions.fp16().blockList("Softmax"));
        assertEquals("fp16: 8 nodes converted, 1 kept in float32 (block list 1), 6 initializers converted (0 values clamped, "
                + "0 flushed to zero), 2 Casts inserted, weights 6.1 KiB -> 3.1 KiB", r.summary());
        assertEquals(List.of(r.summary(), "  kept Softmax 'softmax': block list: op type listed"), r.lines());
        assertEquals(Map.of(KeptNode.Reason.BLOCK_LIST, 1), r.keptByReason());
        assertNotNull(r.model());
        assertFalse(r.summary().contains("\n"));
    }

    @Test
    void optionsParseAndDescribeThemselves() {
        assertEquals(DataType.FLOAT16, PrecisionOptions.of("fp16").target());
        assertEquals(DataType.BFLOAT16, PrecisionOptions.of("BF16").target());
        assertEquals(DataType.FLOAT16, PrecisionOptions.parseTarget("float16"));
        assertThrows(IllegalArgumentException.class, () -> PrecisionOptions.of("fp8"));
        PrecisionOptions o = PrecisionOptions.bf16().keepIoTypes(true).blockList("Softmax, Erf", "").auto(true);
        assertEquals(List.of("Softmax", "Erf"), List.copyOf(o.blockList()));
        assertEquals(PrecisionOptions.BF16_RTOL, o.rtol());
        assertEquals("bf16, keep-io-types, block-list Softmax,Erf, auto (rtol 0.05, atol 0.05)", o.toString());
        assertThrows(IllegalArgumentException.class, () -> o.target(DataType.DOUBLE));
        assertThrows(IllegalArgumentException.class, () -> o.tolerance(-1, 0));
    }

    @Test
    void declaredTypesOfIntermediateValuesFollow() {
        Model before = Models.hugeIntermediate();
        before.graph().valueInfos().add(dev.modelx.graph.ValueInfo.tensor("huge", F, 2, 8));
        before.graph().valueInfos().add(dev.modelx.graph.ValueInfo.tensor("shifted", F, 2, 8));
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16().blockList("Mul").keepIoTypes(true));
        Graph g = r.model().graph();
        assertEquals(F, PrecisionCheck.declared(g.valueInfos(), "huge"), "Mul is kept");
        assertEquals(DataType.FLOAT16, PrecisionCheck.declared(g.valueInfos(), "shifted"), "Add converts");
        assertEquals(List.of(), PrecisionCheck.typeProblems(r.model()));
        ModelValidator.validate(r.model());
    }

    @Test
    void shapeOfAWeightNeitherConvertsNorCopiesIt() {
        Graph g = new Graph("shape_of_weight");
        g.input("x", F, 3);
        g.initializer("w", Models.floats(new long[]{3}, 0.1f, 0.2f, 0.3f));
        g.add(Node.of("Shape").name("shape").inputs("w").outputs("s"));
        g.add(Node.of("Sub").name("sub").inputs("x", "w").outputs("y"));
        g.add(Node.of("Reshape").name("reshape").inputs("y", "s").outputs("z"));
        g.output("z", F, 3);
        Model before = Models.model(g);
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16().blockList("Sub").keepIoTypes(true));
        assertEquals(0, r.initializersDuplicated(), r.summary());
        assertEquals(F, r.model().graph().initializers().get("w").type());
        assertEquals(0, r.castsInserted(), "Sub and the Reshape following it stay float32: " + r.summary());
        PrecisionCheck.agreesFp16(before, r.model());
    }
}
