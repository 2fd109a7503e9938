package dev.modelx.passes.opset;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import static dev.modelx.graph.DataType.FLOAT;
import static dev.modelx.graph.DataType.INT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per kind of version change: each builds a small model, converts it across the boundary (both
 * directions where the target range allows), and runs the model before and after on the reference runtime.
 */
class OpsetAdaptersTest {

    private static Tensor longs(long... v) {
        return Tensor.ofLongs(new long[]{v.length}, v);
    }

    // ---- attributes that became inputs, and back ----

    @Test
    void reduceSumAxesMoveBetweenAttributeAndInput() {
        M up = M.at(11).in("x", FLOAT, 2, 3, 4).out("y");
        up.node("ReduceSum", "x", "y").ints("axes", 1, -1).attr("keepdims", 0L);
        Model at13 = up.converts(13);
        Node n = at13.graph().nodes().get(0);
        assertEquals(2, n.inputs().size(), "axes became an input");
        assertFalse(n.hasAttribute("axes"));
        up.converts(28);

        M down = M.at(13).in("x", FLOAT, 2, 3, 4).init("axes", longs(0, 2)).out("y");
        down.node("ReduceSum", "x,axes", "y");
        Model at11 = down.converts(11);
        assertEquals(java.util.List.of(0L, 2L), java.util.Arrays.stream(at11.graph().nodes().get(0).attrLongs("axes", null)).boxed().toList());
        down.converts(7);
    }

    @Test
    void reduceMeanWithEmptyAxesAndNoopBecomesIdentity() {
        M m = M.at(18).in("x", FLOAT, 2, 3).init("axes", Tensor.ofLongs(new long[]{0})).out("y");
        m.node("ReduceMean", "x,axes", "y").attr("noop_with_empty_axes", 1L);
        Model at13 = m.converts(13);
        assertEquals("Identity", at13.graph().nodes().get(0).opType());
    }

    @Test
    void reduceWithComputedAxesIsRefusedBelowOpset18() {
        M m = M.at(18).in("x", FLOAT, 2, 3).in("axes", longs(1)).out("y");
        m.node("ReduceMax", "x,axes", "y");
        m.refuses(17, "ReduceMax axes come from a computed value");
    }

    @Test
    void squeezeAndUnsqueezeAxes() {
        M m = M.at(11).in("x", FLOAT, 2, 1, 3).out("y");
        m.node("Squeeze", "x", "s").ints("axes", -2);
        m.node("Unsqueeze", "s", "y").ints("axes", 0, 3);
        m.converts(13);
        m.converts(24);
        m.converts(7);
    }

    @Test
    void splitSizesAndNumOutputs() {
        M m = M.at(11).in("x", FLOAT, 7, 2).out("a", "b");
        m.node("Split", "x", "a,b").ints("split", 3, 4);
        m.converts(13);
        m.converts(18);

        M even = M.at(13).in("x", FLOAT, 6).out("a", "b", "c");
        even.node("Split", "x", "a,b,c");
        Model at18 = even.converts(18);
        assertEquals(3L, at18.graph().nodes().get(0).attrLong("num_outputs", -1), "Split-18 needs num_outputs");

        M uneven = M.at(18).in("x", FLOAT, 7).out("a", "b", "c");
        uneven.node("Split", "x", "a,b,c").attr("num_outputs", 3L);
        uneven.converts(13);
        uneven.converts(11);
    }

    @Test
    void sliceStartsEndsAxesAndSteps() {
        M m = M.at(9).in("x", FLOAT, 4, 6).out("y");
        m.node("Slice", "x", "y").ints("starts", 1, -4).ints("ends", 3, 100).ints("axes", 0, 1);
        m.converts(10);
        m.converts(13);

        M down = M.at(13).in("x", FLOAT, 4, 6).init("st", longs(1)).init("en", longs(5)).init("ax", longs(-1)).out("y");
        down.node("Slice", "x,st,en,ax", "y");
        down.converts(9);

        M steps = M.at(13).in("x", FLOAT, 6).init("st", longs(0)).init("en", longs(6)).init("ax", longs(0))
                .init("sp", longs(2)).out("y");
        steps.node("Slice", "x,st,en,ax,sp", "y");
        steps.converts(10);
        steps.refuses(9, "Slice steps [2] need op set 10");
    }

