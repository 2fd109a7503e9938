package dev.modelx.runtime.kernels.attention;

import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class LinearAttentionTest {

    private static Node node(String rule, String... inputs) {
        return Node.of("LinearAttention").name("la").inputs(inputs).outputs("y", "state")
                .attr("q_num_heads", 1L).attr("kv_num_heads", 1L).attr("update_rule", rule).attr("scale", 1f);
    }

    private static Tensor seq(float... v) {
        return Tensor.ofFloats(new long[]{1, v.length, 1}, v);
    }

    @Test
    void linearRuleAccumulatesOuterProducts() {
        // d_k = d_v = 1: S1 = 1*3 = 3, o1 = 1*3; S2 = 3 + 1*4 = 7, o2 = 2*7.
        Map<String, Tensor> out = OneNode.run(node("linear", "q", "k", "v"), 27,
                "q", seq(1, 2), "k", seq(1, 1), "v", seq(3, 4));
        assertArrayEquals(new float[]{3, 14}, out.get("y").floats());
        assertArrayEquals(new float[]{7}, out.get("state").floats());
    }

    @Test
    void gatedDeltaDecaysThenCorrects() {
        // past S0 = 2, decay g = ln(0.5): S' = 1; beta = 0.5, k = 1, v = 3: S1 = 1 + 0.5*(3 - 1) = 2; o = q*S1 = 2.
        Map<String, Tensor> out = OneNode.run(node("gated_delta", "q", "k", "v", "past", "g", "beta"), 27,
                "q", seq(1), "k", seq(1), "v", seq(3), "past", Tensor.ofFloats(new long[]{1, 1, 1, 1}, 2),
                "g", seq((float) Math.log(0.5)), "beta", seq(0.5f));
        assertEquals(2f, out.get("y").floats()[0], 1e-6);
        assertEquals(2f, out.get("state").floats()[0], 1e-6);
    }

    @Test
    void missingGateIsAnErrorNamingTheNode() {
        KernelException e = assertThrows(KernelException.class, () -> OneNode.run(node("gated", "q", "k", "v"), 27,
                "q", seq(1), "k", seq(1), "v", seq(1)));
        assertTrue(e.getMessage().contains("'la'") && e.getMessage().contains("decay"), e.getMessage());
    }
}
