package dev.modelx.runtime.kernels.attention;

import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;
import org.junit.jupiter.api.Test;

import static dev.modelx.runtime.kernels.attention.OneNode.assertValues;
import static dev.modelx.runtime.kernels.attention.OneNode.floats;
import static dev.modelx.runtime.kernels.attention.OneNode.run;
import static dev.modelx.runtime.kernels.attention.OneNode.shape;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SwiGluTest {

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void gatesLinearInputBySwish() {
        Tensor a = floats(shape(3), 0, 1, -2);
        Tensor b = floats(shape(3), 5, 3, 2);
        Tensor y = run(Node.of("SwiGLU").inputs("a", "b").outputs("y"), 28, "a", a, "b", b).get("y");
        assertValues(y, shape(3), 0, sigmoid(1) * 3, -2 * sigmoid(-2) * 2);
    }

    @Test
    void alphaScalesTheSigmoidArgument() {
        Tensor a = floats(shape(1), 2);
        Tensor b = floats(shape(1), 1);
        Node n = Node.of("SwiGLU").inputs("a", "b").outputs("y").attr("alpha", 0.5f);
        Tensor y = run(n, 28, "a", a, "b", b).get("y");
        assertValues(y, shape(1), 2 * sigmoid(1));
    }

    @Test
    void shapesMustMatchExactly() {
        Tensor a = floats(shape(2), 1, 2);
        Tensor b = floats(shape(1), 1);
        KernelException e = assertThrows(KernelException.class,
                () -> run(Node.of("SwiGLU").name("sg").inputs("a", "b").outputs("y"), 28, "a", a, "b", b));
        assertTrue(e.getMessage().contains("sg"), e.getMessage());
    }
}
