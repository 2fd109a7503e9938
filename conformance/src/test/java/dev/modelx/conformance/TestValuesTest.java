package dev.modelx.conformance;

import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TestValuesTest {

    @Test
    void lightInputIsArangeOverN() {
        Tensor t = TestValues.lightInput(Shape.of(new long[] {1, 3, 2, 2}));
        assertArrayEquals(new long[] {1, 3, 2, 2}, t.shape());
        float[] v = t.floats();
        assertEquals(12, v.length);
        for (int i = 0; i < 12; i++) {
            assertEquals((float) (i / 12.0), v[i]);
        }
        assertEquals(0f, v[0]);
        assertEquals(11f / 12f, v[11]);
    }

    @Test
    void unknownDimensionsAreOne() {
        Tensor t = TestValues.lightInput(Shape.of("N", 3L, null));
        assertArrayEquals(new long[] {1, 3, 1}, t.shape());
        assertArrayEquals(new float[] {0f, 1f / 3, 2f / 3}, t.floats());
    }

    @Test
    void matchesNumpyRoundingOfFloat64Quotients() {
        // numpy computes arange(n) / n in float64, then casts to float32
        Tensor t = TestValues.lightInput(Shape.of(new long[] {1, 3, 224, 224}));
        int n = 3 * 224 * 224;
        int i = 123_457;
        assertEquals((float) ((double) i / n), t.floats()[i]);
    }
}
