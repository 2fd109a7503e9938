package dev.modelx.importer.paddle;

import dev.modelx.format.paddle.proto.PaddleProtos.VarType;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shape, indexing, creation, math and reduction converters on tiny programs with hand-computed results. */
class ShapeMathConvertersTest {

    static long[] s(long... d) {
        return d;
    }

    static Tensor f(long[] shape, float... v) {
        return Tensor.ofFloats(shape, v);
    }

    static final Tensor X23 = f(s(2, 3), 1, 2, 3, 4, 5, 6);

    /** One op X -> Out (float out unless {@code outType}). */
    static Tensor unary(String op, Tensor x, VarType.Type outType, Consumer<TestProgram.OpBuilder> attrs) {
        VarType.Type inType = switch (x.type()) {
            case INT64 -> VarType.Type.INT64;
            case INT32 -> VarType.Type.INT32;
            case BOOL -> VarType.Type.BOOL;
            default -> VarType.Type.FP32;
        };
        TestProgram p = new TestProgram().var("x", inType, x.shape()).var("y", outType).feed("x").fetch("y");
        TestProgram.OpBuilder b = p.op(op).in("X", "x").out("Out", "y");
        attrs.accept(b);
        b.add();
        return p.run(x).get(0);
    }

    static Tensor unary(String op, Tensor x, Consumer<TestProgram.OpBuilder> attrs) {
        return unary(op, x, VarType.Type.FP32, attrs);
    }

    static void eq(float[] want, Tensor got) {
        assertArrayEquals(want, got.toFloatArray(), 1e-5f);
    }

    @Test
    void tileExpandFamily() {
        Tensor t = unary("tile", f(s(2), 1, 2), b -> b.ints("repeat_times", 2, 2));
        assertArrayEquals(s(2, 4), t.shape());
        eq(new float[] {1, 2, 1, 2, 1, 2, 1, 2}, t);
        Tensor e = unary("expand_v2", f(s(1, 3), 1, 2, 3), b -> b.ints("shape", 2, -1));
        assertArrayEquals(s(2, 3), e.shape());
        eq(new float[] {1, 2, 3, 1, 2, 3}, e);
        Tensor old = unary("expand", f(s(1, 2), 1, 2), b -> b.ints("expand_times", 2, 2));
        assertArrayEquals(s(2, 4), old.shape());
        Tensor as = unary("expand_as_v2", f(s(1, 2), 1, 2), b -> b.ints("target_shape", 3, 2));
        eq(new float[] {1, 2, 1, 2, 1, 2}, as);
    }