    @Test
    void topKInputAndLargest() {
        M m = M.at(9).in("x", FLOAT, 3, 5).out("v", "i");
        m.node("TopK", "x", "v,i").attr("k", 2L);
        m.converts(10);
        m.converts(24);

        M smallest = M.at(11).in("x", FLOAT, 3, 5).init("k", longs(2)).out("v", "i");
        smallest.node("TopK", "x,k", "v,i").attr("largest", 0L);
        Model at10 = smallest.converts(10);
        assertTrue(M.ops(at10).contains("Neg"), "largest=0 is TopK of the negated input");
        smallest.converts(9);
    }

    @Test
    void clipBoundsConstantOrComputed() {
        M m = M.at(6).in("x", FLOAT, 8).out("y");
        m.node("Clip", "x", "y").attr("min", -0.5f).attr("max", 0.5f);
        m.converts(11);
        m.converts(13);

        M constant = M.at(13).in("x", FLOAT, 8).init("lo", Tensor.scalar(-0.25f)).out("y");
        constant.node("Clip", "x,lo,", "y");
        Model at7 = constant.converts(7);
        assertEquals(-0.25f, at7.graph().nodes().get(0).attrFloat("min", 0));

        M computed = M.at(13).in("x", FLOAT, 8).in("lo", FLOAT).in("hi", FLOAT).out("y");
        computed.node("Clip", "x,lo,hi", "y");
        Model at10 = computed.converts(10);
        assertEquals(java.util.Set.of("Max", "Min"), M.ops(at10));
        computed.refuses(7, "Clip bounds come from computed values");
    }

    @Test
    void padAttributesInputsAndAxes() {
        M m = M.at(2).in("x", FLOAT, 2, 3).out("y");
        m.node("Pad", "x", "y").ints("pads", 0, 1, 1, 0).attr("value", 1.5f);
        m.converts(11);
        m.converts(19);

        M axes = M.at(18).in("x", FLOAT, 2, 3).init("pads", longs(2, 1)).init("v", Tensor.scalar(3f))
                .init("axes", longs(-1)).out("y");
        axes.node("Pad", "x,pads,v,axes", "y");
        axes.converts(13);
        axes.converts(7);

        M wrap = M.at(19).in("x", FLOAT, 2, 3).init("pads", longs(0, 1, 0, 1)).out("y");
        wrap.node("Pad", "x,pads", "y").attr("mode", "wrap");
        wrap.refuses(18, "Pad mode 'wrap' needs op set 19");
    }

    @Test
    void dropoutRatioAndMask() {
        M m = M.at(7).in("x", FLOAT, 4).out("y", "mask");
        m.node("Dropout", "x", "y,mask").attr("ratio", 0.3f);
        m.converts(10);
        m.converts(12);
        m.converts(22);

        M down = M.at(13).in("x", FLOAT, 4).init("r", Tensor.scalar(0.2f)).out("y", "mask");
        down.node("Dropout", "x,r", "y,mask");
        down.converts(9);
    }

    @Test
    void reshapeShapeAttributeAndAllowZero() {
        M m = M.at(1).in("x", FLOAT, 2, 6).out("y");
        m.node("Reshape", "x", "y").ints("shape", 3, 4);
        m.converts(7);
        m.converts(14);

        M zero = M.at(14).in("x", FLOAT, 2, 6).init("s", longs(4, -1)).out("y");
        zero.node("Reshape", "x,s", "y").attr("allowzero", 1L);
        zero.converts(13);
    }

    // ---- changed semantics ----

    @Test
    void softmaxAxisSemanticsBothWays() {
        M old = M.at(11).in("x", FLOAT, 2, 3, 4).out("y", "z");
        old.node("Softmax", "x", "y").attr("axis", 1L);
        old.node("LogSoftmax", "x", "z").attr("axis", 2L);
        Model at13 = old.converts(13);
        assertTrue(M.ops(at13).contains("Flatten"), "axis 1 of a rank-3 input normalizes a 2-D view");

        M modern = M.at(13).in("x", FLOAT, 2, 3, 4).out("y", "z");
        modern.node("Softmax", "x", "y").attr("axis", 1L);
        modern.node("Hardmax", "x", "z").attr("axis", 0L);
        Model at12 = modern.converts(12);
        assertTrue(M.ops(at12).contains("Transpose"), "a middle axis is moved last");
        modern.converts(7);
    }

