package dev.modelx.importer.paddle;

import dev.modelx.format.paddle.proto.PaddleProtos.VarType;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Convolution variants, normalisation, interpolation, padding, sampling and pooling against hand-computed values. */
class NnConvertersTest {

    static long[] s(long... d) {
        return d;
    }

    static Tensor f(long[] shape, float... v) {
        return Tensor.ofFloats(shape, v);
    }

    static void eq(float[] want, Tensor got) {
        assertArrayEquals(want, got.toFloatArray(), 1e-5f);
    }

    static Tensor conv(String type, Tensor x, Tensor w, Consumer<TestProgram.OpBuilder> attrs) {
        TestProgram p = new TestProgram().f32("x", x.shape()).f32("w", w.shape()).f32("y").feed("x").feed("w").fetch("y");
        TestProgram.OpBuilder b = p.op(type).in("Input", "x").in("Filter", "w").out("Output", "y");
        attrs.accept(b);
        b.add();
        return p.run(x, w).get(0);
    }

    @Test
    void convolutionVariants() {
        float[] ramp8 = {1, 2, 3, 4, 5, 6, 7, 8};
        float[] ones8 = {1, 1, 1, 1, 1, 1, 1, 1};
        Tensor c3 = conv("conv3d", f(s(1, 1, 2, 2, 2), ramp8), f(s(1, 1, 2, 2, 2), ones8),
                b -> b.ints("strides", 1, 1, 1).ints("paddings", 0, 0, 0).ints("dilations", 1, 1, 1).i("groups", 1));
        assertArrayEquals(s(1, 1, 1, 1, 1), c3.shape());
        eq(new float[] {36}, c3);
        Tensor dw = conv("depthwise_conv2d", f(s(1, 2, 1, 2), 1, 2, 3, 4), f(s(2, 1, 1, 1), 2, 3),
                b -> b.ints("strides", 1, 1).ints("paddings", 0, 0).i("groups", 2));
        eq(new float[] {2, 4, 9, 12}, dw);
        Tensor x = f(s(1, 1, 2, 2), 1, 2, 3, 4), k = f(s(1, 1, 2, 2), 1, 1, 1, 1);
        Tensor t1 = conv("conv2d_transpose", x, k, b -> b.ints("strides", 1, 1).ints("paddings", 0, 0).i("groups", 1));
        assertArrayEquals(s(1, 1, 3, 3), t1.shape());
        eq(new float[] {1, 3, 2, 4, 10, 6, 3, 7, 4}, t1);
        Tensor t2 = conv("conv2d_transpose", x, k, b -> b.ints("strides", 2, 2).ints("paddings", 0, 0).i("groups", 1));
        eq(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, t2);
        Tensor dt = conv("depthwise_conv2d_transpose", f(s(1, 2, 1, 1), 1, 2), f(s(2, 1, 2, 2), ones8),
                b -> b.ints("strides", 1, 1).ints("paddings", 0, 0).i("groups", 2));
        eq(new float[] {1, 1, 1, 1, 2, 2, 2, 2}, dt);
    }

    @Test
    void instanceGroupAndSyncBatchNorm() {
        TestProgram in = new TestProgram().f32("x", 1, 1, 2, 2).f32("sc", 1).f32("b", 1).f32("y", 1, 1, 2, 2).feed("x").feed("sc").feed("b").fetch("y");
        in.op("instance_norm").in("X", "x").in("Scale", "sc").in("Bias", "b").out("Y", "y").f("epsilon", 0).add();
        double sd = Math.sqrt(1.25);
        float[] want = new float[4];
        for (int i = 0; i < 4; i++) {
            want[i] = (float) ((i + 1 - 2.5) / sd * 2 + 1);
        }
        eq(want, in.run(f(s(1, 1, 2, 2), 1, 2, 3, 4), f(s(1), 2), f(s(1), 1)).get(0));
        TestProgram g = new TestProgram().f32("x", 1, 4, 1, 1).f32("sc", 4).f32("b", 4).f32("y", 1, 4, 1, 1).feed("x").feed("sc").feed("b").fetch("y");
        g.op("group_norm").in("X", "x").in("Scale", "sc").in("Bias", "b").out("Y", "y").i("groups", 2).f("epsilon", 0).add();
        // groups [1, 2] and [3, 4] each normalise to [-1, 1]; then scale [1, 1, 2, 2] and bias [0, 0, 0, 1]
        eq(new float[] {-1, 1, -2, 3}, g.run(f(s(1, 4, 1, 1), 1, 2, 3, 4), f(s(4), 1, 1, 2, 2), f(s(4), 0, 0, 0, 1)).get(0));
        TestProgram sb = new TestProgram().f32("x", 1, 2, 1, 1).f32("sc", 2).f32("b", 2).f32("m", 2).f32("v", 2).f32("y", 1, 2, 1, 1)
                .feed("x").feed("sc").feed("b").feed("m").feed("v").fetch("y");
        sb.op("sync_batch_norm").in("X", "x").in("Scale", "sc").in("Bias", "b").in("Mean", "m").in("Variance", "v").out("Y", "y")
                .f("epsilon", 0).add();
        eq(new float[] {3, 1}, sb.run(f(s(1, 2, 1, 1), 3, 5), f(s(2), 2, 1), f(s(2), 1, 0), f(s(2), 1, 1), f(s(2), 4, 16)).get(0));
    }