    @Test
    void flipRollAndTriangles() {
        eq(new float[] {3, 2, 1, 6, 5, 4}, unary("flip", X23, b -> b.ints("axis", 1)));
        eq(new float[] {6, 5, 4, 3, 2, 1}, unary("flip", X23, b -> b.ints("axis", 0, 1)));
        eq(new float[] {3, 1, 2, 6, 4, 5}, unary("roll", X23, b -> b.ints("shifts", 1).ints("axis", 1)));
        eq(new float[] {5, 6, 1, 2, 3, 4}, unary("roll", X23, b -> b.ints("shifts", 2)));
        eq(new float[] {4, 5, 6, 1, 2, 3}, unary("roll", X23, b -> b.ints("shifts", -1).ints("axis", 0)));
        Tensor x33 = f(s(3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
        eq(new float[] {1, 0, 0, 4, 5, 0, 7, 8, 9}, unary("tril_triu", x33, b -> b.b("lower", true).i("diagonal", 0)));
        eq(new float[] {0, 2, 3, 0, 0, 6, 0, 0, 0}, unary("tril_triu", x33, b -> b.b("lower", false).i("diagonal", 1)));
    }

    @Test
    void scatterOverwriteAndAccumulate() {
        for (boolean overwrite : new boolean[] {true, false}) {
            TestProgram p = new TestProgram().f32("x", 3, 2).var("ids", VarType.Type.INT64, 4).f32("u", 4, 2).f32("y", 3, 2)
                    .feed("x").feed("ids").feed("u").fetch("y");
            p.op("scatter").in("X", "x").in("Ids", "ids").in("Updates", "u").out("Out", "y").b("overwrite", overwrite).add();
            Tensor y = p.run(f(s(3, 2), 1, 1, 2, 2, 3, 3), Tensor.ofLongs(s(4), 2, 1, 0, 1), f(s(4, 2), 1, 1, 2, 2, 3, 3, 4, 4)).get(0);
            // Paddle's documented example: overwrite -> [[3,3],[4,4],[1,1]], accumulate -> [[3,3],[6,6],[1,1]]
            eq(overwrite ? new float[] {3, 3, 4, 4, 1, 1} : new float[] {3, 3, 6, 6, 1, 1}, y);
        }
        TestProgram a = new TestProgram().f32("x", 6).var("idx", VarType.Type.INT64, 3, 1).f32("u", 3).f32("y", 6)
                .feed("x").feed("idx").feed("u").fetch("y");
        a.op("scatter_nd_add").in("X", "x").in("Index", "idx").in("Updates", "u").out("Out", "y").add();
        eq(new float[] {0, 41, 2, 23, 4, 5}, a.run(f(s(6), 0, 1, 2, 3, 4, 5), Tensor.ofLongs(s(3, 1), 1, 3, 1), f(s(3), 10, 20, 30)).get(0));
    }

    @Test
    void gatherNdIndexSelectUnstackWhereIndex() {
        TestProgram g = new TestProgram().f32("x", 2, 2).var("i", VarType.Type.INT64, 2, 2).f32("y", 2).feed("x").feed("i").fetch("y");
        g.op("gather_nd").in("X", "x").in("Index", "i").out("Out", "y").add();
        eq(new float[] {3, 2}, g.run(f(s(2, 2), 1, 2, 3, 4), Tensor.ofLongs(s(2, 2), 1, 0, 0, 1)).get(0));
        TestProgram is = new TestProgram().f32("x", 2, 3).var("i", VarType.Type.INT64, 2).f32("y", 2, 2).feed("x").feed("i").fetch("y");
        is.op("index_select").in("X", "x").in("Index", "i").out("Out", "y").i("dim", 1).add();
        eq(new float[] {3, 1, 6, 4}, is.run(X23, Tensor.ofLongs(s(2), 2, 0)).get(0));
        TestProgram u = new TestProgram().f32("x", 2, 3).f32("a", 3).f32("b", 3).feed("x").fetch("a").fetch("b");
        u.op("unstack").in("X", "x").out("Y", "a", "b").i("axis", 0).add();
        List<Tensor> parts = u.run(X23);
        eq(new float[] {1, 2, 3}, parts.get(0));
        eq(new float[] {4, 5, 6}, parts.get(1));
        TestProgram w = new TestProgram().var("c", VarType.Type.BOOL, 2, 2).var("y", VarType.Type.INT64, -1, 2).feed("c").fetch("y");
        w.op("where_index").in("Condition", "c").out("Out", "y").add();
        Tensor idx = w.run(Tensor.ofBooleans(s(2, 2), true, false, false, true)).get(0);
        assertArrayEquals(s(2, 2), idx.shape());
        assertArrayEquals(new long[] {0, 0, 1, 1}, idx.toLongArray());
    }

    @Test
    void layoutOps() {
        Tensor ps = unary("pixel_shuffle", f(s(1, 4, 1, 1), 1, 2, 3, 4), b -> b.i("upscale_factor", 2));
        assertArrayEquals(s(1, 1, 2, 2), ps.shape());
        eq(new float[] {1, 2, 3, 4}, ps);
        Tensor sd = unary("space_to_depth", f(s(1, 1, 2, 2), 1, 2, 3, 4), b -> b.i("blocksize", 2));
        assertArrayEquals(s(1, 4, 1, 1), sd.shape());
        eq(new float[] {1, 2, 3, 4}, sd);
        assertArrayEquals(s(3, 2), unary("reshape", X23, b -> b.ints("shape", 3, 2)).shape());
        eq(new float[] {1, 4, 2, 5, 3, 6}, unary("transpose", X23, b -> b.ints("axis", 1, 0)));
        assertArrayEquals(s(2, 3), unary("squeeze", f(s(2, 1, 3), 1, 2, 3, 4, 5, 6), b -> b.ints("axes", 1)).shape());
        assertArrayEquals(s(1, 2, 3), unary("unsqueeze", X23, b -> b.ints("axes", 0)).shape());
        Tensor x232 = f(s(2, 3, 2), new float[12]);
        assertArrayEquals(s(2, 6), unary("flatten", x232, b -> b.i("axis", 1)).shape());
        assertArrayEquals(s(6, 2), unary("flatten2", x232, b -> b.i("axis", 2)).shape());
        TestProgram ss = new TestProgram().f32("x", 6).f32("y", 3).feed("x").fetch("y");
        ss.op("strided_slice").in("Input", "x").out("Out", "y").ints("axes", 0).ints("starts", 1).ints("ends", 6).ints("strides", 2).add();
        eq(new float[] {1, 3, 5}, ss.run(f(s(6), 0, 1, 2, 3, 4, 5)).get(0));
        TestProgram sh = new TestProgram().f32("x", 2, 3).var("s", VarType.Type.INT32, 2).var("n", VarType.Type.INT64, 1)
                .feed("x").fetch("s").fetch("n");
        sh.op("shape").in("Input", "x").out("Out", "s").add();
        sh.op("size").in("Input", "x").out("Out", "n").add();
        List<Tensor> r = sh.run(X23);
        assertEquals(dev.modelx.graph.DataType.INT32, r.get(0).type());
        assertArrayEquals(new long[] {2, 3}, r.get(0).toLongArray());
        assertEquals(6, r.get(1).getLong(0));
    }

    @Test
    void cumsumOneHotAndEmbeddings() {
        eq(new float[] {1, 3, 6, 4, 9, 15}, unary("cumsum", X23, b -> b.i("axis", 1)));
        eq(new float[] {5, 3, 0, 11, 6, 0}, unary("cumsum", X23, b -> b.i("axis", 1).b("exclusive", true).b("reverse", true)));
        eq(new float[] {1, 3, 6, 10, 15, 21}, unary("cumsum", X23, b -> b.b("flatten", true)));
        eq(new float[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, unary("one_hot_v2", Tensor.ofLongs(s(3), 0, 2, 1), b -> b.i("depth", 3).i("dtype", 5)));
        TestProgram e = new TestProgram().f32("w", 3, 2).var("ids", VarType.Type.INT64, 3).f32("y", 3, 2).feed("w").feed("ids").fetch("y");
        e.op("lookup_table_v2").in("W", "w").in("Ids", "ids").out("Out", "y").l("padding_idx", 0).add();
        Tensor w = f(s(3, 2), 1, 2, 3, 4, 5, 6);
        eq(new float[] {5, 6, 0, 0, 3, 4}, e.run(w, Tensor.ofLongs(s(3), 2, 0, 1)).get(0));
        TestProgram v1 = new TestProgram().f32("w", 3, 2).var("ids", VarType.Type.INT64, 2, 1).f32("y", 2, 2).feed("w").feed("ids").fetch("y");
        v1.op("lookup_table").in("W", "w").in("Ids", "ids").out("Out", "y").l("padding_idx", -1).add();
        eq(new float[] {3, 4, 5, 6}, v1.run(w, Tensor.ofLongs(s(2, 1), 1, 2)).get(0));
    }

    @Test
    void sortingAndSelection() {
        Tensor x = f(s(2, 3), 1, 5, 2, 7, 0, 3.6f);
        assertArrayEquals(new long[] {0, 1}, unary("arg_min", x, VarType.Type.INT64, b -> b.l("axis", 1)).toLongArray());
        for (boolean desc : new boolean[] {false, true}) {
            TestProgram p = new TestProgram().f32("x", 4).f32("v", 4).var("i", VarType.Type.INT64, 4).feed("x").fetch("v").fetch("i");
            p.op("argsort").in("X", "x").out("Out", "v").out("Indices", "i").i("axis", -1).b("descending", desc).add();
            List<Tensor> r = p.run(f(s(4), 3, 1, 2, 0));
            eq(desc ? new float[] {3, 2, 1, 0} : new float[] {0, 1, 2, 3}, r.get(0));
            assertArrayEquals(desc ? new long[] {0, 2, 1, 3} : new long[] {3, 1, 2, 0}, r.get(1).toLongArray());
        }
        TestProgram t = new TestProgram().f32("x", 2, 3).f32("v", 2, 2).var("i", VarType.Type.INT64, 2, 2).feed("x").fetch("v").fetch("i");
        t.op("top_k").in("X", "x").out("Out", "v").out("Indices", "i").i("k", 2).add();
        List<Tensor> r = t.run(x);
        eq(new float[] {5, 2, 7, 3.6f}, r.get(0));
        assertArrayEquals(new long[] {1, 2, 0, 2}, r.get(1).toLongArray());
    }

    @Test
    void productsAndSums() {
        TestProgram b = new TestProgram().f32("a", 1, 2, 2).f32("b", 1, 2, 1).f32("y", 1, 2, 1).feed("a").feed("b").fetch("y");
        b.op("bmm").in("X", "a").in("Y", "b").out("Out", "y").add();
        eq(new float[] {5, 11}, b.run(f(s(1, 2, 2), 1, 2, 3, 4), f(s(1, 2, 1), 1, 2)).get(0));
        TestProgram d = new TestProgram().f32("a", 2, 3).f32("b", 2, 3).f32("y", 2).feed("a").feed("b").fetch("y");
        d.op("dot").in("X", "a").in("Y", "b").out("Out", "y").add();
        eq(new float[] {6, 15}, d.run(X23, f(s(2, 3), 1, 1, 1, 1, 1, 1)).get(0));
        TestProgram fc = new TestProgram().f32("x", 2, 3).f32("w", 3, 2).f32("bias", 2).f32("y", 2, 2).feed("x").feed("w").feed("bias").fetch("y");
        fc.op("fc").in("Input", "x").in("W", "w").in("Bias", "bias").out("Out", "y").i("in_num_col_dims", 1).s("activation_type", "relu").add();
        // x . w = [[1-3, 2+3], [4-6, 5+6]] + [0, -10] then relu
        eq(new float[] {0, 0, 0, 1}, fc.run(X23, f(s(3, 2), 1, 0, 0, 1, -1, 1), f(s(2), 0, -10)).get(0));
        TestProgram m = new TestProgram().f32("x", 4).f32("y", 1).feed("x").fetch("y");
        m.op("mean").in("X", "x").out("Out", "y").add();
        Tensor mean = m.run(f(s(4), 1, 2, 3, 6)).get(0);
        assertArrayEquals(s(1), mean.shape());
        eq(new float[] {3}, mean);
        TestProgram su = new TestProgram().f32("a", 2).f32("b", 2).f32("c", 2).f32("y", 2).feed("a").feed("b").feed("c").fetch("y");
        su.op("sum").in("X", "a", "b", "c").out("Out", "y").add();
        eq(new float[] {111, 222}, su.run(f(s(2), 1, 2), f(s(2), 10, 20), f(s(2), 100, 200)).get(0));
    }

    @Test
    void reductionsAndNorms() {
        eq(new float[] {2.5f, 3.5f, 4.5f}, unary("reduce_mean", X23, b -> b.ints("dim", 0)));
        eq(new float[] {1, 4}, unary("reduce_min", X23, b -> b.ints("dim", 1)));
        eq(new float[] {720}, unary("reduce_prod", X23, b -> b.b("reduce_all", true)));
        Tensor bools = Tensor.ofBooleans(s(2, 2), true, false, true, true);
        assertArrayEquals(new long[] {1, 0}, unary("reduce_all", bools, VarType.Type.BOOL, b -> b.ints("dim", 0)).toLongArray());
        assertArrayEquals(new long[] {1, 1}, unary("reduce_any", bools, VarType.Type.BOOL, b -> b.ints("dim", 1)).toLongArray());
        Tensor lse = unary("logsumexp", f(s(2, 2), 0, 0, 1, 2), b -> b.ints("axis", 1));
        eq(new float[] {(float) Math.log(2), (float) Math.log(Math.E + Math.exp(2))}, lse);
        Tensor x = f(s(2, 2), 3, -4, 1, 2);
        eq(new float[] {5, (float) Math.sqrt(5)}, unary("p_norm", x, b -> b.f("porder", 2).i("axis", 1)));
        eq(new float[] {(float) Math.cbrt(91), (float) Math.cbrt(9)}, unary("p_norm", x, b -> b.f("porder", 3).i("axis", 1)));
        eq(new float[] {4, 2}, unary("p_norm", x, b -> b.f("porder", Double.POSITIVE_INFINITY).i("axis", 1)));
        eq(new float[] {0.6f, -0.8f, (float) (1 / Math.sqrt(5)), (float) (2 / Math.sqrt(5))}, unary("norm", x, b -> b.i("axis", 1).f("epsilon", 0)));
        Tensor ls = unary("log_softmax", f(s(2), 0, 0), b -> b.i("axis", -1));
        eq(new float[] {(float) -Math.log(2), (float) -Math.log(2)}, ls);
    }

    @Test
    void logicalAndFloatClassification() {
        Tensor a = Tensor.ofBooleans(s(4), true, true, false, false), bb = Tensor.ofBooleans(s(4), true, false, true, false);
        String[][] ops = {{"logical_and", "1,0,0,0"}, {"logical_or", "1,1,1,0"}, {"logical_xor", "0,1,1,0"}};
        for (String[] o : ops) {
            TestProgram p = new TestProgram().var("x", VarType.Type.BOOL, 4).var("y", VarType.Type.BOOL, 4).var("z", VarType.Type.BOOL, 4)
                    .feed("x").feed("y").fetch("z");
            p.op(o[0]).in("X", "x").in("Y", "y").out("Out", "z").add();
            long[] got = p.run(a, bb).get(0).toLongArray();
            String[] w = o[1].split(",");
            for (int i = 0; i < 4; i++) {
                assertEquals(Long.parseLong(w[i]), got[i], o[0]);
            }
        }
        Tensor x = f(s(4), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1);
        assertArrayEquals(new long[] {0, 0, 0, 1}, unary("isfinite_v2", x, VarType.Type.BOOL, b -> { }).toLongArray());
        assertArrayEquals(new long[] {1, 1, 0, 0}, unary("isinf_v2", x, VarType.Type.BOOL, b -> { }).toLongArray());
        assertArrayEquals(new long[] {0, 0, 1, 0}, unary("isnan_v2", x, VarType.Type.BOOL, b -> { }).toLongArray());
    }

    @Test
    void creationOps() {
        TestProgram r = new TestProgram().var("s", VarType.Type.INT64, 1).var("e", VarType.Type.INT64, 1).var("st", VarType.Type.INT64, 1)
                .var("y", VarType.Type.INT64, -1).feed("s").feed("e").feed("st").fetch("y");
        r.op("range").in("Start", "s").in("End", "e").in("Step", "st").out("Out", "y").add();
        assertArrayEquals(new long[] {2, 5, 8}, r.run(Tensor.ofLongs(s(1), 2), Tensor.ofLongs(s(1), 10), Tensor.ofLongs(s(1), 3)).get(0).toLongArray());
        TestProgram l = new TestProgram().f32("a", 1).f32("b", 1).var("n", VarType.Type.INT32, 1).f32("y", -1).feed("a").feed("b").feed("n").fetch("y");
        l.op("linspace").in("Start", "a").in("Stop", "b").in("Num", "n").out("Out", "y").i("dtype", 5).add();
        eq(new float[] {0, 0.25f, 0.5f, 0.75f, 1}, l.run(f(s(1), 0), f(s(1), 1), Tensor.ofInts(s(1), 5)).get(0));
        TestProgram av = new TestProgram().f32("y", 2).f32("x", 3, 2).f32("like", 3, 2).f32("zl", 3, 2).f32("zl2", 3, 2).f32("bs", 3, 4)
                .feed("x").fetch("y").fetch("like").fetch("zl").fetch("zl2").fetch("bs");
        av.op("assign_value").out("Out", "y").ints("shape", 2).i("dtype", 5).floats("fp32_values", 1.5, -2).add();
        av.op("fill_any_like").in("X", "x").out("Out", "like").f("value", 3).i("dtype", -1).add();
        av.op("fill_zeros_like").in("X", "x").out("Out", "zl").add();
        av.op("fill_zeros_like2").in("X", "x").out("Out", "zl2").add();
        av.op("fill_constant_batch_size_like").in("Input", "x").out("Out", "bs").ints("shape", -1, 4).i("input_dim_idx", 0)
                .i("output_dim_idx", 0).f("value", 7).i("dtype", 5).add();
        List<Tensor> out = av.run(f(s(3, 2), new float[6]));
        eq(new float[] {1.5f, -2}, out.get(0));
        eq(new float[] {3, 3, 3, 3, 3, 3}, out.get(1));
        eq(new float[6], out.get(2));
        eq(new float[6], out.get(3));
        assertArrayEquals(s(3, 4), out.get(4).shape());
        assertEquals(7, out.get(4).getDouble(11));
    }
}
