package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.modelx.runtime.kernels.conv.ConvRun.check;
import static dev.modelx.runtime.kernels.conv.ConvRun.f;
import static dev.modelx.runtime.kernels.conv.ConvRun.fails;
import static dev.modelx.runtime.kernels.conv.ConvRun.l;
import static dev.modelx.runtime.kernels.conv.ConvRun.op;
import static dev.modelx.runtime.kernels.conv.ConvRun.range;
import static dev.modelx.runtime.kernels.conv.ConvRun.run;
import static dev.modelx.runtime.kernels.conv.ConvRun.s;
import static dev.modelx.runtime.kernels.conv.ConvRun.y;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PoolTest {

    @Test
    void maxPoolReturnsValuesAndFlatIndices() {
        Tensor x = range(1, 1, 4, 4);
        var node = op("MaxPool", "x").outputs("y", "i").ints("kernel_shape", 2, 2).ints("strides", 2, 2);
        Map<String, Tensor> out = run(node, 12, "x", x);
        check(out.get("y"), s(1, 1, 2, 2), 5, 7, 13, 15);
        check(out.get("i"), s(1, 1, 2, 2), 5, 7, 13, 15);
        assertEquals(DataType.INT64, out.get("i").type());
        // column-major indices: w * H + h
        Map<String, Tensor> col = run(node.attr("storage_order", 1L), 12, "x", x);
        check(col.get("i"), s(1, 1, 2, 2), 5, 13, 7, 15);
    }

    @Test
    void maxPoolIndicesIncludeTheChannelOffset() {
        Map<String, Tensor> out = run(op("MaxPool", "x").outputs("y", "i").ints("kernel_shape", 2), 12, "x", range(1, 2, 2));
        check(out.get("i"), s(1, 2, 1), 1, 3);
    }

    @Test
    void maxPoolCeilModeAddsAPartialWindow() {
        Tensor x = f(s(1, 1, 5), 1, 2, 3, 4, 5);
        var node = op("MaxPool", "x").ints("kernel_shape", 2).ints("strides", 2);
        check(y(node, 12, "x", x), s(1, 1, 2), 2, 4);
        check(y(node.attr("ceil_mode", 1L), 12, "x", x), s(1, 1, 3), 2, 4, 5);
    }

    @Test
    void maxPoolKeepsIntegerTypes() {
        Tensor x = Tensor.of(DataType.UINT8, s(1, 1, 3), new byte[] {1, (byte) 250, 3});
        Tensor r = y(op("MaxPool", "x").ints("kernel_shape", 2), 12, "x", x);
        assertEquals(DataType.UINT8, r.type());
        check(r, s(1, 1, 2), 250, 250);
    }

    @Test
    void averagePoolCountsPaddingOnlyWhenAsked() {
        Tensor x = f(s(1, 1, 4), 1, 2, 3, 4);
        var node = op("AveragePool", "x").ints("kernel_shape", 3).ints("pads", 1, 1);
        check(y(node, 11, "x", x), s(1, 1, 4), 1.5, 2, 3, 3.5);
        check(y(node.attr("count_include_pad", 1L), 11, "x", x), s(1, 1, 4), 1, 2, 3, 7.0 / 3);
    }

    @Test
    void averagePoolDilations() {
        Tensor x = f(s(1, 1, 5), 1, 2, 3, 4, 5);
        check(y(op("AveragePool", "x").ints("kernel_shape", 2).ints("dilations", 2), 19, "x", x), s(1, 1, 3), 2, 3, 4);
    }

    @Test
    void lpPoolIsThePNormOfTheWindow() {
        check(y(op("LpPool", "x").ints("kernel_shape", 2).attr("p", 2L), 18, "x", f(s(1, 1, 2), 3, -4)), s(1, 1, 1), 5);
        check(y(op("LpPool", "x").ints("kernel_shape", 2).attr("p", 1L), 18, "x", f(s(1, 1, 2), 3, -4)), s(1, 1, 1), 7);
    }

    @Test
    void globalPoolsReduceEachPlane() {
        Tensor x = f(s(1, 2, 2, 1), 1, 2, 3, 4);
        check(y(op("GlobalAveragePool", "x"), 1, "x", x), s(1, 2, 1, 1), 1.5, 3.5);
        check(y(op("GlobalMaxPool", "x"), 1, "x", x), s(1, 2, 1, 1), 2, 4);
        check(y(op("GlobalLpPool", "x"), 2, "x", f(s(1, 1, 2), 3, 4)), s(1, 1, 1), 5);
    }

    @Test
    void maxUnpoolScattersToTheInferredLayout() {
        Tensor x = f(s(1, 1, 2, 2), 5, 6, 7, 8);
        Tensor i = Tensor.ofLongs(s(1, 1, 2, 2), 5, 7, 13, 15);
        var node = op("MaxUnpool", "x", "i").ints("kernel_shape", 2, 2).ints("strides", 2, 2);
        check(y(node, 11, "x", x, "i", i), s(1, 1, 4, 4), 0, 0, 0, 0, 0, 5, 0, 6, 0, 0, 0, 0, 0, 7, 0, 8);
        var withShape = op("MaxUnpool", "x", "i", "shape").ints("kernel_shape", 2, 2).ints("strides", 2, 2);
        check(y(withShape, 11, "x", x, "i", i, "shape", l(1, 1, 5, 5)), s(1, 1, 5, 5),
                0, 0, 0, 0, 0, 0, 5, 0, 6, 0, 0, 0, 0, 0, 0, 0, 7, 0, 8, 0, 0, 0, 0, 0, 0);
        fails("out of range", node, 11, "x", x, "i", Tensor.ofLongs(s(1, 1, 2, 2), 5, 7, 13, 16));
    }

    @Test
    void maxRoiPoolTakesTheMaxOfEachBin() {
        Tensor x = range(1, 1, 4, 4);
        Tensor rois = f(s(1, 5), 0, 0, 0, 3, 3);
        check(y(op("MaxRoiPool", "x", "r").ints("pooled_shape", 2, 2), 1, "x", x, "r", rois), s(1, 1, 2, 2), 5, 7, 13, 15);
    }

    @Test
    void poolsRejectBadAttributes() {
        fails("kernel_shape", op("MaxPool", "x"), 12, "x", range(1, 1, 4));
        fails("strides", op("AveragePool", "x").ints("kernel_shape", 2).ints("strides", 1, 1), 11, "x", range(1, 1, 4));
        fails("rank >= 3", op("MaxPool", "x").ints("kernel_shape", 2), 12, "x", range(4));
    }
}
