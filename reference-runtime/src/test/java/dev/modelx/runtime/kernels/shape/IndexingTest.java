package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.modelx.runtime.kernels.shape.Harness.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexingTest {

    private static final Tensor X23 = f(s(2, 3), 1, 2, 3, 4, 5, 6);

    @Test
    void gatherWithNegativeIndices() {
        assertFloats(run1(Node.of("Gather").attr("axis", 1L), 13, X23, l(-1, 0)), s(2, 2), 3, 1, 6, 4);
        KernelException e = assertThrows(KernelException.class,
                () -> run1(Node.of("Gather").name("g").attr("axis", 1L), 13, X23, l(3)));
        assertTrue(e.getMessage().contains("'g'") && e.getMessage().contains("index 3"), e.getMessage());
    }

    @Test
    void gatherElementsAndND() {
        Tensor idx = Tensor.ofLongs(s(2, 2), 2, 0, 1, 1);
        assertFloats(run1(Node.of("GatherElements").attr("axis", 1L), 13, X23, idx), s(2, 2), 3, 1, 5, 5);
        Tensor nd = Tensor.ofLongs(s(2, 2), 1, 2, 0, 0);
        assertFloats(run1(Node.of("GatherND"), 13, X23, nd), s(2), 6, 1);
        Tensor batched = Tensor.ofLongs(s(2, 1), 2, 0);
        assertFloats(run1(Node.of("GatherND").attr("batch_dims", 1L), 13, X23, batched), s(2), 3, 4);
    }

    @Test
    void scatterElementsReductions() {
        Tensor data = f(s(1, 3), 1, 1, 1);
        Tensor idx = Tensor.ofLongs(s(1, 2), 1, 1);
        Tensor upd = f(s(1, 2), 2, 3);
        assertFloats(run1(Node.of("ScatterElements").attr("axis", 1L).attr("reduction", "add"), 18, data, idx, upd), s(1, 3), 1, 6, 1);
        assertFloats(run1(Node.of("ScatterElements").attr("axis", 1L).attr("reduction", "mul"), 18, data, idx, upd), s(1, 3), 1, 6, 1);
        assertFloats(run1(Node.of("ScatterElements").attr("axis", 1L), 18, data, Tensor.ofLongs(s(1, 1), -1), f(s(1, 1), 7)), s(1, 3), 1, 1, 7);
        assertThrows(KernelException.class,
                () -> run1(Node.of("ScatterElements").attr("axis", 1L), 18, data, Tensor.ofLongs(s(1, 1), 3), f(s(1, 1), 7)));
    }

    @Test
    void scatterNDWritesSlices() {
        Tensor idx = Tensor.ofLongs(s(1, 1), 1);
        Tensor upd = f(s(1, 3), 7, 8, 9);
        assertFloats(run1(Node.of("ScatterND"), 18, X23, idx, upd), s(2, 3), 1, 2, 3, 7, 8, 9);
        assertFloats(run1(Node.of("ScatterND").attr("reduction", "max"), 18, X23, idx, f(s(1, 3), 0, 9, 0)), s(2, 3), 1, 2, 3, 4, 9, 6);
    }

    @Test
    void tensorScatterCircular() {
        Tensor cache = f(s(1, 3, 1), 0, 0, 0);
        Tensor upd = f(s(1, 2, 1), 1, 2);
        Tensor y = run1(Node.of("TensorScatter").attr("mode", "circular"), 24, cache, upd, l(2));
        assertFloats(y, s(1, 3, 1), 2, 0, 1);
        assertThrows(KernelException.class, () -> run1(Node.of("TensorScatter"), 24, cache, upd, l(2)));
    }

    @Test
    void shapeSizeAndConstants() {
        Tensor x = Tensor.zeros(DataType.FLOAT, 2, 3, 4);
        assertLongs(run1(Node.of("Shape").attr("start", -2L), 15, x), s(2), 3, 4);
        assertLongs(run1(Node.of("Size"), 13, x), s(), 24);
        Tensor y = run1(Node.of("ConstantOfShape").attr("value", Tensor.ofInts(s(1), 5)), 20, l(2, 2));
        assertEquals(DataType.INT32, y.type());
        assertLongs(y, s(2, 2), 5, 5, 5, 5);
        assertLongs(run1(Node.of("Constant").ints("value_ints", 1, 2), 13), s(2), 1, 2);
    }

    @Test
    void rangeAndOneHot() {
        assertLongs(run1(Node.of("Range"), 11, Tensor.scalar(10L), Tensor.scalar(4L), Tensor.scalar(-2L)), s(3), 10, 8, 6);
        assertFloats(run1(Node.of("Range"), 11, Tensor.scalar(0f), Tensor.scalar(1f), Tensor.scalar(0.25f)), s(4), 0, 0.25f, 0.5f, 0.75f);
        Tensor y = run1(Node.of("OneHot"), 11, l(1, -1, 5), Tensor.scalar(3L), f(s(2), 0, 1));
        assertFloats(y, s(3, 3), 0, 1, 0, 0, 0, 1, 0, 0, 0);
    }

    @Test
    void eyeLikeAndTrilu() {
        Tensor y = run1(Node.of("EyeLike").attr("k", 1L), 22, Tensor.zeros(DataType.INT32, 2, 3));
        assertLongs(y, s(2, 3), 0, 1, 0, 0, 0, 1);
        Tensor x = f(s(3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertFloats(run1(Node.of("Trilu"), 14, x), s(3, 3), 1, 2, 3, 0, 5, 6, 0, 0, 9);
        assertFloats(run1(Node.of("Trilu").attr("upper", 0L), 14, x, Tensor.scalar(-1L)), s(3, 3), 0, 0, 0, 4, 0, 0, 7, 8, 0);
    }

    @Test
    void compressAndNonZero() {
        Tensor cond = Tensor.ofBooleans(s(3), false, true, true);
        assertFloats(run1(Node.of("Compress").attr("axis", 1L), 11, X23, cond), s(2, 2), 2, 3, 5, 6);
        assertFloats(run1(Node.of("Compress"), 11, X23, cond), s(2), 2, 3);
        assertLongs(run1(Node.of("NonZero"), 13, f(s(2, 2), 0, 3, 4, 0)), s(2, 2), 0, 1, 1, 0);
    }

    @Test
    void topKBreaksTiesByIndex() {
        Tensor x = f(s(5), 3, 1, 3, 2, 1);
        List<Tensor> r = run(Node.of("TopK"), 11, 2, x, l(3));
        assertFloats(r.get(0), s(3), 3, 3, 2);
        assertLongs(r.get(1), s(3), 0, 2, 3);
        List<Tensor> small = run(Node.of("TopK").attr("largest", 0L), 11, 2, x, l(2));
        assertLongs(small.get(1), s(2), 1, 4);
        assertThrows(KernelException.class, () -> run(Node.of("TopK"), 11, 2, x, l(6)));
    }

    @Test
    void argMaxFirstOrLast() {
        Tensor x = f(s(2, 3), 1, 5, 5, 7, 2, 7);
        assertLongs(run1(Node.of("ArgMax").attr("axis", 1L), 13, x), s(2, 1), 1, 0);
        assertLongs(run1(Node.of("ArgMax").attr("axis", 1L).attr("select_last_index", 1L).attr("keepdims", 0L), 13, x), s(2), 2, 2);
        assertLongs(run1(Node.of("ArgMin"), 13, x), s(1, 3), 0, 1, 0);
        Tensor withNan = f(s(4), 3, Float.NaN, 1, Float.NaN);
        assertLongs(run1(Node.of("ArgMin").attr("keepdims", 0L), 13, withNan), s(), 1);
        assertLongs(run1(Node.of("ArgMax").attr("keepdims", 0L).attr("select_last_index", 1L), 13, withNan), s(), 3);
    }

    @Test
    void uniqueSortedAndUnsorted() {
        Tensor x = f(s(6), 2, 1, 1, 3, 4, 3);
        List<Tensor> r = run(Node.of("Unique"), 11, 4, x);
        assertFloats(r.get(0), s(4), 1, 2, 3, 4);
        assertLongs(r.get(1), s(4), 1, 0, 3, 4);
        assertLongs(r.get(2), s(6), 1, 0, 0, 2, 3, 2);
        assertLongs(r.get(3), s(4), 2, 1, 2, 1);
        List<Tensor> u = run(Node.of("Unique").attr("sorted", 0L), 11, 4, x);
        assertFloats(u.get(0), s(4), 2, 1, 3, 4);
        assertLongs(u.get(2), s(6), 0, 1, 1, 2, 3, 2);
        List<Tensor> rows = run(Node.of("Unique").attr("axis", 0L), 11, 4, f(s(3, 2), 1, 0, 0, 1, 1, 0));
        assertFloats(rows.get(0), s(2, 2), 0, 1, 1, 0);
        assertLongs(rows.get(3), s(2), 1, 2);
    }

    @Test
    void cumulativeExclusiveReverse() {
        Tensor x = f(s(4), 1, 2, 3, 4);
        assertFloats(run1(Node.of("CumSum"), 14, x, Tensor.scalar(0L)), s(4), 1, 3, 6, 10);
        assertFloats(run1(Node.of("CumSum").attr("exclusive", 1L).attr("reverse", 1L), 14, x, Tensor.scalar(0L)), s(4), 9, 7, 4, 0);
        assertFloats(run1(Node.of("CumProd").attr("exclusive", 1L), 26, x, Tensor.scalar(0L)), s(4), 1, 1, 2, 6);
    }
}
