package dev.modelx.importer.paddle;

import dev.modelx.format.paddle.proto.PaddleProtos.VarType;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.UnsupportedOpsException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Binary, shape, nn, reduce, sequence and control-flow converters on tiny programs with hand-computed results. */
class StructuralConvertersTest {

    static Tensor f(long[] shape, float... v) {
        return Tensor.ofFloats(shape, v);
    }

    static long[] s(long... d) {
        return d;
    }

    @Test
    void elementwiseAddBroadcastsYFromAxis() {
        TestProgram p = new TestProgram().f32("x", 2, 3, 2).f32("y", 3).f32("z", 2, 3, 2).feed("x").feed("y").fetch("z");
        p.op("elementwise_add").in("X", "x").in("Y", "y").out("Out", "z").i("axis", 1).add();
        float[] x = new float[12];
        Tensor out = p.run(f(s(2, 3, 2), x), f(s(3), 10, 20, 30)).get(0);
        assertArrayEquals(new float[] {10, 10, 20, 20, 30, 30, 10, 10, 20, 20, 30, 30}, out.toFloatArray());
    }

    @Test
    void binaryArithmeticAndComparisons() {
        String[][] ops = {{"elementwise_sub", "-1,-6,3"}, {"elementwise_mul", "2,-5,10"}, {"elementwise_max", "2,1,5"},
            {"elementwise_min", "1,-5,2"}, {"elementwise_div", "0.5,-5,2.5"}, {"elementwise_pow", "1,-5,25"}};
        for (String[] o : ops) {
            TestProgram p = new TestProgram().f32("x", 3).f32("y", 3).f32("z", 3).feed("x").feed("y").fetch("z");
            p.op(o[0]).in("X", "x").in("Y", "y").out("Out", "z").i("axis", -1).add();
            float[] want = new float[3];
            String[] w = o[1].split(",");
            for (int i = 0; i < 3; i++) {
                want[i] = Float.parseFloat(w[i]);
            }
            assertArrayEquals(want, p.run(f(s(3), 1, -5, 5), f(s(3), 2, 1, 2)).get(0).toFloatArray(), 1e-6f, o[0]);
        }
        TestProgram m = new TestProgram().f32("x", 4).f32("y", 4).f32("z", 4).feed("x").feed("y").fetch("z");
        m.op("elementwise_mod").in("X", "x").in("Y", "y").out("Out", "z").add();
        assertArrayEquals(new float[] {1, 2, -2, -1}, m.run(f(s(4), 7, -7, 7, -7), f(s(4), 3, 3, -3, -3)).get(0).toFloatArray(), 1e-6f);
        TestProgram fd = new TestProgram().f32("x", 2).f32("y", 2).f32("z", 2).feed("x").feed("y").fetch("z");
        fd.op("elementwise_floordiv").in("X", "x").in("Y", "y").out("Out", "z").add();
        assertArrayEquals(new float[] {2, -3}, fd.run(f(s(2), 7, -7), f(s(2), 3, 3)).get(0).toFloatArray());
        String[][] cmp = {{"less_than", "1,0,0"}, {"less_equal", "1,1,0"}, {"greater_than", "0,0,1"}, {"greater_equal", "0,1,1"},
            {"equal", "0,1,0"}, {"not_equal", "1,0,1"}};
        for (String[] o : cmp) {
            TestProgram p = new TestProgram().f32("x", 3).f32("y", 3).var("z", VarType.Type.BOOL, 3).feed("x").feed("y").fetch("z");
            p.op(o[0]).in("X", "x").in("Y", "y").out("Out", "z").add();
            Tensor got = p.run(f(s(3), 1, 2, 3), f(s(3), 2, 2, 2)).get(0);
            String[] w = o[1].split(",");
            for (int i = 0; i < 3; i++) {
                assertEquals(Long.parseLong(w[i]), got.getLong(i), o[0]);
            }
        }
    }

