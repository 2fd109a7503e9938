package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import static dev.modelx.runtime.kernels.nn.NnRun.check;
import static dev.modelx.runtime.kernels.nn.NnRun.f;
import static dev.modelx.runtime.kernels.nn.NnRun.fails;
import static dev.modelx.runtime.kernels.nn.NnRun.s;
import static dev.modelx.runtime.kernels.nn.NnRun.y;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MatrixOpsTest {

    private static Node op(String type, String... inputs) {
        return Node.of(type).name("n").inputs(inputs).outputs("y");
    }

    @Test
    void matmulTwoByTwo() {
        Tensor r = y(op("MatMul", "a", "b"), 13, "a", f(s(2, 2), 1, 2, 3, 4), "b", f(s(2, 2), 5, 6, 7, 8));
        check(r, s(2, 2), 19, 22, 43, 50);
    }

    @Test
    void matmulPromotesVectorsAndDropsTheirDims() {
        // [2] x [2, 3] -> [3]; [2, 3] x [3] -> [2]; [2] x [2] -> scalar
        Tensor b = f(s(2, 3), 1, 2, 3, 4, 5, 6);
        check(y(op("MatMul", "a", "b"), 13, "a", f(s(2), 1, 1), "b", b), s(3), 5, 7, 9);
        check(y(op("MatMul", "a", "b"), 13, "a", b, "b", f(s(3), 1, 0, -1)), s(2), -2, -2);
        check(y(op("MatMul", "a", "b"), 13, "a", f(s(2), 3, 4), "b", f(s(2), 5, 6)), s(), 39);
    }

    @Test
    void matmulBroadcastsBatchDims() {
        // A [2, 1, 1, 2] (two batches), B [3, 2, 1] (three batches) -> [2, 3, 1, 1]
        Tensor a = f(s(2, 1, 1, 2), 1, 0, 0, 1);
        Tensor b = f(s(3, 2, 1), 1, 2, 3, 4, 5, 6);
        check(y(op("MatMul", "a", "b"), 13, "a", a, "b", b), s(2, 3, 1, 1), 1, 3, 5, 2, 4, 6);
    }

    @Test
    void matmulOnIntegersIsExact() {
        Tensor a = Tensor.ofLongs(s(1, 2), 1L << 40, 1);
        Tensor b = Tensor.ofLongs(s(2, 1), 3, 1);
        Tensor r = y(op("MatMul", "a", "b"), 13, "a", a, "b", b);
        assertEquals(DataType.INT64, r.type());
        assertEquals(3L * (1L << 40) + 1, r.getLong(0));
    }

    @Test
    void matmulRejectsMismatchedInnerDims() {
        fails("inner dimensions", op("MatMul", "a", "b"), 13, "a", f(s(2, 3), new double[6]), "b", f(s(2, 2), new double[4]));
        fails("do not broadcast", op("MatMul", "a", "b"), 13, "a", f(s(2, 1, 1), 1, 2), "b", f(s(3, 1, 1), 1, 2, 3));
    }

    @Test
    void gemmTransposesScalesAndBroadcastsC() {
        // A^T = [[1, 3], [2, 4]]; A^T x I = A^T; y = 2 * A^T + 0.5 * [10, 20]
        Node n = op("Gemm", "a", "b", "c").attr("transA", 1L).attr("alpha", 2f).attr("beta", 0.5f);
        Tensor r = y(n, 13, "a", f(s(2, 2), 1, 2, 3, 4), "b", f(s(2, 2), 1, 0, 0, 1), "c", f(s(2), 10, 20));
        check(r, s(2, 2), 7, 16, 9, 18);
    }

    @Test
    void gemmWithoutCFromOpSet11() {
        Node n = op("Gemm", "a", "b").attr("transB", 1L);
        check(y(n, 13, "a", f(s(1, 2), 1, 2), "b", f(s(2, 2), 1, 1, 2, 3)), s(1, 2), 3, 8);
        fails("required before op set 11", op("Gemm", "a", "b"), 9, "a", f(s(1, 1), 1), "b", f(s(1, 1), 1));
    }

    @Test
    void gemmOnInt32WithTransposedB() {
        // B^T = [[1, 3], [2, 4]]; [1, 1] x B^T = [3, 7]; + C [10, 20]
        Node n = op("Gemm", "a", "b", "c").attr("transB", 1L);
        Tensor r = y(n, 13, "a", Tensor.ofInts(s(1, 2), 1, 1), "b", Tensor.ofInts(s(2, 2), 1, 2, 3, 4), "c",
                Tensor.ofInts(s(2), 10, 20));
        assertEquals(DataType.INT32, r.type());
        check(r, s(1, 2), 13, 27);
    }

    @Test
    void gemmRejectsCThatDoesNotBroadcast() {
        fails("do not broadcast", op("Gemm", "a", "b", "c"), 13,
                "a", f(s(2, 2), new double[4]), "b", f(s(2, 2), new double[4]), "c", f(s(3), 1, 2, 3));
    }

    @Test
    void matmulIntegerSubtractsPerRowZeroPoints() {
        Tensor a = Tensor.of(DataType.UINT8, s(2, 2), new byte[] {5, 6, 7, 8});
        Tensor b = Tensor.of(DataType.UINT8, s(2, 1), new byte[] {1, 1});
        Tensor azp = Tensor.of(DataType.UINT8, s(2), new byte[] {5, 7});
        Tensor r = y(op("MatMulInteger", "a", "b", "azp"), 10, "a", a, "b", b, "azp", azp);
        assertEquals(DataType.INT32, r.type());
        check(r, s(2, 1), 1, 1);
    }

    @Test
    void qlinearMatmulRescalesRoundsAndSaturates() {
        // (2*3)=6 * (0.5*1/1) = 3 -> +10 = 13; (100*3)=300 * 0.5 = 150 + 10 -> 127 saturated
        Tensor a = Tensor.of(DataType.INT8, s(2, 1), new byte[] {2, 100});
        Tensor b = Tensor.of(DataType.INT8, s(1, 1), new byte[] {3});
        Tensor zero = Tensor.of(DataType.INT8, s(), new byte[] {0});
        Tensor yzp = Tensor.of(DataType.INT8, s(), new byte[] {10});
        Node n = op("QLinearMatMul", "a", "as", "az", "b", "bs", "bz", "ys", "yz");
        Tensor r = y(n, 10, "a", a, "as", f(s(), 0.5), "az", zero, "b", b, "bs", f(s(), 1), "bz", zero,
                "ys", f(s(), 1), "yz", yzp);
        check(r, s(2, 1), 13, 127);
    }

    @Test
    void einsumMatmulTraceDiagonalAndEllipsis() {
        Tensor m = f(s(2, 2), 1, 2, 3, 4);
        Node mm = op("Einsum", "a", "b").attr("equation", "ij,jk->ik");
        check(y(mm, 12, "a", m, "b", m), s(2, 2), 7, 10, 15, 22);
        check(y(op("Einsum", "a").attr("equation", "ii"), 12, "a", m), s(), 5);
        check(y(op("Einsum", "a").attr("equation", "ii->i"), 12, "a", m), s(2), 1, 4);
        check(y(op("Einsum", "a").attr("equation", "...ij->...ji"), 12, "a", m), s(2, 2), 1, 3, 2, 4);
        // implicit output: letters seen once, sorted -> "ik"
        check(y(op("Einsum", "a", "b").attr("equation", "ij,jk"), 12, "a", m, "b", m), s(2, 2), 7, 10, 15, 22);
    }

    @Test
    void einsumRejectsTermOfWrongRank() {
        fails("does not match input 0", op("Einsum", "a").attr("equation", "ijk->i"), 12, "a", f(s(2, 2), 1, 2, 3, 4));
    }

    @Test
    void detOfBatchOfMatrices() {
        Tensor x = f(s(2, 2, 2), 1, 2, 3, 4, 2, 0, 0, 3);
        check(y(op("Det", "x"), 22, "x", x), s(2), -2, 6);
        check(y(op("Det", "x"), 22, "x", f(s(3, 3), 0, 1, 0, 1, 0, 0, 0, 0, 1)), s(), -1);
        fails("must be [*, M, M]", op("Det", "x"), 22, "x", f(s(2, 3), new double[6]));
    }
}