    static Tensor interp(String type, Tensor x, Consumer<TestProgram.OpBuilder> attrs) {
        TestProgram p = new TestProgram().f32("x", x.shape()).f32("y").feed("x").fetch("y");
        TestProgram.OpBuilder b = p.op(type).in("X", "x").out("Out", "y");
        attrs.accept(b);
        b.add();
        return p.run(x).get(0);
    }

    /** out[y][x] = 1 + cx[x] + 2 cy[y]: bilinear interpolation reproduces the linear input 1 + x + 2y exactly. */
    static float[] linearGrid(double[] c) {
        float[] out = new float[c.length * c.length];
        for (int y = 0; y < c.length; y++) {
            for (int x = 0; x < c.length; x++) {
                out[y * c.length + x] = (float) (1 + c[x] + 2 * c[y]);
            }
        }
        return out;
    }

    @Test
    void bilinearSourceCoordinates() {
        Tensor x = f(s(1, 1, 2, 2), 1, 2, 3, 4);
        eq(linearGrid(new double[] {0, 1 / 3.0, 2 / 3.0, 1}), interp("bilinear_interp_v2", x,
                b -> b.i("out_h", 4).i("out_w", 4).s("interp_method", "bilinear").b("align_corners", true)));
        // half-pixel (align_mode 0), clamped at the border
        eq(linearGrid(new double[] {0, 0.25, 0.75, 1}), interp("bilinear_interp_v2", x,
                b -> b.i("out_h", 4).i("out_w", 4).s("interp_method", "bilinear").b("align_corners", false).i("align_mode", 0)));
        // asymmetric (align_mode 1): src = dst / 2
        eq(linearGrid(new double[] {0, 0.5, 1, 1}), interp("bilinear_interp_v2", x,
                b -> b.i("out_h", 4).i("out_w", 4).s("interp_method", "bilinear").b("align_corners", false).i("align_mode", 1)));
        // legacy bilinear_interp defaults to align_corners
        eq(linearGrid(new double[] {0, 0.5, 1}), interp("bilinear_interp", x, b -> b.i("out_h", 3).i("out_w", 3)));
        eq(new float[] {1, 2, 3}, interp("linear_interp_v2", f(s(1, 1, 2), 1, 3),
                b -> b.i("out_w", 3).s("interp_method", "linear").b("align_corners", true)));
        eq(new float[] {1, 2, 3}, interp("linear_interp", f(s(1, 1, 2), 1, 3), b -> b.i("out_w", 3)));
        // nearest with align_corners rounds: ratio 1/2 -> rows/cols [0, 1, 1]
        eq(new float[] {1, 2, 2, 3, 4, 4, 3, 4, 4}, interp("nearest_interp", x, b -> b.i("out_h", 3).i("out_w", 3).b("align_corners", true)));
    }

    @Test
    void trilinearInterpolation() {
        float[] v = new float[8];
        for (int z = 0; z < 2; z++) {
            for (int y = 0; y < 2; y++) {
                for (int xx = 0; xx < 2; xx++) {
                    v[z * 4 + y * 2 + xx] = 1 + xx + 2 * y + 4 * z;
                }
            }
        }
        Tensor out = interp("trilinear_interp_v2", f(s(1, 1, 2, 2, 2), v),
                b -> b.i("out_d", 3).i("out_h", 3).i("out_w", 3).s("interp_method", "trilinear").b("align_corners", true));
        float[] want = new float[27];
        for (int z = 0; z < 3; z++) {
            for (int y = 0; y < 3; y++) {
                for (int xx = 0; xx < 3; xx++) {
                    want[z * 9 + y * 3 + xx] = (float) (1 + xx / 2.0 + y + 2 * z);
                }
            }
        }
        eq(want, out);
        // legacy trilinear_interp: align_corners by default
        eq(want, interp("trilinear_interp", f(s(1, 1, 2, 2, 2), v), b -> b.i("out_d", 3).i("out_h", 3).i("out_w", 3)));
    }

