package dev.modelx.runtime.kernels.attention;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.modelx.runtime.kernels.attention.OneNode.assertValues;
import static dev.modelx.runtime.kernels.attention.OneNode.floats;
import static dev.modelx.runtime.kernels.attention.OneNode.run;
import static dev.modelx.runtime.kernels.attention.OneNode.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttentionTest {

    private static Node attention(String... inputs) {
        return Node.of("Attention").name("att").inputs(inputs).outputs("y");
    }

    @Test
    void softmaxWeightsValuesByScaledScores() {
        // head size 4 -> default scale 1/2; scores q.k/2 = [0, 2].
        Tensor q = floats(shape(1, 1, 1, 4), 1, 1, 1, 1);
        Tensor k = floats(shape(1, 1, 2, 4), 0, 0, 0, 0, 1, 1, 1, 1);
        Tensor v = floats(shape(1, 1, 2, 1), 10, 20);
        Tensor y = run(attention("q", "k", "v"), 23, "q", q, "k", k, "v", v).get("y");
        double p1 = Math.exp(2) / (1 + Math.exp(2));
        assertValues(y, shape(1, 1, 1, 1), 10 * (1 - p1) + 20 * p1);
    }

    @Test
    void explicitScaleReplacesDefault() {
        Tensor q = floats(shape(1, 1, 1, 4), 1, 1, 1, 1);
        Tensor k = floats(shape(1, 1, 2, 4), 0, 0, 0, 0, 1, 1, 1, 1);
        Tensor v = floats(shape(1, 1, 2, 1), 10, 20);
        Node n = attention("q", "k", "v").attr("scale", 0.25f);
        Tensor y = run(n, 23, "q", q, "k", k, "v", v).get("y");
        double p1 = Math.exp(1) / (1 + Math.exp(1));
        assertValues(y, shape(1, 1, 1, 1), 10 * (1 - p1) + 20 * p1);
    }

    @Test
    void groupedQueryHeadsShareContiguousKvHeads() {
        // Zero queries give uniform weights: each output is the mean of its kv head's values.
        Tensor q = Tensor.zeros(DataType.FLOAT, 1, 4, 1, 2);
        Tensor k = floats(shape(1, 2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8);
        Tensor v = floats(shape(1, 2, 2, 1), 1, 3, 10, 30);
        Tensor y = run(attention("q", "k", "v"), 23, "q", q, "k", k, "v", v).get("y");
        assertValues(y, shape(1, 4, 1, 1), 2, 2, 20, 20);
    }

    @Test
    void threeDimensionalInputsSplitAndMergeHeads() {
        // Q (1, 1, 2 heads * 2), K/V (1, 2, 1 head * 2): both q heads read the single kv head.
        Tensor q = Tensor.zeros(DataType.FLOAT, 1, 1, 4);
        Tensor k = floats(shape(1, 2, 2), 1, 2, 3, 4);
        Tensor v = floats(shape(1, 2, 2), 1, 2, 3, 4);
        Node n = attention("q", "k", "v").attr("q_num_heads", 2L).attr("kv_num_heads", 1L);
        Tensor y = run(n, 23, "q", q, "k", k, "v", v).get("y");
        assertValues(y, shape(1, 1, 4), 2, 3, 2, 3);
    }

    @Test
    void threeDimensionalHeadsAreInterleavedInHiddenAxis() {
        // Two kv heads of size 1: hidden [h0, h1] per position. Q zero -> mean over the 2 positions per head.
        Tensor q = Tensor.zeros(DataType.FLOAT, 1, 1, 2);
        Tensor k = Tensor.zeros(DataType.FLOAT, 1, 2, 2);
        Tensor v = floats(shape(1, 2, 2), 1, 100, 3, 300);
        Node n = attention("q", "k", "v").attr("q_num_heads", 2L).attr("kv_num_heads", 2L);
        Tensor y = run(n, 23, "q", q, "k", k, "v", v).get("y");
        assertValues(y, shape(1, 1, 2), 2, 200);
    }

    @Test
    void causalWithPastIsBottomRightAligned() {
        Tensor q = Tensor.zeros(DataType.FLOAT, 1, 1, 2, 1);
        Tensor k = Tensor.zeros(DataType.FLOAT, 1, 1, 2, 1);
        Tensor v = floats(shape(1, 1, 2, 1), 6, 9);
        Tensor pk = floats(shape(1, 1, 1, 1), 7);
        Tensor pv = floats(shape(1, 1, 1, 1), 3);
        Node n = Node.of("Attention").name("att").inputs("q", "k", "v", "", "pk", "pv").outputs("y", "presk", "presv")
                .attr("is_causal", 1L);
        Map<String, Tensor> out = run(n, 23, "q", q, "k", k, "v", v, "pk", pk, "pv", pv);
        // past length 1: query 0 sees keys {0, 1}, query 1 sees {0, 1, 2}.
        assertValues(out.get("y"), shape(1, 1, 2, 1), 4.5, 6);
        assertValues(out.get("presk"), shape(1, 1, 3, 1), 7, 0, 0);
        assertValues(out.get("presv"), shape(1, 1, 3, 1), 3, 6, 9);
    }

    @Test
    void causalWithoutCacheIsLowerTriangular() {
        Tensor q = Tensor.zeros(DataType.FLOAT, 1, 1, 2, 1);
        Tensor k = Tensor.zeros(DataType.FLOAT, 1, 1, 3, 1);
        Tensor v = floats(shape(1, 1, 3, 1), 2, 4, 100);
        Tensor y = run(attention("q", "k", "v").attr("is_causal", 1L), 23, "q", q, "k", k, "v", v).get("y");
        assertValues(y, shape(1, 1, 2, 1), 2, 3);
    }

    @Test
    void fullyMaskedBoolRowIsZeroInOutputAndSoftmaxOutput() {
        Tensor q = Tensor.zeros(DataType.FLOAT, 1, 1, 2, 1);
        Tensor k = Tensor.zeros(DataType.FLOAT, 1, 1, 2, 1);
        Tensor v = floats(shape(1, 1, 2, 1), 2, 4);
        Tensor mask = Tensor.ofBooleans(shape(2, 2), false, false, true, false);
        Node n = Node.of("Attention").name("att").inputs("q", "k", "v", "m").outputs("y", "", "", "qk")
                .attr("qk_matmul_output_mode", 3L);
        Map<String, Tensor> out = run(n, 23, "q", q, "k", k, "v", v, "m", mask);
        assertValues(out.get("y"), shape(1, 1, 2, 1), 0, 2);
        assertValues(out.get("qk"), shape(1, 1, 2, 2), 0, 0, 1, 0);
    }

    @Test
    void shortMaskIsPaddedWithMinusInfinity() {
        Tensor q = Tensor.zeros(DataType.FLOAT, 1, 1, 1, 1);
        Tensor k = Tensor.zeros(DataType.FLOAT, 1, 1, 3, 1);
        Tensor v = floats(shape(1, 1, 3, 1), 2, 4, 100);
        Tensor mask = floats(shape(1, 2), 0, 0);
        Tensor y = run(attention("q", "k", "v", "m"), 23, "q", q, "k", k, "v", v, "m", mask).get("y");
        assertValues(y, shape(1, 1, 1, 1), 3);
    }

    @Test
    void qkOutputModesExposeEachStage() {
        Tensor q = floats(shape(1, 1, 1, 1), 1);
        Tensor k = floats(shape(1, 1, 1, 1), 2);
        Tensor v = floats(shape(1, 1, 1, 1), 5);
        Tensor mask = floats(shape(1, 1), 0.5);
        double[] expected = {2, Math.tanh(2), Math.tanh(2) + 0.5, 1};
        for (long mode = 0; mode < 4; mode++) {
            Node n = Node.of("Attention").name("att").inputs("q", "k", "v", "m").outputs("y", "", "", "qk")
                    .attr("softcap", 1f).attr("qk_matmul_output_mode", mode);
            Map<String, Tensor> out = run(n, 23, "q", q, "k", k, "v", v, "m", mask);
            assertValues(out.get("qk"), shape(1, 1, 1, 1), expected[(int) mode]);
            assertValues(out.get("y"), shape(1, 1, 1, 1), 5);
        }
    }

    @Test
    void nonpadSeqlenMasksPaddingAndShiftsCausalFrontier() {
        Tensor q = Tensor.zeros(DataType.FLOAT, 2, 1, 1, 1);
        Tensor k = Tensor.zeros(DataType.FLOAT, 2, 1, 3, 1);
        Tensor v = floats(shape(2, 1, 3, 1), 3, 6, 9, 3, 6, 9);
        Tensor lens = Tensor.ofLongs(shape(2), 2, 3);
        Node n = Node.of("Attention").name("att").inputs("q", "k", "v", "", "", "", "lens").outputs("y")
                .attr("is_causal", 1L);
        Tensor y = run(n, 24, "q", q, "k", k, "v", v, "lens", lens).get("y");
        // batch 0: offset 2-1 = 1, keys {0, 1}; batch 1: offset 2, keys {0, 1, 2}.
        assertValues(y, shape(2, 1, 1, 1), 4.5, 6);
    }

    @Test
    void float16InputsGiveFloat16Outputs() {
        Tensor q = Tensor.zeros(DataType.FLOAT16, 1, 1, 1, 2);
        Tensor k = Tensor.zeros(DataType.FLOAT16, 1, 1, 2, 2);
        Tensor v = Tensor.of(DataType.FLOAT16, shape(1, 1, 2, 1), new short[] {
                dev.modelx.graph.FloatFormats.floatToHalf(1f), dev.modelx.graph.FloatFormats.floatToHalf(2f)});
        Tensor y = run(attention("q", "k", "v"), 23, "q", q, "k", k, "v", v).get("y");
        assertEquals(DataType.FLOAT16, y.type());
        assertValues(y, shape(1, 1, 1, 1), 1.5);
    }

    @Test
    void nonpadInputNeedsOpset24() {
        Tensor q = Tensor.zeros(DataType.FLOAT, 1, 1, 1, 1);
        Node n = Node.of("Attention").name("att").inputs("q", "q", "q", "", "", "", "lens").outputs("y");
        KernelException e = assertThrows(KernelException.class,
                () -> run(n, 23, "q", q, "lens", Tensor.ofLongs(shape(1), 1)));
        assertTrue(e.getMessage().contains("att"), e.getMessage());
    }

    @Test
    void mismatchedHeadSizesAreRejected() {
        Tensor q = Tensor.zeros(DataType.FLOAT, 1, 1, 1, 2);
        Tensor k = Tensor.zeros(DataType.FLOAT, 1, 1, 1, 3);
        KernelException e = assertThrows(KernelException.class,
                () -> run(attention("q", "k", "k"), 23, "q", q, "k", k));
        assertTrue(e.getMessage().contains("att") && e.getMessage().contains("head size"), e.getMessage());
    }

    @Test
    void threeDimensionalInputsNeedHeadCounts() {
        Tensor q = Tensor.zeros(DataType.FLOAT, 1, 1, 4);
        KernelException e = assertThrows(KernelException.class, () -> run(attention("q", "q", "q"), 23, "q", q));
        assertTrue(e.getMessage().contains("q_num_heads"), e.getMessage());
    }

    @Test
    void maskThatDoesNotBroadcastIsRejected() {
        Tensor q = Tensor.zeros(DataType.FLOAT, 1, 1, 2, 1);
        Tensor mask = Tensor.zeros(DataType.FLOAT, 3, 2);
        KernelException e = assertThrows(KernelException.class,
                () -> run(attention("q", "q", "q", "m"), 23, "q", q, "m", mask));
        assertTrue(e.getMessage().contains("attn_mask"), e.getMessage());
    }

    @Test
    void kvHeadsMustDivideQueryHeads() {
        Tensor q = Tensor.zeros(DataType.FLOAT, 1, 3, 1, 1);
        Tensor k = Tensor.zeros(DataType.FLOAT, 1, 2, 1, 1);
        assertThrows(KernelException.class, () -> run(attention("q", "k", "k"), 23, "q", q, "k", k));
    }

    @Test
    void integerInputsAreRejected() {
        Tensor q = Tensor.ofLongs(shape(1, 1, 1, 1), 1);
        KernelException e = assertThrows(KernelException.class, () -> run(attention("q", "q", "q"), 23, "q", q));
        assertTrue(e.getMessage().contains("Q must be float"), e.getMessage());
    }

    @Test
    void causalFrontierIntersectsBoolMask() {
        Tensor q = Tensor.zeros(DataType.FLOAT, 1, 1, 2, 1);
        Tensor k = Tensor.zeros(DataType.FLOAT, 1, 1, 2, 1);
        Tensor v = floats(shape(1, 1, 2, 1), 2, 4);
        // Row 0: causal allows {0}, mask allows {0}. Row 1: causal allows {0, 1}, mask allows {1}.
        Tensor mask = Tensor.ofBooleans(shape(2, 2), true, true, false, true);
        Node n = attention("q", "k", "v", "m").attr("is_causal", 1L);
        Tensor y = run(n, 24, "q", q, "k", k, "v", v, "m", mask).get("y");
        assertValues(y, shape(1, 1, 2, 1), 2, 4);
    }

    @Test
    void pastKeyWithoutPastValueIsRejected() {
        Tensor q = Tensor.zeros(DataType.FLOAT, 1, 1, 1, 1);
        Node n = Node.of("Attention").name("att").inputs("q", "q", "q", "", "q").outputs("y");
        KernelException e = assertThrows(KernelException.class, () -> run(n, 23, "q", q));
        assertTrue(e.getMessage().contains("past_value"), e.getMessage());
    }
}
