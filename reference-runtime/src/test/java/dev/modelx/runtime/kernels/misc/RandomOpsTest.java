package dev.modelx.runtime.kernels.misc;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;
import org.junit.jupiter.api.Test;

import static dev.modelx.runtime.kernels.control.Graphs.runNode;
import static dev.modelx.runtime.kernels.control.Graphs.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomOpsTest {

    @Test
    void uniformHasShapeTypeAndRange() {
        Node n = Node.of("RandomUniform").outputs("y").ints("shape", 100, 50).attr("low", 2f).attr("high", 3f)
                .attr("dtype", 11L).attr("seed", 1f);
        Tensor y = tensor(runNode(n, 22).get("y"));
        assertEquals(DataType.DOUBLE, y.type());
        assertArrayEquals(new long[]{100, 50}, y.shape());
        double sum = 0;
        for (double v : y.doubles()) {
            assertTrue(v >= 2 && v < 3);
            sum += v;
        }
        assertEquals(2.5, sum / y.size(), 0.02);
    }

    @Test
    void normalLikeTakesShapeAndTypeOfInput() {
        Node n = Node.of("RandomNormalLike").inputs("x").outputs("y").attr("mean", 10f).attr("scale", 2f);
        Tensor y = tensor(runNode(n, 22, Tensor.zeros(DataType.FLOAT, 200, 50)).get("y"));
        assertEquals(DataType.FLOAT, y.type());
        double sum = 0;
        double sq = 0;
        for (float v : y.floats()) {
            sum += v;
            sq += v * v;
        }
        double mean = sum / y.size();
        assertEquals(10, mean, 0.1);
        assertEquals(2, Math.sqrt(sq / y.size() - mean * mean), 0.1);
    }

    @Test
    void bernoulliFollowsProbabilities() {
        float[] p = new float[1000];
        for (int i = 0; i < p.length; i++) {
            p[i] = i % 2 == 0 ? 0f : 1f;
        }
        Tensor y = tensor(runNode(Node.of("Bernoulli").inputs("p").outputs("y").attr("dtype", 7L), 22,
                Tensor.ofFloats(new long[]{1000}, p)).get("y"));
        assertEquals(DataType.INT64, y.type());
        for (int i = 0; i < p.length; i++) {
            assertEquals((long) p[i], y.longs()[i]);
        }
    }

    @Test
    void multinomialSamplesOnlyPossibleClasses() {
        Tensor logits = Tensor.ofFloats(new long[]{2, 3}, 0f, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, 5f);
        Tensor y = tensor(runNode(Node.of("Multinomial").inputs("x").outputs("y").attr("sample_size", 4L), 22, logits).get("y"));
        assertEquals(DataType.INT32, y.type());
        assertArrayEquals(new long[]{2, 4}, y.shape());
        assertArrayEquals(new int[]{0, 0, 0, 0, 2, 2, 2, 2}, y.ints());
    }

    @Test
    void randomNormalNeedsShape() {
        KernelException e = assertThrows(KernelException.class, () -> runNode(Node.of("RandomNormal").name("rn").outputs("y"), 22));
        assertTrue(e.getMessage().contains("rn") && e.getMessage().contains("shape"), e.getMessage());
    }
}
