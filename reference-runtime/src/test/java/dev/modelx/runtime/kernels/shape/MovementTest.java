package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.modelx.runtime.kernels.shape.Harness.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MovementTest {

    private static final Tensor X23 = f(s(2, 3), 1, 2, 3, 4, 5, 6);

    @Test
    void reshapeCopiesZeroAndInfersMinusOne() {
        Tensor x = Tensor.zeros(DataType.FLOAT, 2, 3, 4);
        assertShape(run1(Node.of("Reshape"), 13, x, l(0, -1)), 2, 12);
        assertShape(run1(Node.of("Reshape"), 13, x, l(4, 0, 2)), 4, 3, 2);
    }

    @Test
    void reshapeAllowZeroKeepsZeroDims() {
        Tensor x = Tensor.zeros(DataType.FLOAT, 0, 3);
        assertShape(run1(Node.of("Reshape").attr("allowzero", 1L), 14, x, l(3, 0)), 3, 0);
    }

    @Test
    void reshapeRejectsWrongCountNamingNode() {
        KernelException e = assertThrows(KernelException.class,
                () -> run1(Node.of("Reshape").name("r1"), 13, X23, l(4, 2)));
        assertTrue(e.getMessage().contains("r1"), e.getMessage());
    }

    @Test
    void squeezeAndUnsqueezeByAttributeAndInput() {
        Tensor x = Tensor.zeros(DataType.FLOAT, 1, 3, 1);
        assertShape(run1(Node.of("Squeeze").ints("axes", 0), 11, x), 3, 1);
        assertShape(run1(Node.of("Squeeze"), 13, x), 3);
        assertShape(run1(Node.of("Squeeze"), 13, x, Tensor.ofLongs(s(0))), 3);
        assertShape(run1(Node.of("Squeeze"), 13, x, l(-1)), 1, 3);
        assertShape(run1(Node.of("Unsqueeze"), 13, X23, l(3, 0)), 1, 2, 3, 1);
        assertShape(run1(Node.of("Unsqueeze").ints("axes", 1), 11, X23), 2, 1, 3);
        assertThrows(KernelException.class, () -> run1(Node.of("Squeeze"), 13, x, l(1)));
    }

    @Test
    void flattenAtAxis() {
        assertShape(run1(Node.of("Flatten").attr("axis", 0L), 13, X23), 1, 6);
        assertShape(run1(Node.of("Flatten").attr("axis", -1L), 13, Tensor.zeros(DataType.FLOAT, 2, 3, 4)), 6, 4);
    }

    @Test
    void transposeDefaultReverses() {
        assertFloats(run1(Node.of("Transpose"), 13, X23), s(3, 2), 1, 4, 2, 5, 3, 6);
        assertThrows(KernelException.class, () -> run1(Node.of("Transpose").ints("perm", 0, 0), 13, X23));
    }

    @Test
    void concatAlongAxis() {
        Tensor b = f(s(2, 1), 7, 8);
        assertFloats(run1(Node.of("Concat").attr("axis", 1L), 13, X23, b), s(2, 4), 1, 2, 3, 7, 4, 5, 6, 8);
        assertThrows(KernelException.class, () -> run1(Node.of("Concat").attr("axis", 0L), 13, X23, b));
    }

    @Test
    void splitWithUnevenLastChunk() {
        Tensor x = f(s(5), 1, 2, 3, 4, 5);
        List<Tensor> parts = run(Node.of("Split").attr("num_outputs", 2L), 18, 2, x);
        assertFloats(parts.get(0), s(3), 1, 2, 3);
        assertFloats(parts.get(1), s(2), 4, 5);
        List<Tensor> byInput = run(Node.of("Split"), 13, 2, x, l(1, 4));
        assertFloats(byInput.get(1), s(4), 2, 3, 4, 5);
        assertThrows(KernelException.class, () -> run(Node.of("Split"), 13, 2, x));
    }

    @Test
    void sliceNegativeStepAndClamping() {
        Tensor x = f(s(5), 0, 1, 2, 3, 4);
        assertFloats(run1(Node.of("Slice"), 13, x, l(-1), l(Long.MIN_VALUE), l(0), l(-2)), s(3), 4, 2, 0);
        assertFloats(run1(Node.of("Slice"), 13, x, l(1), l(1000)), s(4), 1, 2, 3, 4);
        assertFloats(run1(Node.of("Slice").ints("starts", 1).ints("ends", 2).ints("axes", 1), 1, X23), s(2, 1), 2, 5);
    }

    @Test
    void expandAndTile() {
        Tensor col = f(s(2, 1), 1, 2);
        assertFloats(run1(Node.of("Expand"), 13, col, l(2, 3)), s(2, 3), 1, 1, 1, 2, 2, 2);
        assertFloats(run1(Node.of("Tile"), 13, col, l(2, 2)), s(4, 2), 1, 1, 2, 2, 1, 1, 2, 2);
        assertThrows(KernelException.class, () -> run1(Node.of("Expand"), 13, X23, l(2, 4)));
    }

    @Test
    void padModes() {
        Tensor x = f(s(3), 1, 2, 3);
        assertFloats(run1(Node.of("Pad").attr("mode", "constant"), 18, x, l(2, 1), f(s(), 9)), s(6), 9, 9, 1, 2, 3, 9);
        assertFloats(run1(Node.of("Pad").attr("mode", "reflect"), 18, x, l(2, 2)), s(7), 3, 2, 1, 2, 3, 2, 1);
        assertFloats(run1(Node.of("Pad").attr("mode", "edge"), 18, x, l(1, 2)), s(6), 1, 1, 2, 3, 3, 3);
        assertFloats(run1(Node.of("Pad").attr("mode", "wrap"), 19, x, l(2, 1)), s(6), 2, 3, 1, 2, 3, 1);
        assertFloats(run1(Node.of("Pad").ints("pads", 0, -1, 0, 1), 2, X23), s(2, 3), 2, 3, 0, 5, 6, 0);
        assertFloats(run1(Node.of("Pad"), 18, X23, l(1, 0), null, l(-1)), s(2, 4), 0, 1, 2, 3, 0, 4, 5, 6);
    }

    @Test
    void depthToSpaceModes() {
        Tensor x = f(s(1, 4, 1, 1), 1, 2, 3, 4);
        assertFloats(run1(Node.of("DepthToSpace").attr("blocksize", 2L), 13, x), s(1, 1, 2, 2), 1, 2, 3, 4);
        Tensor x8 = f(s(1, 8, 1, 1), 0, 1, 2, 3, 4, 5, 6, 7);
        // DCR: channel = (blockRow * 2 + blockCol) * 2 + c; CRD: channel = c * 4 + blockRow * 2 + blockCol
        assertFloats(run1(Node.of("DepthToSpace").attr("blocksize", 2L), 13, x8), s(1, 2, 2, 2), 0, 2, 4, 6, 1, 3, 5, 7);
        assertFloats(run1(Node.of("DepthToSpace").attr("blocksize", 2L).attr("mode", "CRD"), 13, x8), s(1, 2, 2, 2),
                0, 1, 2, 3, 4, 5, 6, 7);
        Tensor sp = f(s(1, 1, 2, 2), 1, 2, 3, 4);
        assertFloats(run1(Node.of("SpaceToDepth").attr("blocksize", 2L), 13, sp), s(1, 4, 1, 1), 1, 2, 3, 4);
    }

    @Test
    void reverseSequencePerBatch() {
        Tensor x = f(s(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor y = run1(Node.of("ReverseSequence").attr("batch_axis", 0L).attr("time_axis", 1L), 10, x, l(2, 3));
        assertFloats(y, s(2, 3), 2, 1, 3, 6, 5, 4);
    }

    @Test
    void centerCropPad() {
        Tensor x = f(s(4), 1, 2, 3, 4);
        assertFloats(run1(Node.of("CenterCropPad"), 18, x, l(2)), s(2), 2, 3);
        assertFloats(run1(Node.of("CenterCropPad"), 18, x, l(7)), s(7), 0, 1, 2, 3, 4, 0, 0);
    }

    @Test
    void identityPassesStringsAndKeepsType() {
        Tensor x = Tensor.ofStrings(s(2), "a", "b");
        assertArrayEquals(new String[] {"a", "b"}, run1(Node.of("Identity"), 13, x).strings());
        Tensor t = run1(Node.of("Transpose"), 13, Tensor.ofStrings(s(1, 2), "a", "b"));
        assertArrayEquals(new String[] {"a", "b"}, t.strings());
    }
}