    @Test
    void legacyBroadcastWithAxis() {
        M m = M.at(6).in("a", FLOAT, 2, 3, 4, 5).in("b", FLOAT, 3, 4).out("y");
        m.node("Add", "a,b", "y").attr("broadcast", 1L).attr("axis", 1L);
        Model at7 = m.converts(7);
        assertTrue(M.ops(at7).contains("Unsqueeze"));
        m.converts(13);
    }

    @Test
    void gemmBroadcastAndOptionalC() {
        M m = M.at(6).in("a", FLOAT, 2, 3).in("b", FLOAT, 3, 4).in("c", FLOAT, 4).out("y");
        m.node("Gemm", "a,b,c", "y").attr("broadcast", 1L).attr("alpha", 0.5f);
        m.converts(7);

        M noC = M.at(13).in("a", FLOAT, 2, 3).in("b", FLOAT, 3, 4).out("y");
        noC.node("Gemm", "a,b", "y").attr("transB", 0L);
        noC.converts(9);
    }

    @Test
    void batchNormalizationAcrossVersions() {
        M m = M.at(6).in("x", FLOAT, 2, 3, 4).init("s", Tensor.ofFloats(new long[]{3}, 1f, 2f, 3f))
                .init("b", Tensor.ofFloats(new long[]{3}, 0f, 1f, 0f)).init("mean", Tensor.ofFloats(new long[]{3}, 0.1f, 0.2f, 0.3f))
                .init("var", Tensor.ofFloats(new long[]{3}, 1f, 0.5f, 2f)).out("y");
        m.node("BatchNormalization", "x,s,b,mean,var", "y").attr("is_test", 1L).attr("spatial", 1L).attr("epsilon", 1e-3f);
        m.converts(9);
        m.converts(15);
    }

    @Test
    void castStringToBecomesTypeCode() {
        M m = M.at(1).in("x", FLOAT, 3).out("y");
        m.node("Cast", "x", "y").attr("to", "INT32");
        Model at13 = m.converts(13);
        assertEquals((long) DataType.INT32.code(), at13.graph().nodes().get(0).attrLong("to", 0));
    }

    @Test
    void constantValueForms() {
        M m = M.at(13).in("x", INT64, 3).out("y");
        m.node("Constant", "", "c").attr(Attribute.ints("value_ints", 1, 2, 3));
        m.node("Add", "x,c", "y");
        m.converts(11);
        Model at8 = m.converts(8);
        assertFalse(M.ops(at8).contains("Constant"), "an int64 Constant becomes an initializer before op set 9");
    }

    @Test
    void upsampleBecomesResizeAndBack() {
        M m = M.at(7).in("x", FLOAT, 1, 1, 2, 3).out("y");
        m.node("Upsample", "x", "y").floats("scales", 1f, 1f, 2f, 3f).attr("mode", "nearest");
        Model at10 = m.converts(10);
        assertTrue(M.ops(at10).contains("Resize"));
        m.converts(13);
        m.converts(19);

        M resize = M.at(13).in("x", FLOAT, 1, 1, 2, 2).init("scales", Tensor.ofFloats(new long[]{4}, 1f, 1f, 2f, 2f)).out("y");
        resize.node("Resize", "x,,scales", "y").attr("mode", "nearest").attr("coordinate_transformation_mode", "asymmetric")
                .attr("nearest_mode", "floor");
        resize.converts(11);
        Model at9 = resize.converts(9);
        assertTrue(M.ops(at9).contains("Upsample"));

        M halfPixel = M.at(13).in("x", FLOAT, 1, 1, 2, 2).init("scales", Tensor.ofFloats(new long[]{4}, 1f, 1f, 2f, 2f)).out("y");
        halfPixel.node("Resize", "x,,scales", "y").attr("mode", "linear");
        halfPixel.converts(11);
        halfPixel.refuses(10, "maps axis 2 differently from Resize-10");
    }

