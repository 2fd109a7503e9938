package dev.modelx.importer.paddle;

import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** einsum: numpy's summation convention, checked against sums worked out by hand. */
class EinsumConverterTest {

    @Test
    void matrixProductAndBatchedTrace() {
        TestProgram p = new TestProgram().f32("a", 2, 3).f32("b", 3, 2).f32("y", 2, 2).feed("a").feed("b").fetch("y");
        p.op("einsum").in("Operands", "a", "b").out("Out", "y").s("equation", "ij,jk->ik").add();
        Tensor a = Tensor.ofFloats(new long[] {2, 3}, 1, 2, 3, 4, 5, 6), b = Tensor.ofFloats(new long[] {3, 2}, 1, 0, 0, 1, 1, 1);
        // rows of a times columns of b: [1+3, 2+3], [4+6, 5+6]
        assertArrayEquals(new float[] {4, 5, 10, 11}, p.run(a, b).get(0).toFloatArray());

        TestProgram q = new TestProgram().f32("x", 2, 2, 2).f32("t", 2).feed("x").fetch("t");
        q.op("einsum").in("Operands", "x").out("Out", "t").s("equation", "bii->b").add();
        Tensor x = Tensor.ofFloats(new long[] {2, 2, 2}, 1, 2, 3, 4, 5, 6, 7, 8);
        assertArrayEquals(new float[] {1 + 4, 5 + 8}, q.run(x).get(0).toFloatArray());
    }
}
