package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import static dev.modelx.runtime.kernels.conv.ConvRun.check;
import static dev.modelx.runtime.kernels.conv.ConvRun.f;
import static dev.modelx.runtime.kernels.conv.ConvRun.fails;
import static dev.modelx.runtime.kernels.conv.ConvRun.l;
import static dev.modelx.runtime.kernels.conv.ConvRun.op;
import static dev.modelx.runtime.kernels.conv.ConvRun.s;
import static dev.modelx.runtime.kernels.conv.ConvRun.y;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ResizeTest {

    private static final Tensor NO_ROI = f(s(0));

    @Test
    void nearestUpsamplingRepeatsPixels() {
        Tensor x = f(s(1, 1, 2, 2), 1, 2, 3, 4);
        Tensor scales = f(s(4), 1, 1, 2, 2);
        check(y(op("Resize", "x", "roi", "scales"), 13, "x", x, "roi", NO_ROI, "scales", scales), s(1, 1, 4, 4),
                1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
    }

    @Test
    void linearHalfPixelClampsAtTheEdges() {
        Tensor x = f(s(1, 1, 1, 2), 1, 3);
        Tensor scales = f(s(4), 1, 1, 1, 2);
        check(y(op("Resize", "x", "roi", "scales").attr("mode", "linear"), 13, "x", x, "roi", NO_ROI, "scales", scales),
                s(1, 1, 1, 4), 1, 1.5, 2.5, 3);
    }

    @Test
    void alignCornersWithSizes() {
        Tensor x = f(s(1, 1, 1, 2), 1, 3);
        var node = op("Resize", "x", "", "", "sizes").attr("mode", "linear").attr("coordinate_transformation_mode", "align_corners");
        check(y(node, 13, "x", x, "sizes", l(1, 1, 1, 3)), s(1, 1, 1, 3), 1, 2, 3);
    }

    @Test
    void axesAndKeepAspectRatio() {
        Tensor x = f(s(1, 2), 1, 2);
        check(y(op("Resize", "x", "", "", "sizes").ints("axes", 1), 18, "x", x, "sizes", l(4)), s(1, 4), 1, 1, 2, 2);
        // not_larger: scale min(3/1, 3/2) = 1.5 -> (2, 3)
        Tensor sq = f(s(1, 2), 1, 2);
        Tensor r = y(op("Resize", "x", "", "", "sizes").attr("keep_aspect_ratio_policy", "not_larger"), 18, "x", sq,
                "sizes", l(3, 3));
        assertEquals(2, r.dim(0));
        assertEquals(3, r.dim(1));
    }

    @Test
    void cubicReproducesLinearData() {
        // cubic convolution reproduces a linear ramp away from the borders
        Tensor x = f(s(1, 8), 0, 1, 2, 3, 4, 5, 6, 7);
        Tensor r = y(op("Resize", "x", "", "scales").attr("mode", "cubic").attr("coordinate_transformation_mode", "asymmetric"),
                13, "x", x, "scales", f(s(2), 1, 2));
        assertEquals(16, r.size());
        assertEquals(2.5, r.getDouble(5), 1e-6);
        assertEquals(3.0, r.getDouble(6), 1e-6);
    }

    @Test
    void integerResizeRounds() {
        Tensor x = Tensor.of(DataType.UINT8, s(1, 2), new byte[] {0, 3});
        Tensor r = y(op("Resize", "x", "", "", "sizes").attr("mode", "linear").attr("coordinate_transformation_mode", "align_corners"),
                13, "x", x, "sizes", l(1, 3));
        assertEquals(DataType.UINT8, r.type());
        check(r, s(1, 3), 0, 2, 3); // 1.5 rounds half to even
    }

    @Test
    void upsampleUsesAsymmetricFloor() {
        Tensor x = f(s(1, 2), 1, 2);
        check(y(op("Upsample", "x", "scales"), 9, "x", x, "scales", f(s(2), 1, 3)), s(1, 6), 1, 1, 1, 2, 2, 2);
        check(y(op("Upsample", "x").floats("scales", 1, 2).attr("mode", "linear"), 7, "x", x), s(1, 4), 1, 1.5, 2, 2);
    }

    @Test
    void resizeRejectsBadRequests() {
        Tensor x = f(s(1, 2), 1, 2);
        fails("exactly one", op("Resize", "x", "", "scales", "sizes"), 13, "x", x, "scales", f(s(2), 1, 2), "sizes", l(1, 4));
        fails("scales must be positive", op("Resize", "x", "", "scales"), 13, "x", x, "scales", f(s(2), 1, -2));
        fails("mode", op("Resize", "x", "", "scales").attr("mode", "area"), 13, "x", x, "scales", f(s(2), 1, 2));
        fails("sizes", op("Resize", "x", "", "", "sizes"), 13, "x", x, "sizes", l(4));
    }
}
