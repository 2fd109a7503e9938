package dev.modelx.exporter.tensorflow;

import static dev.modelx.exporter.tensorflow.OpCase.bools;
import static dev.modelx.exporter.tensorflow.OpCase.f;
import static dev.modelx.exporter.tensorflow.OpCase.i32;
import static dev.modelx.exporter.tensorflow.OpCase.i64;
import static dev.modelx.exporter.tensorflow.OpCase.longs;
import static dev.modelx.exporter.tensorflow.OpCase.of;
import static dev.modelx.exporter.tensorflow.OpCase.pos;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.ExportOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ops whose axes, split sizes, slice bounds or resize scales/sizes are graph inputs (known only when the
 * model runs): exported alone, run in TF Java with the values fed, vs the reference runtime.
 */
class ComputedAxesOpsTest {

    @TempDir
    Path dir;

    private static final Tensor NO_AXES = Tensor.ofLongs(new long[]{0});

    private static OpCase reduce(String op, String label, Tensor x, Tensor axes, long keepdims) {
        return of(op + " " + label, Node.of(op).inputs("x", "a").outputs("y").attr("keepdims", keepdims)).in("x", x).in("a", axes);
    }

    private static Tensor floats(long[] shape, float... v) {
        return Tensor.ofFloats(shape, v);
    }

