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

class RotaryEmbeddingTest {

    private static Node rope(String... inputs) {
        return Node.of("RotaryEmbedding").name("rope").inputs(inputs).outputs("y");
    }

    // A quarter turn (cos 0, sin 1) maps each pair (x1, x2) to (-x2, x1).
    private static final Tensor COS_QUARTER = floats(shape(1, 1, 2), 0, 0);
    private static final Tensor SIN_QUARTER = floats(shape(1, 1, 2), 1, 1);

    @Test
    void halvesArePairedWhenNotInterleaved() {
        Tensor x = floats(shape(1, 1, 1, 4), 1, 2, 3, 4);
        Tensor y = run(rope("x", "c", "s"), 23, "x", x, "c", COS_QUARTER, "s", SIN_QUARTER).get("y");
        assertValues(y, shape(1, 1, 1, 4), -3, -4, 1, 2);
    }

    @Test
    void adjacentFeaturesArePairedWhenInterleaved() {
        Tensor x = floats(shape(1, 1, 1, 4), 1, 2, 3, 4);
        Tensor y = run(rope("x", "c", "s").attr("interleaved", 1L), 23, "x", x, "c", COS_QUARTER, "s", SIN_QUARTER)
                .get("y");
        assertValues(y, shape(1, 1, 1, 4), -2, 1, -4, 3);
    }

    @Test
    void positionIdsSelectCacheRows() {
        Tensor x = floats(shape(1, 1, 2, 2), 1, 2, 1, 2);
        Tensor cos = floats(shape(2, 1), 1, 0);
        Tensor sin = floats(shape(2, 1), 0, 1);
        Tensor pos = Tensor.ofLongs(shape(1, 2), 0, 1);
        Tensor y = run(rope("x", "c", "s", "p"), 23, "x", x, "c", cos, "s", sin, "p", pos).get("y");
        assertValues(y, shape(1, 1, 2, 2), 1, 2, -2, 1);
    }

    @Test
    void partialRotationLeavesTailUntouched() {
        Tensor x = floats(shape(1, 1, 1, 4), 1, 2, 3, 4);
        Tensor cos = floats(shape(1, 1, 1), 0);
        Tensor sin = floats(shape(1, 1, 1), 1);
        Tensor y = run(rope("x", "c", "s").attr("rotary_embedding_dim", 2L), 23, "x", x, "c", cos, "s", sin).get("y");
        assertValues(y, shape(1, 1, 1, 4), -2, 1, 3, 4);
    }

    @Test
    void threeDimensionalInputSplitsHeads() {
        // Two heads of size 2 per position, each rotated by a quarter turn.
        Tensor x = floats(shape(1, 1, 4), 1, 2, 3, 4);
        Tensor cos = floats(shape(1, 1, 1), 0);
        Tensor sin = floats(shape(1, 1, 1), 1);
        Tensor y = run(rope("x", "c", "s").attr("num_heads", 2L), 23, "x", x, "c", cos, "s", sin).get("y");
        assertValues(y, shape(1, 1, 4), -2, 1, -4, 3);
    }

    @Test
    void positionOutOfRangeIsRejected() {
        Tensor x = floats(shape(1, 1, 1, 2), 1, 2);
        Tensor cos = floats(shape(1, 1), 1);
        Tensor pos = Tensor.ofLongs(shape(1, 1), 5);
        KernelException e = assertThrows(KernelException.class,
                () -> run(rope("x", "c", "c", "p"), 23, "x", x, "c", cos, "p", pos));
        assertTrue(e.getMessage().contains("rope") && e.getMessage().contains("position id 5"), e.getMessage());
    }

    @Test
    void cacheWidthMustBeHalfTheRotaryDim() {
        Tensor x = floats(shape(1, 1, 1, 4), 1, 2, 3, 4);
        Tensor cos = floats(shape(1, 1, 1), 1);
        assertThrows(KernelException.class, () -> run(rope("x", "c", "c"), 23, "x", x, "c", cos));
    }
}
