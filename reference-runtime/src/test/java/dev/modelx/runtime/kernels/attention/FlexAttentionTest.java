package dev.modelx.runtime.kernels.attention;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Domains;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.KernelException;
import org.junit.jupiter.api.Test;

import static dev.modelx.runtime.kernels.attention.OneNode.assertValues;
import static dev.modelx.runtime.kernels.attention.OneNode.floats;
import static dev.modelx.runtime.kernels.attention.OneNode.run;
import static dev.modelx.runtime.kernels.attention.OneNode.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlexAttentionTest {

    private static Node flex() {
        return Node.of("FlexAttention").name("flex").domain(Domains.PREVIEW).inputs("q", "k", "v").outputs("y");
    }

    /** A modifier sub-graph that ignores its input and returns {@code constant}. */
    private static Graph constantMod(Tensor constant) {
        Graph g = new Graph("mod");
        g.input(new ValueInfo("in", null));
        g.initializer("c", constant);
        g.output(new ValueInfo("c", null));
        return g;
    }

    private static final Tensor V = floats(shape(1, 1, 2, 1), 10, 30);
    private static final Tensor ZERO_Q = Tensor.zeros(DataType.FLOAT, 1, 1, 1, 1);

    @Test
    void equalScoresAverageValues() {
        Tensor y = run(flex(), 26, "q", ZERO_Q, "k", Tensor.zeros(DataType.FLOAT, 1, 1, 2, 1), "v", V).get("y");
        assertValues(y, shape(1, 1, 1, 1), 20);
    }

    @Test
    void scaledScoresWeightValues() {
        Tensor q = floats(shape(1, 1, 1, 1), 1);
        Tensor k = floats(shape(1, 1, 2, 1), 0, 4);
        Tensor y = run(flex().attr("scale", 0.5f), 26, "q", q, "k", k, "v", V).get("y");
        double p1 = Math.exp(2) / (1 + Math.exp(2));
        assertValues(y, shape(1, 1, 1, 1), 10 * (1 - p1) + 30 * p1);
    }

    @Test
    void scoreModReplacesScoresBeforeSoftmax() {
        Tensor scores = floats(shape(1, 1, 1, 2), Double.NEGATIVE_INFINITY, 0);
        Node n = flex().attr("score_mod", constantMod(scores));
        Tensor y = run(n, 26, "q", ZERO_Q, "k", Tensor.zeros(DataType.FLOAT, 1, 1, 2, 1), "v", V).get("y");
        assertValues(y, shape(1, 1, 1, 1), 30);
    }

    @Test
    void probModReplacesProbabilitiesAfterSoftmax() {
        Tensor probs = floats(shape(1, 1, 1, 2), 0.25, 0.25);
        Node n = flex().attr("prob_mod", constantMod(probs));
        Tensor y = run(n, 26, "q", ZERO_Q, "k", Tensor.zeros(DataType.FLOAT, 1, 1, 2, 1), "v", V).get("y");
        assertValues(y, shape(1, 1, 1, 1), 10);
    }

    @Test
    void groupedQueryHeadsShareKvHeads() {
        Tensor q = Tensor.zeros(DataType.DOUBLE, 1, 4, 1, 1);
        Tensor k = Tensor.zeros(DataType.DOUBLE, 1, 2, 2, 1);
        Tensor v = Tensor.ofDoubles(shape(1, 2, 2, 1), 1, 3, 10, 30);
        Tensor y = run(flex(), 26, "q", q, "k", k, "v", v).get("y");
        assertEquals(DataType.DOUBLE, y.type());
        assertValues(y, shape(1, 4, 1, 1), 2, 2, 20, 20);
    }

    @Test
    void modifierMustKeepShape() {
        Node n = flex().attr("score_mod", constantMod(floats(shape(1, 1, 1, 1), 0)));
        KernelException e = assertThrows(KernelException.class,
                () -> run(n, 26, "q", ZERO_Q, "k", Tensor.zeros(DataType.FLOAT, 1, 1, 2, 1), "v", V));
        assertTrue(e.getMessage().contains("flex") && e.getMessage().contains("score_mod"), e.getMessage());
    }

    @Test
    void inputsMustBeRank4() {
        Tensor q = Tensor.zeros(DataType.FLOAT, 1, 1, 1);
        KernelException e = assertThrows(KernelException.class, () -> run(flex(), 26, "q", q, "k", q, "v", q));
        assertTrue(e.getMessage().contains("rank"), e.getMessage());
    }
}
