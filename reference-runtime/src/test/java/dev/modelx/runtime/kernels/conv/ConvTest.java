package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import static dev.modelx.runtime.kernels.conv.ConvRun.check;
import static dev.modelx.runtime.kernels.conv.ConvRun.f;
import static dev.modelx.runtime.kernels.conv.ConvRun.fails;
import static dev.modelx.runtime.kernels.conv.ConvRun.op;
import static dev.modelx.runtime.kernels.conv.ConvRun.range;
import static dev.modelx.runtime.kernels.conv.ConvRun.s;
import static dev.modelx.runtime.kernels.conv.ConvRun.y;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ConvTest {

    private static final Tensor ONES_3X3 = f(s(1, 1, 3, 3), 1, 1, 1, 1, 1, 1, 1, 1, 1);

    @Test
    void convSumsWindowsWithAndWithoutPadding() {
        Tensor x = range(1, 1, 5, 5);
        check(y(op("Conv", "x", "w"), 11, "x", x, "w", ONES_3X3), s(1, 1, 3, 3), 54, 63, 72, 99, 108, 117, 144, 153, 162);
        check(y(op("Conv", "x", "w").ints("pads", 1, 1, 1, 1), 11, "x", x, "w", ONES_3X3), s(1, 1, 5, 5),
                12, 21, 27, 33, 24, 33, 54, 63, 72, 51, 63, 99, 108, 117, 81, 93, 144, 153, 162, 111, 72, 111, 117, 123, 84);
        check(y(op("Conv", "x", "w").ints("pads", 1, 1, 1, 1).ints("strides", 2, 2), 11, "x", x, "w", ONES_3X3),
                s(1, 1, 3, 3), 12, 27, 24, 63, 108, 81, 72, 117, 84);
    }

    @Test
    void convGroupsAddBiasPerOutputChannel() {
        Tensor x = f(s(1, 2, 1, 2), 1, 2, 3, 4);
        Tensor w = f(s(2, 1, 1, 1), 2, 10);
        Tensor b = f(s(2), 1, -1);
        check(y(op("Conv", "x", "w", "b").attr("group", 2L), 11, "x", x, "w", w, "b", b), s(1, 2, 1, 2), 3, 5, 29, 39);
    }

    @Test
    void convAutoPadSplitsOddPaddingPerMode() {
        Tensor x = f(s(1, 1, 5), 1, 2, 3, 4, 5);
        Tensor w = f(s(1, 1, 2), 1, 1);
        check(y(op("Conv", "x", "w").attr("auto_pad", "SAME_UPPER").ints("strides", 2), 11, "x", x, "w", w), s(1, 1, 3), 3, 7, 5);
        check(y(op("Conv", "x", "w").attr("auto_pad", "SAME_LOWER").ints("strides", 2), 11, "x", x, "w", w), s(1, 1, 3), 1, 5, 9);
        check(y(op("Conv", "x", "w").attr("auto_pad", "VALID").ints("strides", 2), 11, "x", x, "w", w), s(1, 1, 2), 3, 7);
    }

    @Test
    void convDilatesTheKernel() {
        Tensor x = f(s(1, 1, 5), 1, 2, 3, 4, 5);
        check(y(op("Conv", "x", "w").ints("dilations", 2), 11, "x", x, "w", f(s(1, 1, 2), 1, 1)), s(1, 1, 3), 4, 6, 8);
    }

    @Test
    void convKeepsDoublePrecision() {
        Tensor x = Tensor.ofDoubles(s(1, 1, 2), 1e-17, 1);
        Tensor w = Tensor.ofDoubles(s(1, 1, 2), 1, 1);
        Tensor r = y(op("Conv", "x", "w"), 11, "x", x, "w", w);
        assertEquals(DataType.DOUBLE, r.type());
        assertEquals(1 + 1e-17, r.getDouble(0));
    }

    @Test
    void convRejectsInconsistentShapes() {
        fails("X channels", op("Conv", "x", "w"), 11, "x", range(1, 3, 4, 4), "w", range(1, 2, 3, 3));
        fails("pads", op("Conv", "x", "w").ints("pads", 1, 1), 11, "x", range(1, 1, 4, 4), "w", ONES_3X3);
        fails("bias", op("Conv", "x", "w", "b"), 11, "x", range(1, 1, 4, 4), "w", ONES_3X3, "b", f(s(2), 1, 2));
        fails("auto_pad", op("Conv", "x", "w").attr("auto_pad", "FULL"), 11, "x", range(1, 1, 4, 4), "w", ONES_3X3);
    }

    @Test
    void convTransposeScattersEachInputOverTheKernel() {
        Tensor x = f(s(1, 1, 3), 1, 2, 3);
        Tensor w = f(s(1, 1, 3), 1, 1, 1);
        check(y(op("ConvTranspose", "x", "w"), 11, "x", x, "w", w), s(1, 1, 5), 1, 3, 6, 5, 3);
        check(y(op("ConvTranspose", "x", "w").ints("strides", 2), 11, "x", x, "w", w), s(1, 1, 7), 1, 1, 3, 2, 5, 3, 3);
        check(y(op("ConvTranspose", "x", "w").ints("strides", 2).ints("output_padding", 1), 11, "x", x, "w", w),
                s(1, 1, 8), 1, 1, 3, 2, 5, 3, 3, 0);
        check(y(op("ConvTranspose", "x", "w").ints("strides", 2).ints("pads", 1, 1), 11, "x", x, "w", w),
                s(1, 1, 5), 1, 3, 2, 5, 3);
        check(y(op("ConvTranspose", "x", "w").ints("strides", 2).ints("output_shape", 8), 11, "x", x, "w", w),
                s(1, 1, 8), 1, 1, 3, 2, 5, 3, 3, 0);
    }

    @Test
    void convTransposeGroupsAndBias() {
        // two groups of one channel each; W is (C, M/group, k)
        Tensor x = f(s(1, 2, 1), 1, 2);
        Tensor w = f(s(2, 1, 2), 1, 2, 3, 4);
        Tensor b = f(s(2), 10, 20);
        check(y(op("ConvTranspose", "x", "w", "b").attr("group", 2L), 11, "x", x, "w", w, "b", b), s(1, 2, 2), 11, 12, 26, 28);
    }

    @Test
    void convTransposeRejectsWeightsOfOtherChannels() {
        fails("W.shape[0]", op("ConvTranspose", "x", "w"), 11, "x", range(1, 2, 3), "w", range(3, 1, 2));
    }

    @Test
    void convIntegerSubtractsZeroPoints() {
        Tensor x = Tensor.of(DataType.UINT8, s(1, 1, 2, 2), new byte[] {2, 3, 4, 5});
        Tensor w = Tensor.of(DataType.UINT8, s(1, 1, 1, 1), new byte[] {3});
        Tensor xz = Tensor.of(DataType.UINT8, s(), new byte[] {1});
        Tensor wz = Tensor.of(DataType.UINT8, s(), new byte[] {1});
        Tensor r = y(op("ConvInteger", "x", "w", "xz", "wz"), 10, "x", x, "w", w, "xz", xz, "wz", wz);
        assertEquals(DataType.INT32, r.type());
        check(r, s(1, 1, 2, 2), 2, 4, 6, 8);
    }

    @Test
    void qlinearConvRequantizesAndSaturates() {
        Tensor x = Tensor.of(DataType.UINT8, s(1, 1, 1, 3), new byte[] {10, 20, (byte) 200});
        Tensor w = Tensor.of(DataType.UINT8, s(1, 1, 1, 1), new byte[] {2});
        Tensor z = Tensor.of(DataType.UINT8, s(), new byte[] {0});
        Tensor one = Tensor.scalar(1f);
        // real x * 2 / y_scale 1 -> 20, 40, 400 (saturates to 255)
        Tensor r = y(op("QLinearConv", "x", "xs", "xz", "w", "ws", "wz", "ys", "yz"), 10,
                "x", x, "xs", one, "xz", z, "w", w, "ws", one, "wz", z, "ys", one, "yz", z);
        assertEquals(DataType.UINT8, r.type());
        check(r, s(1, 1, 1, 3), 20, 40, 255);
    }

    @Test
    void deformConvWithZeroOffsetsIsConvAndOffsetsShiftTaps() {
        Tensor x = range(1, 1, 3, 3);
        Tensor w = f(s(1, 1, 2, 2), 1, 1, 1, 1);
        double[] zeros = new double[8 * 4];
        check(y(op("DeformConv", "x", "w", "o"), 19, "x", x, "w", w, "o", f(s(1, 8, 2, 2), zeros)), s(1, 1, 2, 2), 8, 12, 20, 24);
        double[] shiftW = new double[8 * 4];
        for (int tap = 0; tap < 4; tap++) {
            for (int o = 0; o < 4; o++) {
                shiftW[(tap * 2 + 1) * 4 + o] = 1; // +1 along W for every tap
            }
        }
        double[] half = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        check(y(op("DeformConv", "x", "w", "o", "", "m"), 19, "x", x, "w", w, "o", f(s(1, 8, 2, 2), shiftW),
                "m", f(s(1, 4, 2, 2), half)), s(1, 1, 2, 2), 6, 3.5, 12, 6.5);
    }

    @Test
    void causalConvCarriesState() {
        Tensor x = f(s(1, 1, 3), 1, 2, 3);
        Tensor w = f(s(1, 1, 2), 1, 1);
        var out = ConvRun.run(op("CausalConvWithState", "x", "w", "", "p").outputs("y", "state"), 27,
                "x", x, "w", w, "p", f(s(1, 1, 1), 10));
        check(out.get("y"), s(1, 1, 3), 11, 3, 5);
        check(out.get("state"), s(1, 1, 1), 3);
    }
}
