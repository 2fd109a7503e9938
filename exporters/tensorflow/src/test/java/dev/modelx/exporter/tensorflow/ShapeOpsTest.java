package dev.modelx.exporter.tensorflow;

import static dev.modelx.exporter.tensorflow.OpCase.bools;
import static dev.modelx.exporter.tensorflow.OpCase.f;
import static dev.modelx.exporter.tensorflow.OpCase.i32;
import static dev.modelx.exporter.tensorflow.OpCase.i64;
import static dev.modelx.exporter.tensorflow.OpCase.longs;
import static dev.modelx.exporter.tensorflow.OpCase.of;
import static dev.modelx.exporter.tensorflow.OpCase.scalar;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

/** Shape, slicing, gathering, casting and constant-making ops: exported alone, run in TF Java, vs the reference runtime. */
class ShapeOpsTest {

    @TempDir
    Path dir;

    static Stream<OpCase> cases() {
        return Stream.of(
                of("Reshape 0 and -1", Node.of("Reshape").inputs("x", "s").outputs("y")).in("x", f(2, 3, 4)).constant("s", longs(0, -1)),
                of("Reshape computed shape", Node.of("Reshape").inputs("x", "s").outputs("y")).in("x", f(2, 3, 4)).in("s", longs(0, 4, -1)),
                of("Flatten axis 2", Node.of("Flatten").inputs("x").outputs("y").attr("axis", 2L)).in("x", f(2, 3, 4, 5)),
                of("Flatten axis 0", Node.of("Flatten").inputs("x").outputs("y").attr("axis", 0L)).in("x", f(2, 3)),
                of("Squeeze", Node.of("Squeeze").inputs("x", "a").outputs("y")).in("x", f(2, 1, 3, 1)).constant("a", longs(1, -1)),
                of("Squeeze all", Node.of("Squeeze").inputs("x").outputs("y")).in("x", f(1, 3, 1)),
                of("Unsqueeze", Node.of("Unsqueeze").inputs("x", "a").outputs("y")).in("x", f(2, 3)).constant("a", longs(-1, 0)),
                of("Transpose", Node.of("Transpose").inputs("x").outputs("y").ints("perm", 2, 0, 1)).in("x", f(2, 3, 4)),
                of("Transpose default", Node.of("Transpose").inputs("x").outputs("y")).in("x", f(2, 3, 4)),
                of("Expand both ways", Node.of("Expand").inputs("x", "s").outputs("y")).in("x", f(3, 1)).constant("s", longs(2, 1, 4)),
                of("Expand computed shape", Node.of("Expand").inputs("x", "s").outputs("y")).in("x", f(3, 1)).in("s", longs(2, 3, 4)),
                of("Tile", Node.of("Tile").inputs("x", "r").outputs("y")).in("x", f(2, 3)).constant("r", longs(2, 1)),
                of("Concat", Node.of("Concat").inputs("a", "b", "c").outputs("y").attr("axis", 1L)).in("a", f(2, 1, 3))
                        .in("b", f(2, 2, 3)).constant("c", f(2, 1, 3)),
                of("Split even", Node.of("Split").inputs("x").outputs("a", "b", "c").attr("axis", 1L)).in("x", f(2, 6)).opset(13),
                of("Split sizes", Node.of("Split").inputs("x", "s").outputs("a", "b")).in("x", f(5, 2)).constant("s", longs(2, 3)),
                of("Split num_outputs uneven", Node.of("Split").inputs("x").outputs("a", "b", "c").attr("num_outputs", 3L))
                        .in("x", f(7, 2)),
                of("Pad constant", Node.of("Pad").inputs("x", "p", "v").outputs("y")).in("x", f(2, 3))
                        .constant("p", longs(1, 0, 2, 1)).constant("v", scalar(1.5f)),
                of("Pad reflect", Node.of("Pad").inputs("x", "p").outputs("y").attr("mode", "reflect")).in("x", f(3, 4))
                        .constant("p", longs(1, 2, 1, 1)),
                of("Pad negative", Node.of("Pad").inputs("x", "p").outputs("y")).in("x", f(4, 5)).constant("p", longs(-1, 2, 1, -2)),
                of("Pad axes", Node.of("Pad").inputs("x", "p", "", "a").outputs("y")).in("x", f(2, 3, 4))
                        .constant("p", longs(1, 2)).constant("a", longs(-1)),
                of("Pad computed pads", Node.of("Pad").inputs("x", "p").outputs("y")).in("x", f(2, 3)).in("p", longs(1, 0, 0, 2)),
                of("Slice", Node.of("Slice").inputs("x", "s", "e", "a", "t").outputs("y")).in("x", f(5, 6, 4))
                        .constant("s", longs(1, -1)).constant("e", longs(4, -100)).constant("a", longs(0, 1)).constant("t", longs(2, -2)),
                of("Slice huge end", Node.of("Slice").inputs("x", "s", "e").outputs("y")).in("x", f(5, 6))
                        .constant("s", longs(2)).constant("e", longs(Long.MAX_VALUE)),
                of("Slice computed starts", Node.of("Slice").inputs("x", "s", "e", "a").outputs("y")).in("x", f(5, 6))
                        .in("s", longs(1)).in("e", longs(4)).constant("a", longs(1)),
                of("Gather negative constant indices", Node.of("Gather").inputs("x", "i").outputs("y").attr("axis", 1L))
                        .in("x", f(3, 5)).constant("i", Tensor.ofLongs(new long[]{2, 2}, 0, -1, 4, -5)),
                of("Gather fed indices", Node.of("Gather").inputs("x", "i").outputs("y")).in("x", f(6, 3)).in("i", i64(-6, 6, 4)),
                of("GatherND", Node.of("GatherND").inputs("x", "i").outputs("y")).in("x", f(3, 4, 2))
                        .in("i", Tensor.ofLongs(new long[]{2, 2}, 0, 1, 2, 3)),
                of("GatherElements", Node.of("GatherElements").inputs("x", "i").outputs("y").attr("axis", 1L)).in("x", f(3, 4))
                        .in("i", i64(-4, 4, 3, 2)),
                of("ScatterND", Node.of("ScatterND").inputs("x", "i", "u").outputs("y")).in("x", f(4, 3))
                        .constant("i", Tensor.ofLongs(new long[]{2, 1}, 3, 0)).in("u", f(2, 3)),
                of("ScatterND add", Node.of("ScatterND").inputs("x", "i", "u").outputs("y").attr("reduction", "add"))
                        .in("x", f(4, 3)).constant("i", Tensor.ofLongs(new long[]{2, 1}, 1, 1)).in("u", f(2, 3)),
                of("ArgMax", Node.of("ArgMax").inputs("x").outputs("y").attr("axis", 1L)).in("x", f(3, 5)),
                of("ArgMax last index", Node.of("ArgMax").inputs("x").outputs("y").attr("keepdims", 0L).attr("select_last_index", 1L))
                        .in("x", Tensor.ofFloats(new long[]{3, 2}, 1, 2, 3, 3, 0, 3)),
                of("ArgMin", Node.of("ArgMin").inputs("x").outputs("y").attr("axis", -1L).attr("keepdims", 0L)).in("x", f(3, 5)),
                of("TopK", Node.of("TopK").inputs("x", "k").outputs("v", "i")).in("x", f(3, 6)).constant("k", longs(2)),
                of("TopK smallest axis 0", Node.of("TopK").inputs("x", "k").outputs("v", "i").attr("axis", 0L).attr("largest", 0L))
                        .in("x", f(5, 3)).constant("k", longs(3)),
                of("NonZero", Node.of("NonZero").inputs("x").outputs("y")).in("x", i32(0, 2, 3, 4)),
                of("Shape", Node.of("Shape").inputs("x").outputs("y")).in("x", f(2, 3, 4)),
                of("Shape start end", Node.of("Shape").inputs("x").outputs("y").attr("start", 1L).attr("end", -1L)).in("x", f(2, 3, 4)),
                of("Size", Node.of("Size").inputs("x").outputs("y")).in("x", f(2, 3)),
                of("Cast float to int32", Node.of("Cast").inputs("x").outputs("y").attr("to", (long) DataType.INT32.code()))
                        .in("x", OpCase.range(-9, 9, 2, 5)),
                of("Cast int64 to float", Node.of("Cast").inputs("x").outputs("y").attr("to", (long) DataType.FLOAT.code()))
                        .in("x", i64(-9, 9, 4)),
                of("CastLike", Node.of("CastLike").inputs("x", "t").outputs("y")).in("x", i32(-5, 5, 4)).constant("t", scalar(0f)),
                of("Constant", Node.of("Constant").outputs("y").attr(Attribute.of("value", f(2, 3)))),
                of("ConstantOfShape", Node.of("ConstantOfShape").inputs("s").outputs("y")
                        .attr(Attribute.of("value", Tensor.ofLongs(new long[]{1}, 7)))).in("s", longs(2, 3)),
                of("Range", Node.of("Range").inputs("a", "b", "d").outputs("y")).in("a", Tensor.scalar(1f)).in("b", Tensor.scalar(5f))
                        .in("d", Tensor.scalar(0.5f)),
                of("Range int64", Node.of("Range").inputs("a", "b", "d").outputs("y")).in("a", Tensor.scalar(10L))
                        .in("b", Tensor.scalar(1L)).in("d", Tensor.scalar(-3L)),
                of("Dropout", Node.of("Dropout").inputs("x").outputs("y")).in("x", f(2, 3)),
                of("OneHot", Node.of("OneHot").inputs("i", "d", "v").outputs("y").attr("axis", 1L)).in("i", i64(-4, 4, 3, 2))
                        .constant("d", Tensor.scalar(4L)).constant("v", Tensor.ofFloats(new long[]{2}, -1f, 3f)),
                of("CumSum", Node.of("CumSum").inputs("x", "a").outputs("y")).in("x", f(3, 4)).constant("a", Tensor.scalar(1L)),
                of("CumSum exclusive reverse", Node.of("CumSum").inputs("x", "a").outputs("y").attr("exclusive", 1L)
                        .attr("reverse", 1L)).in("x", f(3, 4)).constant("a", Tensor.ofInts(new long[0], 0)),
                of("Trilu upper k=1", Node.of("Trilu").inputs("x", "k").outputs("y")).in("x", f(2, 4, 5)).constant("k", Tensor.scalar(1L)),
                of("Trilu lower", Node.of("Trilu").inputs("x").outputs("y").attr("upper", 0L)).in("x", f(4, 3)),
                of("ReduceSum", Node.of("ReduceSum").inputs("x", "a").outputs("y").attr("keepdims", 0L)).in("x", f(2, 3, 4))
                        .constant("a", longs(0, -1)),
                of("ReduceSum noop", Node.of("ReduceSum").inputs("x").outputs("y").attr("noop_with_empty_axes", 1L)).in("x", f(2, 3)),
                of("ReduceMean opset 13", Node.of("ReduceMean").inputs("x").outputs("y").ints("axes", 1)).in("x", f(2, 3, 4)).opset(13),
                of("ReduceMax", Node.of("ReduceMax").inputs("x", "a").outputs("y")).in("x", f(2, 3, 4)).constant("a", longs(2)),
                of("ReduceMin all", Node.of("ReduceMin").inputs("x").outputs("y").attr("keepdims", 0L)).in("x", f(2, 3, 4)),
                of("ReduceProd", Node.of("ReduceProd").inputs("x", "a").outputs("y")).in("x", OpCase.pos(2, 3)).constant("a", longs(1)),
                of("ReduceL1", Node.of("ReduceL1").inputs("x", "a").outputs("y")).in("x", f(2, 3)).constant("a", longs(1)),
                of("ReduceL2", Node.of("ReduceL2").inputs("x", "a").outputs("y")).in("x", f(2, 3)).constant("a", longs(0)),
                of("ReduceLogSum", Node.of("ReduceLogSum").inputs("x", "a").outputs("y")).in("x", OpCase.pos(2, 3))
                        .constant("a", longs(1)),
                of("ReduceLogSumExp", Node.of("ReduceLogSumExp").inputs("x", "a").outputs("y")).in("x", f(2, 3))
                        .constant("a", longs(1)),
                of("ReduceSumSquare", Node.of("ReduceSumSquare").inputs("x", "a").outputs("y")).in("x", f(2, 3))
                        .constant("a", longs(1)),
                of("Where broadcast", Node.of("Where").inputs("c", "a", "b").outputs("y")).in("c", bools(3, 1)).in("a", i64(0, 9, 1, 4))
                        .in("b", i64(0, 9, 3, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(OpCase c) throws Exception {
        ExportCheck.againstReference(c.model(), c.feeds, dir);
    }
}