    @Test
    void resizeAxesAndSizesDownTo13() {
        M m = M.at(18).in("x", FLOAT, 1, 2, 3, 4).init("sizes", longs(6, 2)).out("y");
        m.node("Resize", "x,,,sizes", "y").ints("axes", 2, 3).attr("mode", "linear");
        m.converts(13);
        m.converts(11);
    }

    @Test
    void argMaxSelectLastIndex() {
        M m = M.at(12).in("x", Tensor.ofFloats(new long[]{2, 4}, 1, 3, 3, 0, 5, 5, 2, 5)).out("y");
        m.node("ArgMax", "x", "y").attr("axis", 1L).attr("select_last_index", 1L);
        m.converts(11);
        m.converts(10);
        m.refuses(9, "select_last_index=1 needs op set 12");
    }

    @Test
    void recurrentLayout() {
        M m = M.at(14).in("x", FLOAT, 2, 5, 3).in("w", FLOAT, 1, 4, 3).in("r", FLOAT, 1, 4, 4).out("y", "yh");
        m.node("RNN", "x,w,r", "y,yh").attr("hidden_size", 4L).attr("layout", 1L);
        m.converts(13);
        m.converts(7);
    }

    @Test
    void gridSampleModeNames() {
        M m = M.at(16).in("x", FLOAT, 1, 1, 3, 3).in("grid", FLOAT, 1, 2, 2, 2).out("y");
        m.node("GridSample", "x,grid", "y").attr("mode", "bilinear").attr("align_corners", 1L);
        Model at20 = m.converts(20);
        assertEquals("linear", at20.graph().nodes().get(0).attrString("mode", ""));
        M back = M.at(20).in("x", FLOAT, 1, 1, 3, 3).in("grid", FLOAT, 1, 2, 2, 2).out("y");
        back.node("GridSample", "x,grid", "y").attr("mode", "cubic");
        back.converts(16);
        back.refuses(15, "GridSample does not exist before op set 16");
    }

    @Test
    void shapeStartEnd() {
        M m = M.at(15).in("x", FLOAT, 2, 3, 4, 5).out("y");
        m.node("Shape", "x", "y").attr("start", 1L).attr("end", -1L);
        m.converts(13);
        m.converts(7);
    }

    // ---- element types ----

    @Test
    void unsupportedTypesComputeInAWiderType() {
        M m = M.at(14).in("a", DataType.INT8, 6).in("b", DataType.INT8, 6).out("y");
        m.node("Add", "a,b", "y");
        Model at7 = m.converts(7);
        assertTrue(M.ops(at7).contains("Cast"), "int8 Add computes in a wider type before op set 14");

        M relu = M.at(14).in("x", DataType.INT32, 6).out("y");
        relu.node("Relu", "x", "y");
        relu.converts(13);

        M bf = M.at(13).in("x", DataType.BFLOAT16, 6).out("y");
        bf.node("Relu", "x", "y");
        bf.refuses(12, "does not accept bfloat16");
    }

    // ---- expansions ----

    @Test
    void layerNormalizationExpands() {
        M m = M.at(17).in("x", FLOAT, 2, 3, 4).in("s", FLOAT, 4).in("b", FLOAT, 4).out("y", "mean", "inv");
        m.node("LayerNormalization", "x,s,b", "y,mean,inv").attr("epsilon", 1e-3f);
        Model at16 = m.converts(16);
        assertFalse(M.ops(at16).contains("LayerNormalization"));
        m.converts(7);
        M axis = M.at(17).in("x", DataType.FLOAT16, 2, 3, 4).in("s", DataType.FLOAT16, 3, 4).out("y");
        axis.node("LayerNormalization", "x,s", "y").attr("axis", 1L);
        axis.converts(13);
    }

