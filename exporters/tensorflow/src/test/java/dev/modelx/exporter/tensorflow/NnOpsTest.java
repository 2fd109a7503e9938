package dev.modelx.exporter.tensorflow;

import static dev.modelx.exporter.tensorflow.OpCase.f;
import static dev.modelx.exporter.tensorflow.OpCase.longs;
import static dev.modelx.exporter.tensorflow.OpCase.of;
import static dev.modelx.exporter.tensorflow.OpCase.pos;
import static dev.modelx.exporter.tensorflow.OpCase.scalar;

import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

/** Matrix products, convolutions, pooling, normalisation, resize: exported alone, run in TF Java, vs the reference runtime. */
class NnOpsTest {

    @TempDir
    Path dir;

    private static Node conv(String... inputs) {
        return Node.of("Conv").inputs(inputs).outputs("y");
    }

    static Stream<OpCase> cases() {
        return Stream.of(
                of("MatMul 2d", Node.of("MatMul").inputs("a", "b").outputs("y")).in("a", f(3, 4)).in("b", f(4, 5)),
                of("MatMul 3d x const 2d", Node.of("MatMul").inputs("a", "w").outputs("y")).in("a", f(2, 3, 4)).constant("w", f(4, 5)),
                of("MatMul 4d broadcast", Node.of("MatMul").inputs("a", "b").outputs("y")).in("a", f(2, 1, 3, 4)).in("b", f(3, 4, 2)),
                of("MatMul 1d x 2d", Node.of("MatMul").inputs("a", "b").outputs("y")).in("a", f(4)).in("b", f(4, 5)),
                of("MatMul 3d x 1d", Node.of("MatMul").inputs("a", "b").outputs("y")).in("a", f(2, 3, 4)).in("b", f(4)),
                of("Gemm", Node.of("Gemm").inputs("a", "b", "c").outputs("y").attr("transA", 1L).attr("transB", 1L)
                        .attr("alpha", 0.5f).attr("beta", 2f)).in("a", f(4, 3)).constant("b", f(5, 4)).constant("c", f(5)),
                of("Gemm no C", Node.of("Gemm").inputs("a", "b").outputs("y")).in("a", f(2, 3)).in("b", f(3, 4)),
                of("Einsum batched", Node.of("Einsum").inputs("a", "b").outputs("y").attr("equation", "bij,bjk->bik"))
                        .in("a", f(2, 3, 4)).in("b", f(2, 4, 5)),
                of("Einsum implicit", Node.of("Einsum").inputs("a", "b").outputs("y").attr("equation", "ij,jk")).in("a", f(3, 4))
                        .in("b", f(4, 2)),
                of("Einsum transpose", Node.of("Einsum").inputs("a").outputs("y").attr("equation", "ij->ji")).in("a", f(3, 4)),
                of("Conv pads bias", conv("x", "w", "b").ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1)).in("x", f(1, 3, 8, 8))
                        .constant("w", f(4, 3, 3, 3)).constant("b", f(4)),
                of("Conv asymmetric pads strides", conv("x", "w").ints("strides", 2, 1).ints("pads", 0, 1, 2, 0))
                        .in("x", f(2, 2, 9, 7)).constant("w", f(3, 2, 3, 2)),
                of("Conv dilations", conv("x", "w").ints("dilations", 2, 2)).in("x", f(1, 2, 9, 9)).constant("w", f(2, 2, 3, 3)),
                of("Conv SAME_UPPER stride 2", conv("x", "w").attr("auto_pad", "SAME_UPPER").ints("strides", 2, 2))
                        .in("x", f(1, 2, 7, 8)).constant("w", f(3, 2, 3, 3)),
                of("Conv SAME_LOWER stride 2", conv("x", "w").attr("auto_pad", "SAME_LOWER").ints("strides", 2, 2))
                        .in("x", f(1, 2, 8, 8)).constant("w", f(3, 2, 4, 4)),
                of("Conv depthwise", conv("x", "w", "b").attr("group", 4L).ints("pads", 1, 1, 1, 1)).in("x", f(1, 4, 6, 6))
                        .constant("w", f(8, 1, 3, 3)).constant("b", f(8)),
                of("Conv grouped", conv("x", "w").attr("group", 2L)).in("x", f(1, 4, 6, 6)).constant("w", f(6, 2, 3, 3)),
                of("Conv 1d", conv("x", "w", "b").ints("pads", 1, 1)).in("x", f(2, 3, 10)).constant("w", f(4, 3, 3)).constant("b", f(4)),
                of("Conv 3d", conv("x", "w").ints("pads", 1, 0, 1, 1, 0, 1)).in("x", f(1, 2, 4, 5, 5)).constant("w", f(3, 2, 3, 3, 3)),
                of("Conv computed weights", conv("x", "w")).in("x", f(1, 2, 5, 5)).in("w", f(3, 2, 3, 3)),
                of("ConvTranspose", Node.of("ConvTranspose").inputs("x", "w", "b").outputs("y").ints("strides", 2, 2)
                        .ints("pads", 1, 1, 1, 1).ints("output_padding", 1, 1)).in("x", f(1, 3, 4, 5)).constant("w", f(3, 2, 3, 3))
                        .constant("b", f(2)),
                of("ConvTranspose output_shape", Node.of("ConvTranspose").inputs("x", "w").outputs("y").ints("strides", 2, 2)
                        .ints("output_shape", 8, 8)).in("x", f(1, 1, 4, 4)).constant("w", f(1, 2, 3, 3)),
                of("MaxPool", Node.of("MaxPool").inputs("x").outputs("y").ints("kernel_shape", 2, 2).ints("strides", 2, 2))
                        .in("x", f(1, 3, 8, 8)),
                of("MaxPool pads", Node.of("MaxPool").inputs("x").outputs("y").ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1))
                        .in("x", f(2, 2, 5, 5)),
                of("MaxPool ceil", Node.of("MaxPool").inputs("x").outputs("y").ints("kernel_shape", 3, 3).ints("strides", 2, 2)
                        .attr("ceil_mode", 1L)).in("x", f(1, 2, 8, 8)),
                of("MaxPool 1d", Node.of("MaxPool").inputs("x").outputs("y").ints("kernel_shape", 3).ints("strides", 2))
                        .in("x", f(2, 3, 11)),
                of("MaxPool SAME", Node.of("MaxPool").inputs("x").outputs("y").ints("kernel_shape", 3, 3).ints("strides", 2, 2)
                        .attr("auto_pad", "SAME_UPPER")).in("x", f(1, 2, 7, 7)),
                of("AveragePool", Node.of("AveragePool").inputs("x").outputs("y").ints("kernel_shape", 2, 2).ints("strides", 2, 2))
                        .in("x", f(1, 3, 8, 8)),
                of("AveragePool pads excluded", Node.of("AveragePool").inputs("x").outputs("y").ints("kernel_shape", 3, 3)
                        .ints("pads", 1, 1, 1, 1)).in("x", f(1, 2, 5, 5)),
                of("AveragePool pads included", Node.of("AveragePool").inputs("x").outputs("y").ints("kernel_shape", 3, 3)
                        .ints("pads", 1, 1, 1, 1).attr("count_include_pad", 1L)).in("x", f(1, 2, 5, 5)),
                of("AveragePool SAME", Node.of("AveragePool").inputs("x").outputs("y").ints("kernel_shape", 3, 3)
                        .attr("auto_pad", "SAME_UPPER")).in("x", f(1, 2, 5, 5)),
                of("GlobalAveragePool", Node.of("GlobalAveragePool").inputs("x").outputs("y")).in("x", f(2, 3, 4, 5)),
                of("GlobalMaxPool", Node.of("GlobalMaxPool").inputs("x").outputs("y")).in("x", f(2, 3, 4, 5)),
                of("DepthToSpace", Node.of("DepthToSpace").inputs("x").outputs("y").attr("blocksize", 2L)).in("x", f(1, 8, 2, 3)),
                of("DepthToSpace CRD", Node.of("DepthToSpace").inputs("x").outputs("y").attr("blocksize", 2L).attr("mode", "CRD"))
                        .in("x", f(1, 8, 2, 3)),
                of("SpaceToDepth", Node.of("SpaceToDepth").inputs("x").outputs("y").attr("blocksize", 2L)).in("x", f(1, 2, 4, 6)),
                of("LRN", Node.of("LRN").inputs("x").outputs("y").attr("size", 3L).attr("alpha", 0.001f).attr("beta", 0.75f)
                        .attr("bias", 2f)).in("x", f(1, 5, 3, 3)),
                of("BatchNormalization", Node.of("BatchNormalization").inputs("x", "s", "b", "m", "v").outputs("y")
                        .attr("epsilon", 1e-3f)).in("x", f(2, 3, 4, 4)).constant("s", f(3)).constant("b", f(3)).constant("m", f(3))
                        .constant("v", pos(3)),
                of("BatchNormalization 3d", Node.of("BatchNormalization").inputs("x", "s", "b", "m", "v").outputs("y"))
                        .in("x", f(2, 3, 5)).constant("s", f(3)).constant("b", f(3)).constant("m", f(3)).constant("v", pos(3)),
                of("InstanceNormalization", Node.of("InstanceNormalization").inputs("x", "s", "b").outputs("y"))
                        .in("x", f(2, 3, 4, 5)).constant("s", f(3)).constant("b", f(3)),
                of("LayerNormalization", Node.of("LayerNormalization").inputs("x", "s", "b").outputs("y")).in("x", f(2, 3, 8))
                        .constant("s", f(8)).constant("b", f(8)),
                of("LayerNormalization axis 1 stats", Node.of("LayerNormalization").inputs("x", "s").outputs("y", "mean", "inv")
                        .attr("axis", 1L)).in("x", f(2, 3, 4)).constant("s", f(3, 4)),
                of("LpNormalization", Node.of("LpNormalization").inputs("x").outputs("y")).in("x", f(3, 4)),
                of("LpNormalization p1", Node.of("LpNormalization").inputs("x").outputs("y").attr("p", 1L).attr("axis", 0L))
                        .in("x", f(3, 4)),
                of("Resize nearest x2", Node.of("Resize").inputs("x", "", "scales").outputs("y").attr("mode", "nearest")
                        .attr("coordinate_transformation_mode", "asymmetric").attr("nearest_mode", "floor")).in("x", f(1, 2, 3, 4))
                        .constant("scales", Tensor.ofFloats(new long[]{4}, 1, 1, 2, 2)),
                of("Resize nearest half_pixel", Node.of("Resize").inputs("x", "", "scales").outputs("y").attr("mode", "nearest"))
                        .in("x", f(1, 2, 3, 4)).constant("scales", Tensor.ofFloats(new long[]{4}, 1, 1, 2, 3)),
                of("Resize linear half_pixel", Node.of("Resize").inputs("x", "", "scales").outputs("y").attr("mode", "linear"))
                        .in("x", f(1, 2, 3, 4)).constant("scales", Tensor.ofFloats(new long[]{4}, 1, 1, 2, 2)),
                of("Resize linear align_corners sizes", Node.of("Resize").inputs("x", "", "", "sizes").outputs("y")
                        .attr("mode", "linear").attr("coordinate_transformation_mode", "align_corners")).in("x", f(1, 2, 3, 4))
                        .constant("sizes", longs(1, 2, 5, 7)),
                of("QuantizeLinear", Node.of("QuantizeLinear").inputs("x", "s", "z").outputs("y")).in("x", f(2, 5))
                        .constant("s", scalar(0.02f)).constant("z", Tensor.of(dev.modelx.graph.DataType.UINT8, new long[0], new byte[]{(byte) 128})),
                of("DequantizeLinear per axis", Node.of("DequantizeLinear").inputs("x", "s", "z").outputs("y").attr("axis", 0L))
                        .in("x", ElementwiseOpsTest.uint8(0, 10, 200, 255)).constant("s", Tensor.ofFloats(new long[]{4}, 0.1f, 0.2f, 0.3f, 0.4f))
                        .constant("z", Tensor.of(dev.modelx.graph.DataType.UINT8, new long[]{4}, new byte[]{0, 5, 10, (byte) 128})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(OpCase c) throws Exception {
        ExportCheck.againstReference(c.model(), c.feeds, dir);
    }
}