    static Stream<OpCase> cases() {
        return Stream.of(
                reduce("ReduceSum", "negative axes keepdims=0", f(2, 3, 4), longs(0, -1), 0),
                reduce("ReduceSum", "empty axes reduce all", f(2, 3, 4), NO_AXES, 1),
                reduce("ReduceSum", "empty axes reduce all keepdims=0", f(2, 3), NO_AXES, 0),
                of("ReduceSum empty axes noop", Node.of("ReduceSum").inputs("x", "a").outputs("y").attr("noop_with_empty_axes", 1L))
                        .in("x", f(2, 3)).in("a", NO_AXES),
                of("ReduceSum axes noop", Node.of("ReduceSum").inputs("x", "a").outputs("y").attr("noop_with_empty_axes", 1L)
                        .attr("keepdims", 0L)).in("x", f(2, 3)).in("a", longs(-2)),
                reduce("ReduceSum", "empty dim", f(2, 0, 4), longs(1), 1),
                reduce("ReduceMean", "descending axes", f(2, 3, 4), longs(2, 1), 1),
                reduce("ReduceMean", "empty axes keepdims=0", f(3, 2), NO_AXES, 0),
                reduce("ReduceMax", "keepdims=0", f(2, 3, 4), longs(-2), 0),
                reduce("ReduceMax", "bool", bools(3, 4), longs(1), 1),
                reduce("ReduceMin", "bool keepdims=0", bools(3, 4), longs(0), 0),
                reduce("ReduceMin", "int64", i64(-9, 9, 3, 4), longs(-1), 1),
                reduce("ReduceProd", "negative", pos(2, 3, 2), longs(-3, 2), 1),
                reduce("ReduceL1", "keepdims=0", f(2, 3, 4), longs(1), 0),
                reduce("ReduceL2", "empty axes", f(2, 3), NO_AXES, 1),
                reduce("ReduceLogSum", "negative", pos(2, 3, 4), longs(-1, -2), 0),
                reduce("ReduceLogSumExp", "axes", f(2, 3, 4), longs(0, 2), 1),
                reduce("ReduceSumSquare", "empty axes", f(2, 3), NO_AXES, 0),
                of("Squeeze fed axes", Node.of("Squeeze").inputs("x", "a").outputs("y")).in("x", f(2, 1, 3, 1)).in("a", longs(-1, 1)),
                of("Squeeze fed axes to scalar", Node.of("Squeeze").inputs("x", "a").outputs("y")).in("x", f(1, 1)).in("a", longs(0, 1)),
                of("Unsqueeze fed axes", Node.of("Unsqueeze").inputs("x", "a").outputs("y")).in("x", f(2, 3)).in("a", longs(-2, 0)),
                of("Unsqueeze fed unsorted axes", Node.of("Unsqueeze").inputs("x", "a").outputs("y")).in("x", f(3, 4, 5))
                        .in("a", longs(5, 4, 1)),
                of("Unsqueeze fed axes of a scalar", Node.of("Unsqueeze").inputs("x", "a").outputs("y")).in("x", Tensor.scalar(2f))
                        .in("a", longs(0, -1)),
                of("Slice fed negative axes", Node.of("Slice").inputs("x", "s", "e", "a").outputs("y")).in("x", f(5, 6, 4))
                        .in("s", longs(1, -3)).in("e", longs(4, 100)).in("a", longs(-3, 1)),
                of("Slice fed negative steps and INT_MIN end", Node.of("Slice").inputs("x", "s", "e", "a", "t").outputs("y"))
                        .in("x", f(5, 6)).in("s", longs(Long.MAX_VALUE, 4)).in("e", longs(Long.MIN_VALUE, -6))
                        .in("a", longs(0, 1)).in("t", longs(-2, -1)),
                of("Slice fed steps, default axes", Node.of("Slice").inputs("x", "s", "e", "", "t").outputs("y")).in("x", f(7, 3))
                        .in("s", longs(-1)).in("e", longs(-8)).in("t", longs(-3)),
                of("Slice fed axes, start out of bounds", Node.of("Slice").inputs("x", "s", "e", "a").outputs("y")).in("x", f(4, 5))
                        .in("s", longs(1000)).in("e", longs(1001)).in("a", longs(1)),
                of("Split fed sizes", Node.of("Split").inputs("x", "s").outputs("a", "b").attr("axis", -1L)).in("x", f(2, 5))
                        .in("s", longs(2, 3)),
                of("Split fed zero sizes", Node.of("Split").inputs("x", "s").outputs("a", "b", "c")).in("x", f(3, 2))
                        .in("s", longs(0, 3, 0)),
                of("Pad fed pads and negative axes", Node.of("Pad").inputs("x", "p", "v", "a").outputs("y")).in("x", f(2, 3, 4))
                        .in("p", longs(1, 0, 2, 3)).constant("v", OpCase.scalar(2.5f)).in("a", longs(-1, 0)),
                of("Pad fed negative pads", Node.of("Pad").inputs("x", "p").outputs("y")).in("x", f(4, 5)).in("p", longs(-1, 2, 1, -2)),
                of("Pad fed pads reflect", Node.of("Pad").inputs("x", "p").outputs("y").attr("mode", "reflect")).in("x", f(3, 4))
                        .in("p", longs(2, 1, 0, 3)),
                of("Pad edge", Node.of("Pad").inputs("x", "p").outputs("y").attr("mode", "edge")).in("x", f(2, 3, 3))
                        .constant("p", longs(0, 2, 1, 0, 3, -1)),
                of("Pad fed pads and axes edge", Node.of("Pad").inputs("x", "p", "", "a").outputs("y").attr("mode", "edge"))
                        .in("x", f(3, 2, 2)).in("p", longs(2, 1)).in("a", longs(-2)),
                of("GatherND batch_dims=1", Node.of("GatherND").inputs("x", "i").outputs("y").attr("batch_dims", 1L)).in("x", f(2, 3, 4))
                        .in("i", Tensor.ofLongs(new long[]{2, 2, 1}, 2, 0, 1, 1)),
                of("GatherND batch_dims=2 full tuples", Node.of("GatherND").inputs("x", "i").outputs("y").attr("batch_dims", 2L))
                        .in("x", f(2, 2, 3, 4)).in("i", Tensor.ofLongs(new long[]{2, 2, 3, 2}, 0, 1, 2, 3, 1, 0, 0, 0, 2, 2, 1, 3,
                                2, 1, 0, 3, 1, 1, 1, 2, 0, 0, 2, 0)),
                of("ScatterND mul repeated indices", Node.of("ScatterND").inputs("x", "i", "u").outputs("y").attr("reduction", "mul"))
                        .in("x", f(4, 3)).in("i", Tensor.ofLongs(new long[]{3, 1}, 1, 3, 1)).in("u", f(3, 3)),
                of("ScatterND mul element tuples", Node.of("ScatterND").inputs("x", "i", "u").outputs("y").attr("reduction", "mul"))
                        .in("x", f(2, 3)).in("i", Tensor.ofLongs(new long[]{2, 2}, 0, 2, 1, 0)).in("u", f(2)),
                of("Resize fed scales nearest", Node.of("Resize").inputs("x", "", "s").outputs("y")).in("x", f(1, 2, 2, 3))
                        .in("s", Tensor.ofFloats(new long[]{4}, 1, 1, 2, 1.5f)),
                of("Resize fed scales linear non-whole", Node.of("Resize").inputs("x", "", "s").outputs("y").attr("mode", "linear"))
                        .in("x", f(1, 1, 2, 4)).in("s", Tensor.ofFloats(new long[]{4}, 1, 1, 0.6f, 0.6f)),
                of("Resize fed sizes linear pytorch_half_pixel", Node.of("Resize").inputs("x", "", "", "z").outputs("y")
                        .attr("mode", "linear").attr("coordinate_transformation_mode", "pytorch_half_pixel")).in("x", f(1, 1, 4, 4))
                        .in("z", longs(1, 1, 3, 1)),
                of("Resize cubic exclude_outside", Node.of("Resize").inputs("x", "", "s").outputs("y").attr("mode", "cubic")
                        .attr("cubic_coeff_a", -0.5f).attr("exclude_outside", 1L)).in("x", f(1, 1, 4, 4))
                        .in("s", Tensor.ofFloats(new long[]{4}, 1, 1, 0.8f, 1.7f)),
                of("Resize cubic align_corners", Node.of("Resize").inputs("x", "", "s").outputs("y").attr("mode", "cubic")
                        .attr("coordinate_transformation_mode", "align_corners")).in("x", f(1, 1, 3, 4))
                        .in("s", Tensor.ofFloats(new long[]{4}, 1, 1, 2, 1.5f)),
                of("Resize axes 3,2 fed sizes", Node.of("Resize").inputs("x", "", "", "z").outputs("y").ints("axes", 3, 2))
                        .in("x", f(1, 2, 2, 2)).in("z", longs(3, 5)),
                of("Resize axes not H and W", Node.of("Resize").inputs("x", "", "s").outputs("y").ints("axes", -2).attr("mode", "linear")
                        .attr("coordinate_transformation_mode", "asymmetric")).in("x", f(3, 4, 2))
                        .in("s", Tensor.ofFloats(new long[]{1}, 1.5f)),
                of("Resize tf_crop_and_resize extrapolation", Node.of("Resize").inputs("x", "r", "", "z").outputs("y")
                        .attr("mode", "linear")
                        .attr("coordinate_transformation_mode", "tf_crop_and_resize").attr("extrapolation_value", 10f))
                        .in("x", f(1, 1, 4, 4)).in("r", Tensor.ofFloats(new long[]{8}, 0, 0, 0.4f, 0.6f, 1, 1, 1.2f, 1.7f))
                        .in("z", longs(1, 1, 3, 3)),
                of("Resize not_larger", Node.of("Resize").inputs("x", "", "", "z").outputs("y")
                        .attr("keep_aspect_ratio_policy", "not_larger")
                        .ints("axes", 2, 3)).in("x", f(1, 1, 2, 2)).in("z", longs(7, 8)),
                of("Resize nearest half_pixel_symmetric round_prefer_ceil", Node.of("Resize").inputs("x", "", "s").outputs("y")
                        .attr("coordinate_transformation_mode", "half_pixel_symmetric").attr("nearest_mode", "round_prefer_ceil"))
                        .in("x", f(1, 1, 3, 5)).constant("s", Tensor.ofFloats(new long[]{4}, 1, 1, 1.7f, 0.7f)),
                of("Resize tf_half_pixel_for_nn round_prefer_ceil keeps unit-scale axes", Node.of("Resize").inputs("x", "", "s")
                        .outputs("y").attr("coordinate_transformation_mode", "tf_half_pixel_for_nn").attr("nearest_mode", "round_prefer_ceil"))
                        .in("x", f(2, 3, 4)).in("s", Tensor.ofFloats(new long[]{3}, 1, 1, 1.5f)),
                of("Resize int32 linear rounds", Node.of("Resize").inputs("x", "", "s").outputs("y").attr("mode", "linear"))
                        .in("x", i32(-50, 50, 1, 1, 3, 3)).in("s", Tensor.ofFloats(new long[]{4}, 1, 1, 1.5f, 2)),
                of("Resize opset 10 fed scales", Node.of("Resize").inputs("x", "s").outputs("y")).in("x", f(1, 1, 3, 4))
                        .in("s", Tensor.ofFloats(new long[]{4}, 1, 1, 0.7f, 1.5f)).opset(10),
                of("Resize antialias linear fed sizes", Node.of("Resize").inputs("x", "", "", "z").outputs("y").attr("mode", "linear")
                        .attr("antialias", 1L)).in("x", f(1, 1, 8, 7)).in("z", longs(1, 1, 3, 2)),
                of("Resize antialias cubic fed scales", Node.of("Resize").inputs("x", "", "s").outputs("y").attr("mode", "cubic")
                        .attr("antialias", 1L).attr("exclude_outside", 1L)).in("x", f(1, 1, 6, 9))
                        .in("s", Tensor.ofFloats(new long[]{4}, 1, 1, 0.4f, 1.3f)),
                of("Resize antialias linear axis 0", Node.of("Resize").inputs("x", "", "s").outputs("y").attr("mode", "linear")
                        .attr("antialias", 1L).ints("axes", 0)).in("x", f(10, 3)).in("s", Tensor.ofFloats(new long[]{1}, 0.3f)),
                of("Upsample-9 fed scales", Node.of("Upsample").inputs("x", "s").outputs("y")).in("x", f(1, 2, 2, 3))
                        .in("s", Tensor.ofFloats(new long[]{4}, 1, 1, 2, 3)).opset(9),
                of("Upsample-9 constant scales", Node.of("Upsample").inputs("x", "s").outputs("y")).in("x", f(1, 2, 2, 3))
                        .constant("s", Tensor.ofFloats(new long[]{4}, 1, 1, 2, 2)).opset(9),
                of("Upsample-7 bilinear", Node.of("Upsample").inputs("x").outputs("y").attr("mode", "bilinear")
                        .floats("scales", 1, 1, 1.5f, 2)).in("x", f(1, 1, 3, 3)).opset(7),
                of("Resize constant non-whole scale asymmetric", Node.of("Resize").inputs("x", "", "s").outputs("y").attr("mode", "linear")
                        .attr("coordinate_transformation_mode", "asymmetric")).in("x", f(1, 1, 4, 5))
                        .constant("s", Tensor.ofFloats(new long[]{4}, 1, 1, 0.6f, 1.3f)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(OpCase c) throws Exception {
        ExportCheck.againstReference(c.model(), c.feeds, dir);
    }

    /**
     * The reference runtime has no wrap Pad, so the expected values come from numpy's definition:
     * out[i][j] = x[(i - begin0) mod n0][(j - begin1) mod n1].
     */
    @Test
    void padWrap() throws Exception {
        Tensor x = f(2, 3);
        long[][] cases = {{1, 4, 3, 5}, {1, -1, 2, 3}};
        for (int k = 0; k < cases.length; k++) {
            long[] p = cases[k];
            int rows = (int) (2 + p[0] + p[2]);
            int cols = (int) (3 + p[1] + p[3]);
            float[] want = new float[rows * cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    want[i * cols + j] = (float) x.getDouble((int) (Math.floorMod(i - p[0], 2) * 3 + Math.floorMod(j - p[1], 3)));
                }
            }
            OpCase constant = of("wrap", Node.of("Pad").inputs("x", "p").outputs("y").attr("mode", "wrap")).in("x", x)
                    .constant("p", longs(p));
            OpCase fed = of("wrap fed", Node.of("Pad").inputs("x", "p").outputs("y").attr("mode", "wrap")).in("x", x).in("p", longs(p));
            Map<String, Tensor> expected = Map.of("y", Tensor.ofFloats(new long[]{rows, cols}, want));
            ExportCheck.against(constant.model(), constant.feeds, expected, dir.resolve("c" + k));
            ExportCheck.against(fed.model(), fed.feeds, expected, dir.resolve("f" + k));
        }
    }

    /** What no TF graph here can express is refused with the node and the offending value named. */
    @Test
    void refusalsNameTheNodeAndValue() {
        OpCase badMode = of("resize_area", Node.of("Resize").inputs("x", "", "s").outputs("y").attr("mode", "area"))
                .in("x", f(1, 1, 2, 2)).in("s", Tensor.ofFloats(new long[]{4}, 1, 1, 2, 2));
        OpCase both = of("resize_both", Node.of("Resize").inputs("x", "", "s", "z").outputs("y")).in("x", f(1, 1, 2, 2))
                .in("s", Tensor.ofFloats(new long[]{4}, 1, 1, 2, 2)).in("z", longs(1, 1, 4, 4));
        OpCase badPad = of("pad_odd", Node.of("Pad").inputs("x", "p").outputs("y").attr("mode", "symmetric")).in("x", f(2, 2))
                .in("p", longs(1, 1, 1, 1));
        String[][] want = {{"resize_area", "'area'"}, {"resize_both", "exactly one of scales and sizes"}, {"pad_odd", "'symmetric'"}};
        OpCase[] cases = {badMode, both, badPad};
        for (int i = 0; i < cases.length; i++) {
            Model m = cases[i].model();
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> new TensorFlowGraphDefExporter().write(m, dir.resolve("bad.pb"), ExportOptions.defaults()));
            assertTrue(e.getMessage().contains(want[i][0]) && e.getMessage().contains(want[i][1]), e.getMessage());
        }
    }

    /** An input of unknown rank: Split's negative axis is left to TF, which counts it from the end too. */
    @Test
    void splitOfUnknownRank() throws Exception {
        Graph g = new Graph("split_unknown_rank");
        g.input(ValueInfo.tensor("x", DataType.FLOAT, (dev.modelx.graph.Shape) null));
        g.add(Node.of("Split").inputs("x").outputs("a", "b").attr("axis", -1L).attr("num_outputs", 2L).name("split"));
        g.output(new ValueInfo("a", null));
        g.output(new ValueInfo("b", null));
        Model m = Model.of(g, 18).resolveOpsetVersions();
        ExportCheck.againstReference(m, Map.of("x", f(2, 3, 4)), dir);
    }

    /** A Conv result is held channels-last: fed logical axes must be mapped to its physical axes. */
    @Test
    void reduceWithFedAxesAfterConv() throws Exception {
        Graph g = new Graph("conv_reduce");
        g.input("x", DataType.FLOAT, 1, 2, 5, 6);
        g.input(ValueInfo.tensor("a", DataType.INT64, dev.modelx.graph.Shape.of(dev.modelx.graph.Dim.symbolic("n"))));
        g.initializer("w", f(3, 2, 3, 3));
        g.add(Node.of("Conv").inputs("x", "w").outputs("c").name("conv"));
        g.add(Node.of("ReduceMax").inputs("c", "a").outputs("r").name("reduce"));
        g.add(Node.of("Relu").inputs("r").outputs("y").name("relu"));
        g.output(new ValueInfo("y", null));
        Model m = Model.of(g, 18).resolveOpsetVersions();
        ExportCheck.againstReference(m, Map.of("x", f(1, 2, 5, 6), "a", longs(1, -1)), dir.resolve("a"));
        ExportCheck.againstReference(m, Map.of("x", f(1, 2, 5, 6), "a", NO_AXES), dir.resolve("b"));
    }
}
