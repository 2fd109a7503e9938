package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;
import org.junit.jupiter.api.Test;

import static dev.modelx.runtime.kernels.shape.Harness.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReduceTest {

    private static final Tensor X23 = f(s(2, 3), 1, 2, 3, 4, 5, 6);

    @Test
    void axesAsAttributeAndInput() {
        assertFloats(run1(Node.of("ReduceSum").ints("axes", 1), 11, X23), s(2, 1), 6, 15);
        assertFloats(run1(Node.of("ReduceSum").attr("keepdims", 0L), 13, X23, l(0)), s(3), 5, 7, 9);
        assertFloats(run1(Node.of("ReduceMean").ints("axes", -1), 13, X23), s(2, 1), 2, 5);
        assertFloats(run1(Node.of("ReduceMean"), 18, X23, l(-1)), s(2, 1), 2, 5);
        assertFloats(run1(Node.of("ReduceMax").attr("keepdims", 0L), 18, X23), s(), 6);
    }

    @Test
    void compositeReductions() {
        Tensor x = f(s(2), 3, -4);
        assertFloats(run1(Node.of("ReduceL1"), 18, x), s(1), 7);
        assertFloats(run1(Node.of("ReduceL2"), 18, x), s(1), 5);
        assertFloats(run1(Node.of("ReduceSumSquare"), 18, x), s(1), 25);
        assertFloats(run1(Node.of("ReduceProd"), 18, x), s(1), -12);
        assertFloats(run1(Node.of("ReduceMin"), 18, x), s(1), -4);
        assertFloats(run1(Node.of("ReduceLogSum"), 18, f(s(2), 1, 2)), s(1), (float) Math.log(3));
        assertFloats(run1(Node.of("ReduceLogSumExp"), 18, f(s(2), 1000, 1000)), s(1), (float) (1000 + Math.log(2)));
    }

    @Test
    void emptyAxesNoopAndEmptySets() {
        Tensor y = run1(Node.of("ReduceSum").attr("noop_with_empty_axes", 1L), 13, X23, Tensor.ofLongs(s(0)));
        assertFloats(y, s(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor empty = Tensor.zeros(DataType.FLOAT, 2, 0);
        assertFloats(run1(Node.of("ReduceMax"), 20, empty, l(1)), s(2, 1), Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY);
        assertFloats(run1(Node.of("ReduceProd"), 18, empty, l(1)), s(2, 1), 1, 1);
        assertFloats(run1(Node.of("ReduceSum"), 13, empty, l(1)), s(2, 1), 0, 0);
        Tensor i = Tensor.zeros(DataType.INT32, 0);
        assertEquals(Integer.MAX_VALUE, run1(Node.of("ReduceMin"), 18, i).ints()[0]);
    }

    @Test
    void boolAndIntegerReductions() {
        Tensor b = Tensor.ofBooleans(s(2, 2), true, false, false, false);
        assertLongs(run1(Node.of("ReduceMax"), 20, b, l(1)), s(2, 1), 1, 0);
        Tensor big = Tensor.ofLongs(s(2), Long.MAX_VALUE - 1, 1);
        assertEquals(Long.MAX_VALUE, run1(Node.of("ReduceSum"), 13, big).longs()[0]);
    }

    @Test
    void badAxisNamesNode() {
        KernelException e = assertThrows(KernelException.class, () -> run1(Node.of("ReduceSum").name("rs"), 13, X23, l(2)));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("rs") && e.getMessage().contains("axis 2"), e.getMessage());
    }
}
