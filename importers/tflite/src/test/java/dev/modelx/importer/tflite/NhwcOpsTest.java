package dev.modelx.importer.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.ToIntFunction;

import static dev.modelx.importer.tflite.OpTestSupport.assertClose;
import static dev.modelx.importer.tflite.OpTestSupport.f;
import static dev.modelx.importer.tflite.OpTestSupport.run;
import static dev.modelx.importer.tflite.OpTestSupport.s;
import static dev.modelx.importer.tflite.TfLiteBuilder.FLOAT32;
import static dev.modelx.importer.tflite.TfLiteBuilder.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Convolutions and pools on NHWC data, checked against direct NHWC loops with TFLite's padding rule. */
class NhwcOpsTest {

    private static float[] seq(int n, float scale, float offset) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(i * 0.7 + offset) * scale;
        }
        return v;
    }

    /** padding, stride_w, stride_h, activation [, depth_multiplier at slot 3 for depthwise]. */
    private static ToIntFunction<FlatBufferBuilder> convOptions(int padding, int sw, int sh, int act, int actSlot, int mult) {
        return fbb -> {
            fbb.startTable(7);
            fbb.addByte(0, (byte) padding, -1);
            fbb.addInt(1, sw, -1);
            fbb.addInt(2, sh, -1);
            if (mult > 0) {
                fbb.addInt(3, mult, -1);
            }
            fbb.addByte(actSlot, (byte) act, -1);
            return fbb.endTable();
        };
    }

    /** Reference NHWC convolution; filter [O, KH, KW, I] (depthwise: [1, KH, KW, C*M]). */
    private static float[] conv(float[] x, int n, int h, int w, int c, float[] filt, int o, int kh, int kw, float[] bias,
            int sh, int sw, boolean same, boolean depthwise, int[] outHw) {
        int oh = same ? (h + sh - 1) / sh : (h - kh + sh) / sh;
        int ow = same ? (w + sw - 1) / sw : (w - kw + sw) / sw;
        int padT = same ? Math.max((oh - 1) * sh + kh - h, 0) / 2 : 0;
        int padL = same ? Math.max((ow - 1) * sw + kw - w, 0) / 2 : 0;
        outHw[0] = oh;
        outHw[1] = ow;
        float[] y = new float[n * oh * ow * o];
        int mult = depthwise ? o / c : 1;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int oc = 0; oc < o; oc++) {
                        double acc = bias[oc];
                        for (int di = 0; di < kh; di++) {
                            for (int dj = 0; dj < kw; dj++) {
                                int yy = i * sh + di - padT;
                                int xx = j * sw + dj - padL;
                                if (yy < 0 || yy >= h || xx < 0 || xx >= w) {
                                    continue;
                                }
                                if (depthwise) {
                                    int ic = oc / mult;
                                    acc += x[((b * h + yy) * w + xx) * c + ic] * filt[(di * kw + dj) * o + oc];
                                } else {
                                    for (int ic = 0; ic < c; ic++) {
                                        acc += x[((b * h + yy) * w + xx) * c + ic] * filt[((oc * kh + di) * kw + dj) * c + ic];
                                    }
                                }
                            }
                        }
                        y[((b * oh + i) * ow + j) * o + oc] = (float) acc;
                    }
                }
            }
        }
        return y;
    }

    @Test
    @Covers({"CONV_2D"})
    void conv2dSameStride2WithBiasAndRelu() {
        int h = 5;
        int w = 6;
        int c = 3;
        int o = 4;
        float[] x = seq(h * w * c, 1f, 0);
        float[] filt = seq(o * 3 * 3 * c, 0.5f, 1);
        float[] bias = {0.1f, -0.2f, 0.3f, 0f};
        int[] hw = new int[2];
        float[] want = conv(x, 1, h, w, c, filt, o, 3, 3, bias, 2, 2, true, false, hw);
        for (int i = 0; i < want.length; i++) {
            want[i] = Math.max(want[i], 0);
        }
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int xi = g.tensor("x", FLOAT32, 1, h, w, c);
        int fi = g.floats("w", shape(o, 3, 3, c), filt);
        int bi = g.floats("b", shape(o), bias);
        int yi = g.tensor("y", FLOAT32, 1, hw[0], hw[1], o);
        g.op("CONV_2D", new int[] {xi, fi, bi}, new int[] {yi}, 1, convOptions(0, 2, 2, 1, 3, 0)).io(new int[] {xi}, new int[] {yi});
        Tensor y = run(b.build(), "x", f(s(1, h, w, c), x)).get("y");
        assertArrayEquals(new long[] {1, hw[0], hw[1], o}, y.shape());
        assertClose(want, y, 1e-5f);
    }

    @Test
    @Covers({"DEPTHWISE_CONV_2D"})
    void depthwiseConvValidMultiplier2() {
        int h = 4;
        int w = 4;
        int c = 2;
        int o = 4;
        float[] x = seq(h * w * c, 1f, 0.3f);
        float[] filt = seq(2 * 2 * o, 1f, 2);
        float[] bias = {0, 1, 0, -1};
        int[] hw = new int[2];
        float[] want = conv(x, 1, h, w, c, filt, o, 2, 2, bias, 1, 1, false, true, hw);
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int xi = g.tensor("x", FLOAT32, 1, h, w, c);
        int fi = g.floats("w", shape(1, 2, 2, o), filt);
        int bi = g.floats("b", shape(o), bias);
        int yi = g.tensor("y", FLOAT32, 1, hw[0], hw[1], o);
        g.op("DEPTHWISE_CONV_2D", new int[] {xi, fi, bi}, new int[] {yi}, 2, convOptions(1, 1, 1, 0, 4, 2)).io(new int[] {xi}, new int[] {yi});
        assertClose(want, run(b.build(), "x", f(s(1, h, w, c), x)).get("y"), 1e-5f);
    }

    private static Tensor pool(String op, int padding, int k, int stride, float[] x, int h, int w, int oh, int ow) {
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int xi = g.tensor("x", FLOAT32, 1, h, w, 1);
        int yi = g.tensor("y", FLOAT32, 1, oh, ow, 1);
        g.op(op, new int[] {xi}, new int[] {yi}, 5, fbb -> {
            fbb.startTable(6);
            fbb.addByte(0, (byte) padding, -1);
            fbb.addInt(1, stride, -1);
            fbb.addInt(2, stride, -1);
            fbb.addInt(3, k, -1);
            fbb.addInt(4, k, -1);
            return fbb.endTable();
        }).io(new int[] {xi}, new int[] {yi});
        return run(b.build(), "x", f(s(1, h, w, 1), x)).get("y");
    }

    @Test
    @Covers({"AVERAGE_POOL_2D"})
    void averagePoolSameExcludesPadding() {
        // 3x3 input, 2x2 window, stride 2, SAME: output 2x2, padding only after (bottom/right).
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertClose(new float[] {3, 4.5f, 7.5f, 9}, pool("AVERAGE_POOL_2D", 0, 2, 2, x, 3, 3, 2, 2), 1e-6f);
    }

    @Test
    @Covers({"MAX_POOL_2D"})
    void maxPoolValid() {
        float[] x = {1, 9, 3, 4, 5, 6, 7, 8, 2};
        assertClose(new float[] {9, 9, 8, 8}, pool("MAX_POOL_2D", 1, 2, 1, x, 3, 3, 2, 2), 0);
    }

    @Test
    @Covers({"FULLY_CONNECTED"})
    void fullyConnectedKeepsNumDimsAndAddsBias() {
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int xi = g.tensor("x", FLOAT32, 1, 2, 3);
        int wi = g.floats("w", shape(2, 3), 1, 0, -1, 2, 1, 0);
        int bi = g.floats("b", shape(2), 0.5f, -0.5f);
        int yi = g.tensor("y", FLOAT32, 1, 2, 2);
        g.op("FULLY_CONNECTED", new int[] {xi, wi, bi}, new int[] {yi}, 8, fbb -> {
            fbb.startTable(3);
            fbb.addBoolean(2, true, false);
            return fbb.endTable();
        }).io(new int[] {xi}, new int[] {yi});
        Tensor y = run(b.build(), "x", f(s(1, 2, 3), 1, 2, 3, 4, 5, 6)).get("y");
        assertArrayEquals(new long[] {1, 2, 2}, y.shape());
        assertClose(new float[] {1 - 3 + 0.5f, 2 + 2 - 0.5f, 4 - 6 + 0.5f, 8 + 5 - 0.5f}, y, 1e-6f);
    }

    @Test
    @Covers({"BATCH_MATMUL"})
    void batchMatMulWithAdjoint() {
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int ai = g.tensor("a", FLOAT32, 1, 2, 2);
        int bi = g.tensor("b", FLOAT32, 1, 2, 2);
        int yi = g.tensor("y", FLOAT32, 1, 2, 2);
        g.op("BATCH_MATMUL", new int[] {ai, bi}, new int[] {yi}, 101, TfLiteBuilder.byteOptions(1, 1)).io(new int[] {ai, bi}, new int[] {yi});
        // a @ b^T with a = [[1,2],[3,4]], b = [[5,6],[7,8]]
        Tensor y = run(b.build(), "a", f(s(1, 2, 2), 1, 2, 3, 4), "b", f(s(1, 2, 2), 5, 6, 7, 8)).get("y");
        assertClose(new float[] {17, 23, 39, 53}, y, 0);
    }

    @Test
    @Covers({"RESIZE_BILINEAR"})
    void resizeBilinearAlignCorners() {
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int xi = g.tensor("x", FLOAT32, 1, 2, 2, 1);
        int si = g.ints("size", shape(2), 3, 3);
        int yi = g.tensor("y", FLOAT32, 1, 3, 3, 1);
        g.op("RESIZE_BILINEAR", new int[] {xi, si}, new int[] {yi}, 15, TfLiteBuilder.byteOptions(2, 1)).io(new int[] {xi}, new int[] {yi});
        Tensor y = run(b.build(), "x", f(s(1, 2, 2, 1), 0, 2, 4, 6)).get("y");
        assertClose(new float[] {0, 1, 2, 2, 3, 4, 4, 5, 6}, y, 1e-6f);
    }
}