    @Test
    void mulFlattensByNumColDims() {
        TestProgram p = new TestProgram().f32("x", 2, 2, 2).f32("w", 4, 1).f32("y", 2, 1).feed("x").feed("w").fetch("y");
        p.op("mul").in("X", "x").in("Y", "w").out("Out", "y").i("x_num_col_dims", 1).i("y_num_col_dims", 1).add();
        Tensor out = p.run(f(s(2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8), f(s(4, 1), 1, 1, 1, 1)).get(0);
        assertArrayEquals(new float[] {10, 26}, out.toFloatArray());
    }

    @Test
    void matmulV2TransposesAndMatmulScalesByAlpha() {
        TestProgram p = new TestProgram().f32("a", 2, 2).f32("b", 2, 2).f32("c", 2, 2).feed("a").feed("b").fetch("c");
        p.op("matmul_v2").in("X", "a").in("Y", "b").out("Out", "c").b("trans_x", true).add();
        // a^T b with a = [[1,2],[3,4]], b = I
        assertArrayEquals(new float[] {1, 3, 2, 4}, p.run(f(s(2, 2), 1, 2, 3, 4), f(s(2, 2), 1, 0, 0, 1)).get(0).toFloatArray());
        TestProgram q = new TestProgram().f32("a", 2, 2).f32("b", 2, 2).f32("c", 2, 2).feed("a").feed("b").fetch("c");
        q.op("matmul").in("X", "a").in("Y", "b").out("Out", "c").f("alpha", 0.5).add();
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2}, q.run(f(s(2, 2), 1, 2, 3, 4), f(s(2, 2), 1, 0, 0, 1)).get(0).toFloatArray());
    }

    @Test
    void conv2dWithPaddleFourValuePaddings() {
        // 1x1x3x3 input, 1x1x2x2 ones filter, paddings [top=1, bottom=0, left=0, right=0]
        TestProgram p = new TestProgram().f32("x", 1, 1, 3, 3).f32("w", 1, 1, 2, 2).f32("y", 1, 1, 3, 2).feed("x").feed("w").fetch("y");
        p.op("conv2d").in("Input", "x").in("Filter", "w").out("Output", "y").ints("strides", 1, 1).ints("paddings", 1, 0, 0, 0)
                .ints("dilations", 1, 1).i("groups", 1).add();
        Tensor out = p.run(f(s(1, 1, 3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9), f(s(1, 1, 2, 2), 1, 1, 1, 1)).get(0);
        assertArrayEquals(new long[] {1, 1, 3, 2}, out.shape());
        assertArrayEquals(new float[] {3, 5, 12, 16, 24, 28}, out.toFloatArray());
    }

    @Test
    void pool2dAverageExclusiveAndGlobalMax() {
        TestProgram p = new TestProgram().f32("x", 1, 1, 2, 2).f32("y", 1, 1, 2, 2).feed("x").fetch("y");
        p.op("pool2d").in("X", "x").out("Out", "y").s("pooling_type", "avg").ints("ksize", 2, 2).ints("strides", 1, 1)
                .ints("paddings", 0, 1, 0, 1).b("exclusive", true).add();
        // windows at the right/bottom edge average only the real elements
        assertArrayEquals(new float[] {2.5f, 3, 3.5f, 4}, p.run(f(s(1, 1, 2, 2), 1, 2, 3, 4)).get(0).toFloatArray());
        TestProgram g = new TestProgram().f32("x", 1, 2, 2, 1).f32("y", 1, 2, 1, 1).feed("x").fetch("y");
        g.op("pool2d").in("X", "x").out("Out", "y").s("pooling_type", "max").b("global_pooling", true).ints("ksize", 1, 1).add();
        assertArrayEquals(new float[] {2, 4}, g.run(f(s(1, 2, 2, 1), 1, 2, 3, 4)).get(0).toFloatArray());
    }

    @Test
    void batchNormAndLayerNorm() {
        TestProgram p = new TestProgram().f32("x", 1, 2, 1, 1).f32("sc", 2).f32("b", 2).f32("m", 2).f32("v", 2).f32("y", 1, 2, 1, 1)
                .feed("x").feed("sc").feed("b").feed("m").feed("v").fetch("y");
        p.op("batch_norm").in("X", "x").in("Scale", "sc").in("Bias", "b").in("Mean", "m").in("Variance", "v").out("Y", "y")
                .f("epsilon", 0).add();
        Tensor y = p.run(f(s(1, 2, 1, 1), 3, 5), f(s(2), 2, 1), f(s(2), 1, 0), f(s(2), 1, 1), f(s(2), 4, 16)).get(0);
        assertArrayEquals(new float[] {3, 1}, y.toFloatArray(), 1e-6f);
        TestProgram l = new TestProgram().f32("x", 1, 2, 2).f32("sc", 4).f32("b", 4).f32("y", 1, 2, 2).feed("x").feed("sc").feed("b").fetch("y");
        l.op("layer_norm").in("X", "x").in("Scale", "sc").in("Bias", "b").out("Y", "y").i("begin_norm_axis", 1).f("epsilon", 0).add();
        float[] out = l.run(f(s(1, 2, 2), 1, 2, 3, 4), f(s(4), 1, 1, 1, 1), f(s(4), 0, 0, 0, 10)).get(0).toFloatArray();
        double sd = Math.sqrt(1.25);
        assertArrayEquals(new float[] {(float) (-1.5 / sd), (float) (-0.5 / sd), (float) (0.5 / sd), (float) (1.5 / sd + 10)}, out, 1e-5f);
    }

    @Test
    void reshapeTransposeConcatSplitSlice() {
        TestProgram p = new TestProgram().f32("x", 2, 3).f32("r", 3, 2).f32("t", 2, 3).f32("c", 4, 3).f32("s0", 4, 1).f32("s1", 4, 2)
                .f32("sl", 4).feed("x").fetch("r").fetch("c").fetch("s0").fetch("s1").fetch("sl");
        p.op("reshape2").in("X", "x").out("Out", "r").ints("shape", 3, -1).add();
        p.op("transpose2").in("X", "r").out("Out", "t").ints("axis", 1, 0).add();
        p.op("concat").in("X", "x", "t").out("Out", "c").i("axis", 0).add();
        p.op("split").in("X", "c").out("Out", "s0", "s1").ints("sections", 1, -1).i("axis", 1).add();
        p.op("slice").in("Input", "c").out("Out", "sl").ints("axes", 1).ints("starts", 2).ints("ends", 3).ints("decrease_axis", 1).add();
        List<Tensor> out = p.run(f(s(2, 3), 1, 2, 3, 4, 5, 6));
        assertArrayEquals(new long[] {3, 2}, out.get(0).shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 1, 3, 5, 2, 4, 6}, out.get(1).toFloatArray());
        assertArrayEquals(new float[] {1, 4, 1, 2}, out.get(2).toFloatArray());
        assertArrayEquals(new long[] {4, 2}, out.get(3).shape());
        assertArrayEquals(new float[] {3, 6, 5, 6}, out.get(4).toFloatArray());
    }

    @Test
    void flattenRangeSqueezeUnsqueezeStackGather() {
        TestProgram p = new TestProgram().f32("x", 2, 1, 3).f32("fl", 2, 3).f32("sq", 2, 3).f32("us", 2, 1, 1, 3).f32("st", 2, 2, 3)
                .f32("g", 1, 3).var("idx", VarType.Type.INT64, 1).feed("x").feed("idx").fetch("fl").fetch("sq").fetch("us").fetch("st").fetch("g");
        p.op("flatten_contiguous_range").in("X", "x").out("Out", "fl").i("start_axis", 1).i("stop_axis", 2).add();
        p.op("squeeze2").in("X", "x").out("Out", "sq").ints("axes", 1).add();
        p.op("unsqueeze2").in("X", "x").out("Out", "us").ints("axes", 2).add();
        p.op("stack").in("X", "sq", "fl").out("Y", "st").i("axis", 1).add();
        p.op("gather").in("X", "sq").in("Index", "idx").out("Out", "g").add();
        List<Tensor> out = p.run(f(s(2, 1, 3), 1, 2, 3, 4, 5, 6), Tensor.ofLongs(s(1), 1));
        assertArrayEquals(new long[] {2, 3}, out.get(0).shape());
        assertArrayEquals(new long[] {2, 3}, out.get(1).shape());
        assertArrayEquals(new long[] {2, 1, 1, 3}, out.get(2).shape());
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6}, out.get(3).toFloatArray());
        assertArrayEquals(new float[] {4, 5, 6}, out.get(4).toFloatArray());
    }

    @Test
    void reduceSoftmaxArgmaxTopKCast() {
        TestProgram p = new TestProgram().f32("x", 2, 3).f32("sum", 2).f32("mx", 1, 3).f32("sm", 2, 3).var("am", VarType.Type.INT64, 2)
                .f32("tv", 2, 1).var("ti", VarType.Type.INT64, 2, 1).var("ci", VarType.Type.INT32, 2, 3)
                .feed("x").fetch("sum").fetch("mx").fetch("sm").fetch("am").fetch("tv").fetch("ti").fetch("ci");
        p.op("reduce_sum").in("X", "x").out("Out", "sum").ints("dim", 1).b("keep_dim", false).add();
        p.op("reduce_max").in("X", "x").out("Out", "mx").ints("dim", 0).b("keep_dim", true).add();
        p.op("softmax").in("X", "x").out("Out", "sm").i("axis", -1).add();
        p.op("arg_max").in("X", "x").out("Out", "am").l("axis", 1).add();
        p.op("top_k_v2").in("X", "x").out("Out", "tv").out("Indices", "ti").i("k", 1).add();
        p.op("cast").in("X", "x").out("Out", "ci").i("in_dtype", 5).i("out_dtype", 2).add();
        List<Tensor> out = p.run(f(s(2, 3), 1, 5, 2, 7, 0, 3.6f));
        assertArrayEquals(new float[] {8, 10.6f}, out.get(0).toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {7, 5, 3.6f}, out.get(1).toFloatArray());
        double z = Math.exp(1) + Math.exp(5) + Math.exp(2);
        assertEquals(Math.exp(5) / z, out.get(2).toFloatArray()[1], 1e-6);
        assertArrayEquals(new long[] {1, 0}, out.get(3).toLongArray());
        assertArrayEquals(new float[] {5, 7}, out.get(4).toFloatArray());
        assertArrayEquals(new long[] {1, 0}, out.get(5).toLongArray());
        assertArrayEquals(new long[] {1, 5, 2, 7, 0, 3}, out.get(6).toLongArray());
    }

    @Test
    void fillConstantWhereAndNearestInterp() {
        TestProgram p = new TestProgram().f32("x", 1, 1, 2, 2).f32("c", 2, 2).var("cond", VarType.Type.BOOL, 2, 2).f32("w", 2, 2)
                .f32("up", 1, 1, 4, 4).feed("x").feed("cond").fetch("c").fetch("w").fetch("up");
        p.op("fill_constant").out("Out", "c").ints("shape", 2, 2).i("dtype", 5).f("value", 1.5).add();
        p.op("where").in("Condition", "cond").in("X", "c").in("Y", "c").out("Out", "w").add();
        p.op("nearest_interp_v2").in("X", "x").out("Out", "up").i("out_h", 4).i("out_w", 4).s("interp_method", "nearest")
                .b("align_corners", false).add();
        List<Tensor> out = p.run(f(s(1, 1, 2, 2), 1, 2, 3, 4), Tensor.ofBooleans(s(2, 2), true, false, true, false));
        assertArrayEquals(new float[] {1.5f, 1.5f, 1.5f, 1.5f}, out.get(0).toFloatArray());
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, out.get(2).toFloatArray());
    }

    @Test
    void sequencePoolUsesTheLodOffsetsInput() {
        for (String[] c : new String[][] {{"SUM", "3,30,12,120"}, {"AVERAGE", "1.5,15,4,40"}, {"MAX", "2,20,5,50"},
            {"FIRST", "1,10,3,30"}, {"LAST", "2,20,5,50"}}) {
            TestProgram p = new TestProgram().var(0, "x", VarType.Type.FP32, 1, -1, 2).f32("y", -1, 2).feed("x").fetch("y");
            p.op("sequence_pool").in("X", "x").out("Out", "y").s("pooltype", c[0]).add();
            var m = p.importModel();
            assertEquals("x.lod0", m.graph().inputs().get(1).name());
            Tensor y = p.run(f(s(5, 2), 1, 10, 2, 20, 3, 30, 4, 40, 5, 50), Tensor.ofLongs(s(3), 0, 2, 5)).get(0);
            String[] w = c[1].split(",");
            float[] want = new float[4];
            for (int i = 0; i < 4; i++) {
                want[i] = Float.parseFloat(w[i]);
            }
            assertArrayEquals(want, y.toFloatArray(), 1e-5f, c[0]);
        }
    }

    @Test
    void whileLoopCountsUp() {
        // i = 0; while (i < 5) { i = i + 1; acc = acc * 2 }
        TestProgram p = new TestProgram().f32("i", 1).f32("acc", 1).f32("limit", 1).var("cond", VarType.Type.BOOL, 1);
        int body = p.subBlock();
        p.feed("i").feed("acc").feed("limit");
        p.op("less_than").in("X", "i").in("Y", "limit").out("Out", "cond").add();
        p.op(body, "increment").in("X", "i").out("Out", "i").f("step", 1).add();
        p.op(body, "scale").in("X", "acc").out("Out", "acc").f("scale", 2).add();
        p.op(body, "less_than").in("X", "i").in("Y", "limit").out("Out", "cond").add();
        p.op("while").in("X", "i", "acc", "limit").in("Condition", "cond").out("Out", "i", "acc").out("StepScopes", "scopes")
                .block("sub_block", body).add();
        p.fetch("i").fetch("acc");
        List<Tensor> out = p.run(f(s(1), 0), f(s(1), 1), f(s(1), 5));
        assertEquals(5, out.get(0).getDouble(0), 0);
        assertEquals(32, out.get(1).getDouble(0), 0);
    }

    @Test
    void conditionalBlocksWithSelectInput() {
        TestProgram p = new TestProgram().f32("x", 1).var("c", VarType.Type.BOOL, 1).var("nc", VarType.Type.BOOL, 1)
                .var("mask", VarType.Type.INT32, 1).f32("a", 1).f32("b", 1).f32("y", 1);
        int thenB = p.subBlock(), elseB = p.subBlock();
        p.feed("x").feed("c");
        p.op("logical_not").in("X", "c").out("Out", "nc").add();
        p.op(thenB, "scale").in("X", "x").out("Out", "a").f("scale", 10).add();
        p.op(elseB, "scale").in("X", "x").out("Out", "b").f("scale", -1).add();
        p.op("conditional_block").in("Cond", "c").in("Input", "x").out("Out", "a").out("Scope", "s1").b("is_scalar_condition", true)
                .block("sub_block", thenB).add();
        p.op("conditional_block").in("Cond", "nc").in("Input", "x").out("Out", "b").out("Scope", "s2").b("is_scalar_condition", true)
                .block("sub_block", elseB).add();
        p.op("cast").in("X", "c").out("Out", "mask").i("in_dtype", 0).i("out_dtype", 2).add();
        p.op("select_input").in("X", "b", "a").in("Mask", "mask").out("Out", "y").add();
        p.fetch("y");
        assertEquals(30, p.run(f(s(1), 3), Tensor.ofBooleans(s(1), true)).get(0).getDouble(0), 0);
        assertEquals(-3, p.run(f(s(1), 3), Tensor.ofBooleans(s(1), false)).get(0).getDouble(0), 0);
    }

    @Test
    void argMaxVersionZeroIgnoresFlattenAndDtype() {
        TestProgram p = new TestProgram().f32("x", 2, 2).var("y", VarType.Type.INT64, 2).feed("x").fetch("y").opVersion("arg_max", 0);
        p.op("arg_max").in("X", "x").out("Out", "y").l("axis", 1).b("flatten", true).i("dtype", 2).add();
        Tensor y = p.run(f(s(2, 2), 1, 2, 4, 3)).get(0);
        assertArrayEquals(new long[] {1, 0}, y.toLongArray());
    }

    @Test
    void everyUnsupportedOpIsListedOnce() {
        TestProgram p = new TestProgram().f32("x", 1).f32("y", 1).f32("z", 1).feed("x").fetch("z");
        p.op("gap").in("X", "x").out("Out", "y").add();
        p.op("my_custom").in("X", "y").out("Out", "z").add();
        p.op("relu").in("X", "z").out("Out", "z").add();
        var e = assertThrows(UnsupportedOpsException.class, p::importModel);
        assertEquals(List.of("gap", "my_custom"), e.sortedOps());
        assertEquals("test.pdmodel: Paddle ops not supported: gap, my_custom", e.getMessage());
    }
}