    @Test
    void groupNormalizationExpandsAndUpgrades() {
        M m = M.at(21).in("x", FLOAT, 2, 4, 3).in("s", FLOAT, 4).in("b", FLOAT, 4).out("y");
        m.node("GroupNormalization", "x,s,b", "y").attr("num_groups", 2L);
        m.converts(20);
        m.converts(9);
        M old = M.at(18).in("x", FLOAT, 2, 4, 3).in("s", FLOAT, 2).in("b", FLOAT, 2).out("y");
        old.node("GroupNormalization", "x,s,b", "y").attr("num_groups", 2L);
        old.converts(21);
        old.converts(13);
    }

    @Test
    void activationsExpand() {
        M m = M.at(20).in("x", FLOAT, 3, 4).out("a", "b", "c", "d", "e");
        m.node("Gelu", "x", "a");
        m.node("Gelu", "x", "b").attr("approximate", "tanh");
        m.node("Mish", "x", "c");
        m.node("HardSwish", "x", "d");
        m.node("Celu", "x", "e").attr("alpha", 2f);
        Model at11 = m.converts(11);
        assertEquals(java.util.Set.of(), M.ops(at11).stream().filter(o -> java.util.Set.of("Gelu", "Mish", "HardSwish", "Celu")
                .contains(o)).collect(java.util.stream.Collectors.toSet()));
        M tanh = M.at(20).in("x", FLOAT, 3, 4).out("b");
        tanh.node("Gelu", "x", "b").attr("approximate", "tanh");
        tanh.converts(7);
    }

    @Test
    void rmsNormalizationExpands() {
        M m = M.at(23).in("x", FLOAT, 2, 3, 4).in("s", FLOAT, 4).out("y");
        m.node("RMSNormalization", "x,s", "y").attr("epsilon", 1e-4f);
        m.converts(22);
        m.converts(7);
    }

    @Test
    void attentionExpands() {
        M m = M.at(23).in("q", FLOAT, 2, 3, 8).in("k", FLOAT, 2, 5, 4).in("v", FLOAT, 2, 5, 6).out("y");
        m.node("Attention", "q,k,v", "y").attr("q_num_heads", 4L).attr("kv_num_heads", 2L).attr("is_causal", 1L);
        m.converts(22);
        m.converts(13);
        m.converts(9);
        m.refuses(8, "Attention with a mask needs op set 9");

        M cache = M.at(24).in("q", FLOAT, 1, 2, 3, 4).in("k", FLOAT, 1, 2, 5, 4).in("v", FLOAT, 1, 2, 5, 4)
                .in("mask", DataType.BOOL, 3, 5).in("np", longs(4)).out("y", "", "", "qk");
        Node n = m.g.nodes().get(0);
        assertEquals("Attention", n.opType());
        cache.node("Attention", "q,k,v,mask,,,np", "y,,,qk").attr("qk_matmul_output_mode", 3L).attr("softcap", 2f);
        cache.g.outputs().removeIf(v -> v.name().isEmpty());
        cache.converts(23);
    }

    @Test
    void castLikeComparisonsAndConstantsExpand() {
        M m = M.at(15).in("x", FLOAT, 4).in("y", DataType.DOUBLE, 1).out("c", "ge", "le");
        m.node("CastLike", "x,y", "c");
        m.node("GreaterOrEqual", "x,x", "ge");
        m.node("LessOrEqual", "x,x", "le");
        m.converts(14);
        m.converts(11);
    }

    @Test
    void rangeWithComputedInputsBecomesALoop() {
        M m = M.at(11).in("start", Tensor.scalar(2L)).in("limit", Tensor.scalar(11L)).in("delta", Tensor.scalar(3L)).out("y");
        m.node("Range", "start,limit,delta", "y");
        Model at10 = m.converts(10);
        assertTrue(M.ops(at10).contains("Loop"));
        m.converts(7);
    }

    @Test
    void modExpandsBeforeOpset10() {
        M m = M.at(10).in("a", Tensor.ofLongs(new long[]{6}, -7, 7, -7, 7, 0, 5)).in("b", Tensor.ofLongs(new long[]{6}, 3, -3, -3, 3, 2, 5))
                .out("floor", "trunc");
        m.node("Mod", "a,b", "floor");
        m.node("Mod", "a,b", "trunc").attr("fmod", 1L);
        m.converts(9);
        M f = M.at(13).in("a", FLOAT, 6).in("b", Tensor.ofFloats(new long[]{6}, 1.5f, -2f, 0.7f, 3f, -1f, 2.5f)).out("y");
        f.node("Mod", "a,b", "y").attr("fmod", 1L);
        f.converts(9);
    }

