package dev.modelx.exporter.tensorflow;

import static dev.modelx.exporter.tensorflow.OpCase.f;
import static dev.modelx.exporter.tensorflow.OpCase.longs;
import static dev.modelx.exporter.tensorflow.OpCase.of;
import static dev.modelx.exporter.tensorflow.OpCase.pos;
import static dev.modelx.exporter.tensorflow.OpCase.scalar;

import dev.modelx.graph.DataType;
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
                of("QLinearMatMul per-row and per-column scales", Node.of("QLinearMatMul").inputs("a", "as", "az", "b", "bs", "bz", "ys", "yz")
                        .outputs("y")).in("a", u8(3, 4, 0, 255)).constant("as", Tensor.ofFloats(new long[]{3}, 0.02f, 0.05f, 0.03f))
                        .constant("az", u8s(113)).in("b", u8(4, 2, 0, 255)).constant("bs", Tensor.ofFloats(new long[]{2}, 0.01f, 0.04f))
                        .constant("bz", u8s(98)).constant("ys", Tensor.scalar(0.4f)).constant("yz", u8s(120)),
                of("QLinearMatMul batched", Node.of("QLinearMatMul").inputs("a", "as", "az", "b", "bs", "bz", "ys", "yz").outputs("y"))
                        .in("a", u8(2, 3, 5, 0, 255)).constant("as", Tensor.scalar(0.07f)).constant("az", u8s(10)).in("b", u8(5, 4, 0, 255))
                        .constant("bs", Tensor.scalar(0.003f)).constant("bz", u8s(200)).constant("ys", Tensor.scalar(0.9f))
                        .constant("yz", u8s(0)),
                of("MatMulInteger", Node.of("MatMulInteger").inputs("a", "b", "az", "bz").outputs("y")).in("a", u8(3, 6, 0, 255))
                        .in("b", u8(6, 2, 0, 255)).constant("az", u8s(12)).constant("bz", Tensor.of(DataType.UINT8, new long[]{2}, new byte[]{1, (byte) 200})),
                of("Attention 4d", Node.of("Attention").inputs("q", "k", "v").outputs("y")).in("q", f(2, 3, 4, 8)).in("k", f(2, 3, 6, 8))
                        .in("v", f(2, 3, 6, 5)).opset(23),
                of("Attention 3d grouped heads causal", Node.of("Attention").inputs("q", "k", "v").outputs("y").attr("q_num_heads", 4L)
                        .attr("kv_num_heads", 2L).attr("is_causal", 1L).attr("scale", 0.3f)).in("q", f(2, 5, 12)).in("k", f(2, 5, 6))
                        .in("v", f(2, 5, 8)).opset(23),
                of("Attention past short bool mask softcap qk", Node.of("Attention").inputs("q", "k", "v", "m", "pk", "pv")
                        .outputs("y", "present_key", "present_value", "qk").attr("softcap", 2f).attr("qk_matmul_output_mode", 2L))
                        .in("q", f(1, 2, 3, 4)).in("k", f(1, 2, 3, 4)).in("v", f(1, 2, 3, 4)).in("m", OpCase.bools(3, 4))
                        .in("pk", f(1, 2, 2, 4)).in("pv", f(1, 2, 2, 4)).opset(23),
                of("Attention float mask past causal softmax output", Node.of("Attention").inputs("q", "k", "v", "m", "pk", "pv")
                        .outputs("y", "", "", "qk").attr("is_causal", 1L).attr("qk_matmul_output_mode", 3L))
                        .in("q", f(2, 2, 3, 4)).in("k", f(2, 2, 3, 4)).in("v", f(2, 2, 3, 4)).in("m", f(2, 1, 3, 5))
                        .in("pk", f(2, 2, 2, 4)).in("pv", f(2, 2, 2, 4)).opset(23),
                of("Attention nonpad causal", Node.of("Attention").inputs("q", "k", "v", "", "", "", "n").outputs("y")
                        .attr("is_causal", 1L)).in("q", f(2, 2, 2, 4)).in("k", f(2, 2, 5, 4)).in("v", f(2, 2, 5, 4))
                        .in("n", longs(3, 5)).opset(24),
                of("NegativeLogLikelihoodLoss mean", Node.of("NegativeLogLikelihoodLoss").inputs("x", "t").outputs("y"))
                        .in("x", f(4, 5)).in("t", OpCase.i64(0, 5, 4)).opset(22),
                of("NegativeLogLikelihoodLoss weighted ignore 2d", Node.of("NegativeLogLikelihoodLoss").inputs("x", "t", "w").outputs("y")
                        .attr("ignore_index", 1L)).in("x", f(2, 3, 4, 2)).in("t", OpCase.i64(0, 3, 2, 4, 2)).constant("w", pos(3)).opset(22),
                of("NegativeLogLikelihoodLoss none", Node.of("NegativeLogLikelihoodLoss").inputs("x", "t").outputs("y")
                        .attr("reduction", "none").attr("ignore_index", -1L)).in("x", f(3, 4, 2))
                        .in("t", Tensor.ofLongs(new long[]{3, 2}, 0, -1, 3, 2, -1, 1)).opset(22),
                of("SoftmaxCrossEntropyLoss sum log_prob", Node.of("SoftmaxCrossEntropyLoss").inputs("x", "t", "w").outputs("y", "lp")
                        .attr("reduction", "sum")).in("x", f(3, 5, 2)).in("t", OpCase.i32(0, 5, 3, 2)).constant("w", pos(5)).opset(13),
                of("SoftmaxCrossEntropyLoss mean", Node.of("SoftmaxCrossEntropyLoss").inputs("x", "t").outputs("y"))
                        .in("x", f(6, 4)).in("t", OpCase.i64(0, 4, 6)).opset(13),
                of("RotaryEmbedding 4d position ids", Node.of("RotaryEmbedding").inputs("x", "cos", "sin", "p").outputs("y"))
                        .in("x", f(2, 3, 4, 8)).in("cos", f(10, 4)).in("sin", f(10, 4)).in("p", OpCase.i64(0, 10, 2, 4)).opset(23),
                of("RotaryEmbedding 3d interleaved partial", Node.of("RotaryEmbedding").inputs("x", "cos", "sin").outputs("y")
                        .attr("num_heads", 2L).attr("interleaved", 1L).attr("rotary_embedding_dim", 4L)).in("x", f(2, 3, 12))
                        .in("cos", f(2, 3, 2)).in("sin", f(2, 3, 2)).opset(23),
                of("RotaryEmbedding 4d cache per batch", Node.of("RotaryEmbedding").inputs("x", "cos", "sin").outputs("y")
                        .attr("rotary_embedding_dim", 2L)).in("x", f(1, 2, 3, 6)).in("cos", f(1, 3, 1)).in("sin", f(1, 3, 1)).opset(23),
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
                of("Conv 1d grouped", conv("x", "w").attr("group", 2L).ints("pads", 1, 0).ints("dilations", 2))
                        .in("x", f(2, 4, 9)).constant("w", f(6, 2, 3)),
                of("Conv grouped computed weights", conv("x", "w", "b").attr("group", 2L).ints("strides", 2, 1))
                        .in("x", f(1, 4, 7, 6)).in("w", f(4, 2, 3, 2)).in("b", f(4)),
                of("Conv depthwise 1d computed weights", conv("x", "w").attr("group", 3L).ints("pads", 2, 0))
                        .in("x", f(2, 3, 8)).in("w", f(3, 1, 3)),
                of("Conv 3d grouped", conv("x", "w").attr("group", 2L).ints("pads", 1, 1, 1, 1, 1, 1))
                        .in("x", f(1, 4, 4, 5, 5)).constant("w", f(4, 2, 3, 3, 3)),
                of("Conv 3d dilated", conv("x", "w").ints("dilations", 2, 1, 2).ints("strides", 1, 2, 1))
                        .in("x", f(1, 2, 7, 6, 7)).constant("w", f(3, 2, 3, 2, 2)),
                of("Conv 3d dilated computed weights", conv("x", "w").ints("dilations", 1, 2, 3))
                        .in("x", f(1, 2, 5, 7, 8)).in("w", f(2, 2, 2, 3, 2)),
                of("CausalConvWithState past silu", Node.of("CausalConvWithState").inputs("x", "w", "b", "s").outputs("y", "state")
                        .attr("activation", "silu")).in("x", f(2, 3, 5)).constant("w", f(3, 1, 4)).constant("b", f(3)).in("s", f(2, 3, 3))
                        .opset(27),
                of("CausalConvWithState no past", Node.of("CausalConvWithState").inputs("x", "w").outputs("y", "state"))
                        .in("x", f(1, 2, 6)).in("w", f(2, 1, 3)).opset(27),
                of("CausalConvWithState kernel 1", Node.of("CausalConvWithState").inputs("x", "w").outputs("y", "state"))
                        .in("x", f(1, 2, 4)).constant("w", f(2, 1, 1)).opset(27),
                of("ConvTranspose output_shape above full", Node.of("ConvTranspose").inputs("x", "w").outputs("y").ints("strides", 3, 2)
                        .ints("output_shape", 10, 8)).in("x", f(1, 1, 3, 3)).constant("w", f(1, 2, 3, 3)),
                of("ConvTranspose output_shape SAME_UPPER", Node.of("ConvTranspose").inputs("x", "w").outputs("y").ints("strides", 2, 2)
                        .ints("output_shape", 7, 9).attr("auto_pad", "SAME_UPPER")).in("x", f(1, 2, 4, 4)).constant("w", f(2, 1, 3, 3)),
                of("ConvTranspose SAME_LOWER", Node.of("ConvTranspose").inputs("x", "w").outputs("y").ints("strides", 2, 2)
                        .attr("auto_pad", "SAME_LOWER")).in("x", f(1, 2, 3, 4)).constant("w", f(2, 3, 4, 3)),
                of("ConvTranspose 1d", Node.of("ConvTranspose").inputs("x", "w", "b").outputs("y").ints("strides", 2).ints("pads", 1, 0)
                        .ints("output_padding", 1)).in("x", f(2, 3, 5)).constant("w", f(3, 2, 3)).constant("b", f(2)),
                of("ConvTranspose 3d", Node.of("ConvTranspose").inputs("x", "w").outputs("y").ints("strides", 1, 2, 2)
                        .ints("pads", 0, 1, 0, 1, 0, 1)).in("x", f(1, 2, 3, 3, 4)).constant("w", f(2, 3, 2, 3, 3)),
                of("ConvTranspose group 2", Node.of("ConvTranspose").inputs("x", "w", "b").outputs("y").attr("group", 2L)
                        .ints("strides", 2, 1)).in("x", f(1, 4, 3, 3)).constant("w", f(4, 3, 3, 2)).constant("b", f(6)),
                of("ConvTranspose dilations computed weights", Node.of("ConvTranspose").inputs("x", "w").outputs("y")
                        .ints("dilations", 2, 3)).in("x", f(1, 2, 4, 4)).in("w", f(2, 2, 3, 2)),
                of("MaxPool dilated pads", Node.of("MaxPool").inputs("x").outputs("y").ints("kernel_shape", 3, 2)
                        .ints("dilations", 2, 3).ints("pads", 1, 2, 2, 1).ints("strides", 2, 1)).in("x", f(1, 2, 9, 10)),
                of("MaxPool 1d dilated ceil", Node.of("MaxPool").inputs("x").outputs("y").ints("kernel_shape", 3).ints("dilations", 2)
                        .ints("strides", 2).attr("ceil_mode", 1L)).in("x", f(2, 3, 12)),
                of("MaxPool 3d dilated", Node.of("MaxPool").inputs("x").outputs("y").ints("kernel_shape", 2, 2, 2)
                        .ints("dilations", 2, 2, 2)).in("x", f(1, 2, 5, 5, 5)),
                of("AveragePool dilated pads excluded", Node.of("AveragePool").inputs("x").outputs("y").ints("kernel_shape", 3, 3)
                        .ints("dilations", 2, 2).ints("pads", 2, 1, 2, 1)).in("x", f(1, 2, 8, 7)),
                of("AveragePool dilated pads included ceil", Node.of("AveragePool").inputs("x").outputs("y").ints("kernel_shape", 2, 2)
                        .ints("dilations", 2, 2).ints("pads", 1, 1, 1, 1).ints("strides", 2, 2).attr("count_include_pad", 1L)
                        .attr("ceil_mode", 1L)).in("x", f(1, 2, 8, 8)),
                of("AveragePool ceil partial window", Node.of("AveragePool").inputs("x").outputs("y").ints("kernel_shape", 3, 3)
                        .ints("strides", 2, 2).attr("ceil_mode", 1L)).in("x", f(1, 2, 8, 8)),
                of("AveragePool ceil partial window pads included", Node.of("AveragePool").inputs("x").outputs("y")
                        .ints("kernel_shape", 3, 3).ints("strides", 2, 2).ints("pads", 1, 1, 1, 1).attr("ceil_mode", 1L)
                        .attr("count_include_pad", 1L)).in("x", f(1, 2, 9, 9)),
                of("AveragePool SAME pads included", Node.of("AveragePool").inputs("x").outputs("y").ints("kernel_shape", 3, 2)
                        .attr("auto_pad", "SAME_UPPER").ints("strides", 2, 2).attr("count_include_pad", 1L)).in("x", f(1, 2, 6, 5)),
                of("PRelu opset 6 per channel", Node.of("PRelu").inputs("x", "s").outputs("y")).in("x", f(2, 3, 4, 5))
                        .constant("s", f(3)).opset(6),
                of("PRelu opset 6 computed slope", Node.of("PRelu").inputs("x", "s").outputs("y")).in("x", f(2, 3, 4))
                        .in("s", f(3)).opset(6),
                of("MaxPool indices pads", Node.of("MaxPool").inputs("x").outputs("y", "i").ints("kernel_shape", 3, 2)
                        .ints("pads", 1, 0, 1, 1).ints("strides", 2, 1)).in("x", f(2, 3, 7, 6)),
                of("MaxPool indices SAME", Node.of("MaxPool").inputs("x").outputs("y", "i").ints("kernel_shape", 2, 2)
                        .ints("strides", 2, 2).attr("auto_pad", "SAME_UPPER")).in("x", f(1, 2, 5, 5)),
                of("MaxPool indices column-major", Node.of("MaxPool").inputs("x").outputs("y", "i").ints("kernel_shape", 2, 3)
                        .ints("strides", 1, 2).ints("pads", 0, 1, 1, 1).attr("storage_order", 1L)).in("x", f(2, 3, 5, 7)),
                of("MaxPool 1d indices", Node.of("MaxPool").inputs("x").outputs("y", "i").ints("kernel_shape", 3).ints("strides", 2)
                        .attr("ceil_mode", 1L)).in("x", f(2, 2, 10)),
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
                of("LpPool", Node.of("LpPool").inputs("x").outputs("y").ints("kernel_shape", 3, 2).ints("pads", 1, 0, 1, 1))
                        .in("x", f(1, 2, 6, 5)),
                of("LpPool p3 strides 1d", Node.of("LpPool").inputs("x").outputs("y").ints("kernel_shape", 3).ints("strides", 2)
                        .attr("p", 3L)).in("x", f(2, 3, 9)),
                of("LpPool p1 dilated SAME", Node.of("LpPool").inputs("x").outputs("y").ints("kernel_shape", 2, 2).ints("dilations", 2, 1)
                        .attr("p", 1L).attr("auto_pad", "SAME_UPPER")).in("x", f(1, 2, 5, 6)),
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
                of("BatchNormalization training", Node.of("BatchNormalization").inputs("x", "s", "b", "m", "v")
                        .outputs("y", "running_mean", "running_var").attr("training_mode", 1L).attr("momentum", 0.8f).attr("epsilon", 1e-3f))
                        .in("x", f(2, 3, 4, 5)).constant("s", f(3)).constant("b", f(3)).constant("m", f(3)).constant("v", pos(3)).opset(15),
                of("BatchNormalization training 3d", Node.of("BatchNormalization").inputs("x", "s", "b", "m", "v").outputs("y")
                        .attr("training_mode", 1L)).in("x", f(4, 2, 6)).in("s", f(2)).in("b", f(2)).in("m", f(2)).in("v", pos(2)).opset(15),
                of("InstanceNormalization", Node.of("InstanceNormalization").inputs("x", "s", "b").outputs("y"))
                        .in("x", f(2, 3, 4, 5)).constant("s", f(3)).constant("b", f(3)),
                of("LayerNormalization", Node.of("LayerNormalization").inputs("x", "s", "b").outputs("y")).in("x", f(2, 3, 8))
                        .constant("s", f(8)).constant("b", f(8)),
                of("LayerNormalization axis 1 stats", Node.of("LayerNormalization").inputs("x", "s").outputs("y", "mean", "inv")
                        .attr("axis", 1L)).in("x", f(2, 3, 4)).constant("s", f(3, 4)),
                of("RMSNormalization", Node.of("RMSNormalization").inputs("x", "s").outputs("y")).in("x", f(2, 3, 8))
                        .constant("s", f(8)).opset(23),
                of("RMSNormalization axis 1", Node.of("RMSNormalization").inputs("x", "s").outputs("y").attr("axis", 1L)
                        .attr("epsilon", 1e-2f)).in("x", f(2, 3, 4)).in("s", f(3, 4)).opset(23),
                of("GroupNormalization per channel", Node.of("GroupNormalization").inputs("x", "s", "b").outputs("y").attr("num_groups", 2L)
                        .attr("epsilon", 1e-3f)).in("x", f(2, 4, 3, 3)).constant("s", f(4)).constant("b", f(4)).opset(21),
                of("GroupNormalization opset 18 per group", Node.of("GroupNormalization").inputs("x", "s", "b").outputs("y")
                        .attr("num_groups", 3L)).in("x", f(2, 6, 5)).constant("s", f(3)).constant("b", f(3)).opset(18),
                of("MeanVarianceNormalization", Node.of("MeanVarianceNormalization").inputs("x").outputs("y")).in("x", f(2, 3, 4, 4)),
                of("MeanVarianceNormalization axes", Node.of("MeanVarianceNormalization").inputs("x").outputs("y").ints("axes", 1, -1))
                        .in("x", f(2, 3, 5)),
                of("DynamicQuantizeLinear", Node.of("DynamicQuantizeLinear").inputs("x").outputs("y", "scale", "zp")).in("x", f(3, 7)),
                of("DynamicQuantizeLinear positive", Node.of("DynamicQuantizeLinear").inputs("x").outputs("y", "scale", "zp"))
                        .in("x", pos(4, 4)),
                of("Det", Node.of("Det").inputs("x").outputs("y")).in("x", f(3, 4, 4)),
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

    /** Random uint8 values in [lo, hi] of the given shape (last two arguments are the bounds). */
    private static Tensor u8(long... shapeAndBounds) {
        long[] shape = java.util.Arrays.copyOf(shapeAndBounds, shapeAndBounds.length - 2);
        Tensor v = OpCase.i32((int) shapeAndBounds[shapeAndBounds.length - 2], (int) shapeAndBounds[shapeAndBounds.length - 1] + 1, shape);
        byte[] b = new byte[(int) v.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) v.getLong(i);
        }
        return Tensor.of(DataType.UINT8, shape, b);
    }

    private static Tensor u8s(int v) {
        return Tensor.of(DataType.UINT8, new long[0], new byte[]{(byte) v});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(OpCase c) throws Exception {
        ExportCheck.againstReference(c.model(), c.feeds, dir);
    }
}