    static double cubic(double x0, double x1, double x2, double x3, double t) {
        double a = -0.75;
        double c0 = ((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a;
        double c1 = ((a + 2) * t - (a + 3)) * t * t + 1;
        double c2 = ((a + 2) * (1 - t) - (a + 3)) * (1 - t) * (1 - t) + 1;
        double c3 = 1 - c0 - c1 - c2;
        return x0 * c0 + x1 * c1 + x2 * c2 + x3 * c3;
    }

    /** Paddle's BicubicInterpolation: half-pixel source (align_mode is not consulted), neighbours clamped. */
    static float[] bicubicReference(float[] in, int n, int out, boolean alignCorners) {
        double ratio = alignCorners ? (n - 1.0) / (out - 1) : (double) n / out;
        float[] res = new float[out * out];
        for (int k = 0; k < out; k++) {
            double yn = alignCorners ? ratio * k : ratio * (k + 0.5) - 0.5;
            int iy = (int) Math.floor(yn);
            for (int l = 0; l < out; l++) {
                double xn = alignCorners ? ratio * l : ratio * (l + 0.5) - 0.5;
                int ix = (int) Math.floor(xn);
                double[] rows = new double[4];
                for (int ii = 0; ii < 4; ii++) {
                    int y = Math.max(Math.min(iy - 1 + ii, n - 1), 0);
                    double[] px = new double[4];
                    for (int jj = 0; jj < 4; jj++) {
                        px[jj] = in[y * n + Math.max(Math.min(ix - 1 + jj, n - 1), 0)];
                    }
                    rows[ii] = cubic(px[0], px[1], px[2], px[3], xn - ix);
                }
                res[k * out + l] = (float) cubic(rows[0], rows[1], rows[2], rows[3], yn - iy);
            }
        }
        return res;
    }

    @Test
    void bicubicMatchesPaddleKernel() {
        float[] in = {1, 4, 9, 2, 0, 5, 7, 3, 8};
        Tensor x = f(s(1, 1, 3, 3), in);
        eq(bicubicReference(in, 3, 5, false), interp("bicubic_interp_v2", x,
                b -> b.i("out_h", 5).i("out_w", 5).s("interp_method", "bicubic").b("align_corners", false).i("align_mode", 1)));
        eq(bicubicReference(in, 3, 5, true), interp("bicubic_interp", x,
                b -> b.i("out_h", 5).i("out_w", 5).s("interp_method", "bicubic").b("align_corners", true)));
    }

    @Test
    void paddingOps() {
        eq(new float[] {9, 1, 2, 9, 9}, interp("pad", f(s(2), 1, 2), b -> b.ints("paddings", 1, 2).f("pad_value", 9)));
        Tensor x = f(s(1, 1, 2, 2), 1, 2, 3, 4);
        Tensor c = interp("pad2d", x, b -> b.ints("paddings", 1, 0, 0, 1).s("mode", "constant").f("pad_value", 0));
        assertArrayEquals(s(1, 1, 3, 3), c.shape());
        eq(new float[] {0, 0, 0, 1, 2, 0, 3, 4, 0}, c);
        eq(new float[] {2, 1, 2, 1, 4, 3, 4, 3}, interp("pad2d", x, b -> b.ints("paddings", 0, 0, 1, 1).s("mode", "reflect")));
        eq(new float[] {1, 1, 2, 2, 3, 3, 4, 4}, interp("pad2d", x, b -> b.ints("paddings", 0, 0, 1, 1).s("mode", "edge")));
        Tensor p3 = interp("pad3d", f(s(1, 1, 1, 1, 2), 1, 2), b -> b.ints("paddings", 1, 0, 0, 0, 0, 1).s("mode", "constant").f("value", 5));
        assertArrayEquals(s(1, 1, 2, 1, 3), p3.shape());
        eq(new float[] {5, 1, 2, 5, 5, 5}, p3);
    }

    @Test
    void gridSamplerAffineChannelPreluLrn() {
        Tensor x = f(s(1, 1, 2, 2), 1, 2, 3, 4);
        Tensor grid = f(s(1, 1, 3, 2), 0, 0, -1, -1, 1, 1);
        for (boolean ac : new boolean[] {true, false}) {
            TestProgram p = new TestProgram().f32("x", 1, 1, 2, 2).f32("g", 1, 1, 3, 2).f32("y", 1, 1, 1, 3).feed("x").feed("g").fetch("y");
            p.op("grid_sampler").in("X", "x").in("Grid", "g").out("Output", "y").s("mode", "bilinear").s("padding_mode", "zeros")
                    .b("align_corners", ac).add();
            // corners at pixel centres (align_corners) or at pixel edges, where zero padding takes 3/4 of the weight
            eq(ac ? new float[] {2.5f, 1, 4} : new float[] {2.5f, 0.25f, 1}, p.run(x, grid).get(0));
        }
        TestProgram a = new TestProgram().f32("x", 1, 2, 1, 1).f32("sc", 2).f32("b", 2).f32("y", 1, 2, 1, 1).feed("x").feed("sc").feed("b").fetch("y");
        a.op("affine_channel").in("X", "x").in("Scale", "sc").in("Bias", "b").out("Out", "y").s("data_layout", "NCHW").add();
        eq(new float[] {3, 7}, a.run(f(s(1, 2, 1, 1), 1, 2), f(s(2), 2, 3), f(s(2), 1, 1)).get(0));
        Tensor px = f(s(1, 2, 1, 2), -1, 1, -2, 2);
        String[][] modes = {{"channel", "2"}, {"all", "1"}, {"element", "4"}};
        float[][] want = {{-0.1f, 1, -1, 2}, {-0.2f, 1, -0.4f, 2}, {-0.1f, 1, -0.6f, 2}};
        float[][] alphas = {{0.1f, 0.5f}, {0.2f}, {0.1f, 0.2f, 0.3f, 0.4f}};
        for (int i = 0; i < modes.length; i++) {
            long[] as = modes[i][0].equals("element") ? s(1, 2, 1, 2) : s(alphas[i].length);
            TestProgram p = new TestProgram().f32("x", 1, 2, 1, 2).f32("al", as).f32("y", 1, 2, 1, 2).feed("x").feed("al").fetch("y");
            p.op("prelu").in("X", "x").in("Alpha", "al").out("Out", "y").s("mode", modes[i][0]).add();
            eq(want[i], p.run(px, f(as, alphas[i])).get(0));
        }
        TestProgram l = new TestProgram().f32("x", 1, 3, 1, 1).f32("y", 1, 3, 1, 1).f32("mid", 1, 3, 1, 1).feed("x").fetch("y");
        l.op("lrn").in("X", "x").out("Out", "y").out("MidOut", "mid").i("n", 3).f("k", 1).f("alpha", 0.1).f("beta", 0.5).add();
        // Out = x / (k + alpha * sum of squares over the 3-channel window) ^ beta
        eq(new float[] {(float) (1 / Math.sqrt(1.5)), (float) (2 / Math.sqrt(2.4)), (float) (3 / Math.sqrt(2.3))},
                l.run(f(s(1, 3, 1, 1), 1, 2, 3)).get(0));
    }

    @Test
    void pool3dAndSequenceSoftmax() {
        Tensor x = f(s(1, 1, 2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8);
        eq(new float[] {8}, interp("pool3d", x, b -> b.s("pooling_type", "max").b("global_pooling", true).ints("ksize", 1, 1, 1)));
        eq(new float[] {4.5f}, interp("pool3d", x, b -> b.s("pooling_type", "avg").ints("ksize", 2, 2, 2).ints("strides", 1, 1, 1)
                .ints("paddings", 0, 0, 0)));
        TestProgram p = new TestProgram().var(0, "x", VarType.Type.FP32, 1, -1, 1).var(0, "y", VarType.Type.FP32, 1, -1, 1).feed("x").fetch("y");
        p.op("sequence_softmax").in("X", "x").out("Out", "y").add();
        List<Tensor> out = p.run(f(s(5, 1), 1, 2, 1, 2, 3), Tensor.ofLongs(s(3), 0, 2, 5));
        double a = Math.exp(1) + Math.exp(2), b = Math.exp(1) + Math.exp(2) + Math.exp(3);
        eq(new float[] {(float) (Math.exp(1) / a), (float) (Math.exp(2) / a), (float) (Math.exp(1) / b), (float) (Math.exp(2) / b),
            (float) (Math.exp(3) / b)}, out.get(0));
    }
}