    @Test
    void negativeLogLikelihoodLossExpands() {
        M m = M.at(13).in("x", FLOAT, 3, 5, 2).in("t", Tensor.ofLongs(new long[]{3, 2}, 0, 4, -1, 2, 1, -1))
                .in("w", FLOAT, 5).out("y");
        m.node("NegativeLogLikelihoodLoss", "x,t,w", "y").attr("reduction", "mean").attr("ignore_index", -1L);
        m.converts(11);
        m.converts(9);
        M sce = M.at(13).in("x", FLOAT, 3, 5).in("t", Tensor.ofLongs(new long[]{3}, 0, 4, 2)).out("y", "logp");
        sce.node("SoftmaxCrossEntropyLoss", "x,t", "y,logp").attr("reduction", "sum");
        sce.converts(11);
        sce.converts(10);
    }

    // ---- structure ----

    @Test
    void subGraphsAreConverted() {
        Graph then = new Graph("then");
        then.output(new dev.modelx.graph.ValueInfo("t_out", null));
        then.add(Node.of("ReduceSum").inputs("x").outputs("t_out").ints("axes", 1));
        Graph other = new Graph("else");
        other.output(new dev.modelx.graph.ValueInfo("e_out", null));
        other.add(Node.of("ReduceMax").inputs("x").outputs("e_out").ints("axes", 1));
        M m = M.at(11).in("x", FLOAT, 2, 3).in("c", Tensor.ofBooleans(new long[0], true)).out("y");
        m.node("If", "c", "y").attr("then_branch", then).attr("else_branch", other);
        Model at18 = m.converts(18);
        Node sum = at18.graph().nodes().get(0).attribute("then_branch").asGraph().nodes().get(0);
        assertEquals(2, sum.inputs().size(), "the branch's ReduceSum takes axes as an input at op set 18");
    }

    @Test
    void everyBlockingNodeIsListedOnce() {
        M m = M.at(23).in("q", FLOAT, 1, 2, 3, 4).in("k", FLOAT, 1, 2, 3, 4).in("v", FLOAT, 1, 2, 3, 4)
                .in("a", DataType.INT32, 4).out("y", "b", "g");
        m.node("Attention", "q,k,v", "y").attr("is_causal", 1L);
        m.node("BitwiseAnd", "a,a", "b");
        m.node("GatherElements", "q,a", "g");
        OpsetConversionException e = m.refuses(8, "3 nodes block it");
        assertEquals(java.util.List.of("Attention", "BitwiseAnd", "GatherElements"), e.blockingOps());
    }

    @Test
    void legacyModelUpgrades() {
        M m = M.at(1).in("a", FLOAT, 2, 3).in("b", FLOAT, 3).out("y");
        m.node("Add", "a,b", "s").attr("broadcast", 1L).attr(Attribute.ints("consumed_inputs", 0, 0));
        m.node("Relu", "s", "r");
        m.node("Reshape", "r", "y").ints("shape", 3, 2);
        Model at13 = m.converts(13);
        assertTrue(at13.irVersion() >= 7, "the IR version follows the op set");
        m.converts(28);
    }

    @Test
    void functionBodiesAreConverted() {
        dev.modelx.graph.Function f = new dev.modelx.graph.Function("local", "SumRows");
        f.inputs().add("x");
        f.outputs().add("y");
        f.opsetImports().put("", 11L);
        f.nodes().add(Node.of("ReduceSum").inputs("x").outputs("y").ints("axes", 1));
        M m = M.at(11).in("x", FLOAT, 2, 3).out("y");
        m.g.add(new Node("", "SumRows", "local").inputs("x").outputs("y"));
        Model before = m.model();
        before.opsetImports().put("local", 1L);
        before.functions().add(f);
        before.irVersion(8);
        Model after = OpsetConverter.convert(before, 13);
        assertEquals(13L, after.functions().get(0).opsetImports().get(""));
        assertEquals(2, after.functions().get(0).nodes().stream().filter(n -> n.opType().equals("ReduceSum")).findFirst()
                .orElseThrow().inputs().size());
        M.sameOutputs(before, after, java.util.Map.of());
    }

