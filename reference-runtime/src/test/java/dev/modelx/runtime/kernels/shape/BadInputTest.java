package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static dev.modelx.runtime.kernels.shape.Harness.*;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad inputs give an error naming the node, never an escaping array-index exception. */
class BadInputTest {

    private static final Tensor X23 = f(s(2, 3), 1, 2, 3, 4, 5, 6);

    private static void fails(String op, Executable e) {
        KernelException ex = assertThrows(KernelException.class, e);
        assertTrue(ex.getMessage().contains("'bad'") && ex.getMessage().contains(op), ex.getMessage());
        assertTrue(!(ex.getCause() instanceof IndexOutOfBoundsException), ex.getMessage());
    }

    private static Node bad(String op) {
        return Node.of(op).name("bad");
    }

    @Test
    void indexingOps() {
        fails("Gather", () -> run1(bad("Gather"), 13, X23, f(s(1), 0)));
        fails("GatherND", () -> run1(bad("GatherND"), 13, X23, Tensor.ofLongs(s(1, 3), 0, 0, 0)));
        fails("GatherND", () -> run1(bad("GatherND"), 13, X23, Tensor.ofLongs(s(1, 2), 2, 0)));
        fails("GatherElements", () -> run1(bad("GatherElements").attr("axis", 1L), 13, X23, Tensor.ofLongs(s(3, 1), 0, 0, 0)));
        fails("ScatterND", () -> run1(bad("ScatterND"), 18, X23, Tensor.ofLongs(s(1, 2), 0, 3), f(s(1), 9)));
        fails("ScatterND", () -> run1(bad("ScatterND"), 18, X23, Tensor.ofLongs(s(1, 1), 0), f(s(1, 2), 9, 9)));
        fails("OneHot", () -> run1(bad("OneHot"), 11, l(0), Tensor.scalar(0L), f(s(2), 0, 1)));
        fails("TopK", () -> run(bad("TopK").attr("axis", 2L), 11, 2, X23, l(1)));
        fails("Compress", () -> run1(bad("Compress").attr("axis", 1L), 11, X23, Tensor.ofBooleans(s(4), false, false, false, true)));
        fails("Unique", () -> run(bad("Unique").attr("axis", 2L), 11, 4, X23));
        fails("ArgMax", () -> run1(bad("ArgMax").attr("axis", 1L), 13, Tensor.zeros(DataType.FLOAT, 2, 0)));
    }

    @Test
    void movementOps() {
        fails("Slice", () -> run1(bad("Slice"), 13, X23, l(0), l(1), l(0), l(0)));
        fails("Slice", () -> run1(bad("Slice"), 13, X23, l(0), l(1, 2)));
        fails("Tile", () -> run1(bad("Tile"), 13, X23, l(2)));
        fails("DepthToSpace", () -> run1(bad("DepthToSpace").attr("blocksize", 2L), 13, X23));
        fails("Pad", () -> run1(bad("Pad"), 18, X23, l(1, 1)));
        fails("Pad", () -> run1(bad("Pad"), 18, X23, l(0, -4, 0, 0)));
        fails("Split", () -> run(bad("Split").attr("axis", 1L), 13, 2, X23, l(4, -1)));
        fails("Concat", () -> run1(bad("Concat").attr("axis", 2L), 13, X23, X23));
        fails("Trilu", () -> run1(bad("Trilu"), 14, f(s(2), 1, 2)));
        fails("ReverseSequence", () -> run1(bad("ReverseSequence"), 10, X23, l(1, 1)));
        fails("TensorScatter", () -> run1(bad("TensorScatter").attr("axis", 0L), 24, X23, X23));
        fails("Reshape", () -> run1(bad("Reshape"), 13, X23, l(-1, -1)));
        fails("Unsqueeze", () -> run1(bad("Unsqueeze"), 13, X23, l(3)));
    }

    @Test
    void generatorsAndReductions() {
        fails("Range", () -> run1(bad("Range"), 11, Tensor.scalar(0L), Tensor.scalar(3L), Tensor.scalar(0L)));
        fails("Range", () -> run1(bad("Range"), 11, Tensor.scalar(0f), Tensor.scalar(3e12f), Tensor.scalar(1f)));
        fails("CumSum", () -> run1(bad("CumSum"), 14, X23, Tensor.scalar(2L)));
        fails("ConstantOfShape", () -> run1(bad("ConstantOfShape"), 20, l(2, -1)));
        fails("Expand", () -> run1(bad("Expand"), 13, X23, l(100000, 100000, 1000)));
        fails("ReduceSum", () -> run1(bad("ReduceSum"), 13, X23, l(0, 0)));
        fails("Constant", () -> run1(bad("Constant"), 13));
    }
}
