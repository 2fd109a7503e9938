package dev.modelx.conformance;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomChecksTest {

    private static Model dropout() {
        Graph g = new Graph("g").input("x", DataType.FLOAT, 8).input("r", DataType.FLOAT).input("t", DataType.BOOL)
                .output("y", DataType.FLOAT, 8);
        g.add(Node.of("Dropout").inputs("x", "r", "t").outputs("y"));
        return Model.of(g, 13);
    }

    private static Map<String, Value> feeds(boolean training) {
        return Map.of("x", new TensorValue(Tensor.ofFloats(new long[] {8}, 1, 2, 3, 4, 5, 6, 7, 8)),
                "r", new TensorValue(Tensor.scalar(0.5f)),
                "t", new TensorValue(Tensor.ofBooleans(new long[0], training)));
    }

    @Test
    void dropoutIsRandomOnlyInTraining() {
        assertEquals(Set.of("Dropout"), RandomChecks.randomOps(dropout(), feeds(true)));
        assertEquals(Set.of(), RandomChecks.randomOps(dropout(), feeds(false)));
    }

    @Test
    void dropoutOutputMustBeZeroOrScaledInput() {
        Tensor expected = Tensor.ofFloats(new long[] {8}, 2, 0, 6, 0, 10, 0, 14, 0);
        Tensor plausible = Tensor.ofFloats(new long[] {8}, 0, 4, 0, 8, 10, 0, 0, 16);
        RandomChecks.Check ok = RandomChecks.check(dropout(), feeds(true), Map.of(), "y", expected, plausible, Tolerance.DEFAULT);
        assertTrue(ok.plausible(), ok.detail());
        Tensor unscaled = Tensor.ofFloats(new long[] {8}, 0, 2, 0, 4, 5, 0, 0, 8);
        RandomChecks.Check bad = RandomChecks.check(dropout(), feeds(true), Map.of(), "y", expected, unscaled, Tolerance.DEFAULT);
        assertFalse(bad.plausible());
        assertTrue(bad.detail().contains("neither 0 nor input * 2"), bad.detail());
    }

    @Test
    void bernoulliValuesMustBeZeroOrOneNearTheProbability() {
        int n = 400;
        Graph g = new Graph("g").input("p", DataType.FLOAT, n).output("y", DataType.FLOAT, n);
        g.add(Node.of("Bernoulli").inputs("p").outputs("y"));
        Model m = Model.of(g, 15);
        float[] p = new float[n];
        java.util.Arrays.fill(p, 0.25f);
        Map<String, Value> feeds = Map.of("p", new TensorValue(Tensor.ofFloats(new long[] {n}, p)));
        Tensor expected = Tensor.zeros(DataType.FLOAT, n);
        float[] quarter = new float[n];
        float[] half = new float[n];
        float[] two = new float[n];
        for (int i = 0; i < n; i++) {
            quarter[i] = i % 4 == 0 ? 1 : 0;
            half[i] = i % 2;
            two[i] = i == 0 ? 2 : 0;
        }
        assertTrue(RandomChecks.check(m, feeds, Map.of(), "y", expected, Tensor.ofFloats(new long[] {n}, quarter), Tolerance.DEFAULT).plausible());
        // half ones where the probability is a quarter: 12 standard errors off
        assertFalse(RandomChecks.check(m, feeds, Map.of(), "y", expected, Tensor.ofFloats(new long[] {n}, half), Tolerance.DEFAULT).plausible());
        assertFalse(RandomChecks.check(m, feeds, Map.of(), "y", expected, Tensor.ofFloats(new long[] {n}, two), Tolerance.DEFAULT).plausible());
    }
}