    @Test
    void theInputModelIsNotChanged() {
        M m = M.at(13).in("x", FLOAT, 2, 3).init("axes", longs(1)).out("y");
        m.node("ReduceSum", "x,axes", "y");
        Model before = m.model();
        Model copy = before.copy();
        OpsetConverter.convert(before, 7);
        assertEquals(copy, before);
    }

    @Test
    void targetsOutsideTheRangeAreRejected() {
        Model m = M.at(13).in("x", FLOAT, 2).out("x").model();
        org.junit.jupiter.api.Assertions.assertThrows(OpsetConversionException.class, () -> OpsetConverter.convert(m, 6));
        org.junit.jupiter.api.Assertions.assertThrows(OpsetConversionException.class,
                () -> OpsetConverter.convert(m, OpSchemas.MAX_OPSET + 1));
    }

    @Test
    void preluPerChannelSlopeBeforeOpset7() {
        M m = M.at(6).in("x", FLOAT, 2, 3, 4).in("slope", FLOAT, 3).out("y");
        m.node("PRelu", "x,slope", "y");
        Model at7 = m.converts(7);
        assertTrue(M.ops(at7).contains("Reshape"), "a per-channel slope is reshaped for numpy broadcasting");
    }

    @Test
    void upsampleWithComputedScalesBecomesAsymmetricFloorResize() {
        M m = M.at(9).in("x", FLOAT, 1, 1, 2, 2).in("scales", Tensor.ofFloats(new long[]{4}, 1f, 1f, 2f, 3f)).out("y");
        m.node("Upsample", "x,scales", "y").attr("mode", "nearest");
        Model at13 = m.converts(13);
        Node r = at13.graph().nodes().get(0);
        assertEquals("floor", r.attrString("nearest_mode", ""));
        m.converts(10);
    }

    @Test
    void scanBatchAxisBetweenOpsets8And9() {
        Graph body = new Graph("body");
        body.input(dev.modelx.graph.ValueInfo.tensor("s", FLOAT, 2));
        body.input(dev.modelx.graph.ValueInfo.tensor("row", FLOAT, 2));
        body.add(Node.of("Add").inputs("s", "row").outputs("next"));
        body.add(Node.of("Identity").inputs("next").outputs("out"));
        body.output(dev.modelx.graph.ValueInfo.tensor("next", FLOAT, 2));
        body.output(dev.modelx.graph.ValueInfo.tensor("out", FLOAT, 2));
        M v8 = M.at(8).in("init", FLOAT, 3, 2).in("x", FLOAT, 3, 4, 2).out("last", "rows");
        v8.node("Scan", ",init,x", "last,rows").attr("body", body).attr("num_scan_inputs", 1L);
        Model at9 = v8.converts(9);
        assertEquals(3, at9.graph().nodes().stream().filter(n -> n.opType().equals("Scan")).count(), "one Scan per batch entry");

        M v9 = M.at(9).in("init", FLOAT, 2).in("x", FLOAT, 4, 2).out("last", "rows");
        v9.node("Scan", "init,x", "last,rows").attr("body", body.copy()).attr("num_scan_inputs", 1L);
        v9.converts(8);
    }

    @Test
    void rotaryEmbeddingAndCausalConvExpand() {
        M rope = M.at(23).in("x", FLOAT, 1, 2, 3, 8).in("cos", FLOAT, 1, 3, 2).in("sin", FLOAT, 1, 3, 2).out("y");
        rope.node("RotaryEmbedding", "x,cos,sin", "y").attr("rotary_embedding_dim", 4L).attr("interleaved", 1L);
        rope.converts(22);
        rope.converts(13);
        M conv = M.at(27).in("x", FLOAT, 2, 3, 5).in("w", FLOAT, 3, 1, 3).in("past", FLOAT, 2, 3, 2).out("y", "state");
        conv.node("CausalConvWithState", "x,w,,past", "y,state").attr("activation", "silu");
        conv.converts(26);
        conv.converts(11);
    }
}
