package dev.modelx.importer.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.ToIntFunction;

import static dev.modelx.importer.tflite.OpTestSupport.assertClose;
import static dev.modelx.importer.tflite.OpTestSupport.f;
import static dev.modelx.importer.tflite.OpTestSupport.s;
import static dev.modelx.importer.tflite.TfLiteBuilder.FLOAT32;
import static dev.modelx.importer.tflite.TfLiteBuilder.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** NHWC image builtins beyond conv/pool: transposed conv, block moves, resize, normalisations, L2 pool. */
class ImageOpsTest {

    private static float[] iota(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    /**
     * TFLite's reference TransposeConv: every input pixel scatters input * filter[oc][fy][fx][ic] onto output
     * (iy * stride - pad + fy, ix * stride - pad + fx); contributions outside the output are dropped.
     */
    private static float[] transposeConv(float[] x, int h, int w, int c, float[] filt, int o, int k, int stride, int pad,
            int oh, int ow, float[] bias) {
        float[] y = new float[oh * ow * o];
        for (int i = 0; i < y.length; i++) {
            y[i] = bias[i % o];
        }
        for (int iy = 0; iy < h; iy++) {
            for (int ix = 0; ix < w; ix++) {
                for (int fy = 0; fy < k; fy++) {
                    for (int fx = 0; fx < k; fx++) {
                        int oy = iy * stride - pad + fy;
                        int ox = ix * stride - pad + fx;
                        if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) {
                            continue;
                        }
                        for (int oc = 0; oc < o; oc++) {
                            for (int ic = 0; ic < c; ic++) {
                                y[(oy * ow + ox) * o + oc] += x[(iy * w + ix) * c + ic] * filt[((oc * k + fy) * k + fx) * c + ic];
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    private static ToIntFunction<FlatBufferBuilder> transposeConvOptions(int padding, int stride) {
        return fbb -> {
            fbb.startTable(4);
            fbb.addByte(0, (byte) padding, -1);
            fbb.addInt(1, stride, -1);
            fbb.addInt(2, stride, -1);
            return fbb.endTable();
        };
    }

    @Test
    @Covers({"TRANSPOSE_CONV"})
    void transposeConvSameAndValidWithBias() {
        float[] x = {1, -2, 3, 0.5f, 2, 1, -1, 4};
        float[] filt = new float[2 * 3 * 3 * 2];
        for (int i = 0; i < filt.length; i++) {
            filt[i] = (float) Math.sin(i * 0.9) ;
        }
        float[] bias = {0.5f, -1};
        // SAME, stride 2, output 4x4: total padding (2-1)*2+3-4 = 1, so 0 before (the odd one after).
        float[] same = transposeConv(x, 2, 2, 2, filt, 2, 3, 2, 0, 4, 4, bias);
        Tensor y = OneOp.of("TRANSPOSE_CONV").options(49, transposeConvOptions(0, 2)).constInts(shape(4), 1, 4, 4, 2)
                .constFloats(shape(2, 3, 3, 2), filt).in(f(s(1, 2, 2, 2), x)).constFloats(shape(2), bias).out(FLOAT32, 1, 4, 4, 2).run();
        assertArrayEquals(new long[] {1, 4, 4, 2}, y.shape());
        assertClose(same, y, 1e-5f);
        // VALID, stride 2: output (2-1)*2+3 = 5.
        float[] valid = transposeConv(x, 2, 2, 2, filt, 2, 3, 2, 0, 5, 5, new float[2]);
        Tensor v = OneOp.of("TRANSPOSE_CONV").options(49, transposeConvOptions(1, 2)).constInts(shape(4), 1, 5, 5, 2)
                .constFloats(shape(2, 3, 3, 2), filt).in(f(s(1, 2, 2, 2), x)).out(FLOAT32, 1, 5, 5, 2).run();
        assertClose(valid, v, 1e-5f);
    }

    @Test
    @Covers({"SPACE_TO_DEPTH", "DEPTH_TO_SPACE"})
    void spaceToDepthAndBack() {
        // out[oh][ow][i*2 + j] = x[2*oh + i][2*ow + j] for x[h][w] = 4h + w.
        float[] blocks = {0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15};
        Tensor s2d = OneOp.of("SPACE_TO_DEPTH").options(19, TfLiteBuilder.intOptions(0, 2)).in(f(s(1, 4, 4, 1), iota(16)))
                .out(FLOAT32, 1, 2, 2, 4).run();
        assertArrayEquals(new long[] {1, 2, 2, 4}, s2d.shape());
        assertClose(blocks, s2d, 0);
        Tensor d2s = OneOp.of("DEPTH_TO_SPACE").options(94, TfLiteBuilder.intOptions(0, 2)).in(f(s(1, 2, 2, 4), blocks))
                .out(FLOAT32, 1, 4, 4, 1).run();
        assertClose(iota(16), d2s, 0);
    }

    /** TFLite's nearest-neighbour source index (reference_ops GetNearestNeighbor). */
    private static int nearest(int out, int inSize, int outSize, boolean alignCorners, boolean halfPixel) {
        float scale = alignCorners && outSize > 1 ? (inSize - 1) / (float) (outSize - 1) : inSize / (float) outSize;
        float offset = halfPixel ? 0.5f : 0f;
        int v = Math.min(alignCorners ? Math.round((out + offset) * scale) : (int) Math.floor((out + offset) * scale), inSize - 1);
        return halfPixel ? Math.max(0, v) : v;
    }

    @Test
    @Covers({"RESIZE_NEAREST_NEIGHBOR"})
    void resizeNearestInAllThreeCoordinateModes() {
        float[] x = {1, 2, 3, 4, 5, 6};
        int oh = 4;
        int ow = 5;
        for (int mode = 0; mode < 3; mode++) {
            boolean align = mode == 1;
            boolean half = mode == 2;
            float[] want = new float[oh * ow];
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    want[i * ow + j] = x[nearest(i, 2, oh, align, half) * 3 + nearest(j, 3, ow, align, half)];
                }
            }
            Tensor y = OneOp.of("RESIZE_NEAREST_NEIGHBOR").options(74, TfLiteBuilder.byteOptions(0, align ? 1 : 0, 1, half ? 1 : 0))
                    .in(f(s(1, 2, 3, 1), x)).constInts(shape(2), oh, ow).out(FLOAT32, 1, oh, ow, 1).run();
            assertClose(want, y, 0);
        }
    }

    @Test
    @Covers({"LOCAL_RESPONSE_NORMALIZATION"})
    void lrnDividesByTheWindowSumOfSquares() {
        float[] x = {1, 2, 3, 4, 5};
        int radius = 1;
        float bias = 1;
        float alpha = 0.5f;
        float beta = 0.75f;
        float[] want = new float[5];
        for (int c = 0; c < 5; c++) {
            double sum = 0;
            for (int k = Math.max(0, c - radius); k <= Math.min(4, c + radius); k++) {
                sum += x[k] * x[k];
            }
            want[c] = (float) (x[c] / Math.pow(bias + alpha * sum, beta));
        }
        Tensor y = OneOp.of("LOCAL_RESPONSE_NORMALIZATION").options(13, fbb -> {
            fbb.startTable(4);
            fbb.addInt(0, radius, -1);
            fbb.addFloat(1, bias, -1);
            fbb.addFloat(2, alpha, -1);
            fbb.addFloat(3, beta, -1);
            return fbb.endTable();
        }).in(f(s(1, 1, 1, 5), x)).out(FLOAT32, 1, 1, 1, 5).run();
        assertClose(want, y, 1e-6f);
    }

    @Test
    @Covers({"L2_NORMALIZATION"})
    void l2NormalizationKeepsAZeroVectorZero() {
        Tensor y = OneOp.of("L2_NORMALIZATION").in(f(s(2, 3), 3, 4, 0, 0, 0, 0)).out(FLOAT32, 2, 3).run();
        assertClose(new float[] {0.6f, 0.8f, 0, 0, 0, 0}, y, 1e-7f);
    }

    private static ToIntFunction<FlatBufferBuilder> poolOptions(int padding, int k, int stride) {
        return fbb -> {
            fbb.startTable(6);
            fbb.addByte(0, (byte) padding, -1);
            fbb.addInt(1, stride, -1);
            fbb.addInt(2, stride, -1);
            fbb.addInt(3, k, -1);
            fbb.addInt(4, k, -1);
            return fbb.endTable();
        };
    }

    @Test
    @Covers({"L2_POOL_2D"})
    void l2PoolIsTheRootMeanSquareOverValidElements() {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        Tensor valid = OneOp.of("L2_POOL_2D").options(5, poolOptions(1, 2, 1)).in(f(s(1, 3, 3, 1), x)).out(FLOAT32, 1, 2, 2, 1).run();
        assertClose(new float[] {(float) Math.sqrt(11.5), (float) Math.sqrt(18.5), (float) Math.sqrt(38.5), (float) Math.sqrt(51.5)},
                valid, 1e-5f);
        // SAME, stride 2: the windows at the right/bottom edge hold 2, 2 and 1 elements.
        Tensor same = OneOp.of("L2_POOL_2D").options(5, poolOptions(0, 2, 2)).in(f(s(1, 3, 3, 1), x)).out(FLOAT32, 1, 2, 2, 1).run();
        assertClose(new float[] {(float) Math.sqrt(11.5), (float) Math.sqrt(22.5), (float) Math.sqrt(56.5), 9}, same, 1e-5f);
    }

    @Test
    @Covers({"SPACE_TO_BATCH_ND", "BATCH_TO_SPACE_ND"})
    void spaceToBatchAndBackWithPaddingAndCrops() {
        // batch k = i*2 + j holds x[2*oh + i][2*ow + j].
        float[] batches = {0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15};
        Tensor s2b = OneOp.of("SPACE_TO_BATCH_ND").in(f(s(1, 4, 4, 1), iota(16))).constInts(shape(2), 2, 2)
                .constInts(shape(2, 2), 0, 0, 0, 0).out(FLOAT32, 4, 2, 2, 1).run();
        assertArrayEquals(new long[] {4, 2, 2, 1}, s2b.shape());
        assertClose(batches, s2b, 0);
        Tensor b2s = OneOp.of("BATCH_TO_SPACE_ND").in(f(s(4, 2, 2, 1), batches)).constInts(shape(2), 2, 2)
                .constInts(shape(2, 2), 0, 0, 0, 0).out(FLOAT32, 1, 4, 4, 1).run();
        assertClose(iota(16), b2s, 0);
        // One column of padding on the left: padded rows [0,0,1,2] and [0,3,4,5].
        float[] padded = {0, 1, 0, 2, 0, 4, 3, 5};
        Tensor sp = OneOp.of("SPACE_TO_BATCH_ND").in(f(s(1, 2, 3, 1), iota(6))).constInts(shape(2), 2, 2)
                .constInts(shape(2, 2), 0, 0, 1, 0).out(FLOAT32, 4, 1, 2, 1).run();
        assertClose(padded, sp, 0);
        Tensor cropped = OneOp.of("BATCH_TO_SPACE_ND").in(f(s(4, 1, 2, 1), padded)).constInts(shape(2), 2, 2)
                .constInts(shape(2, 2), 0, 0, 1, 0).out(FLOAT32, 1, 2, 3, 1).run();
        assertArrayEquals(new long[] {1, 2, 3, 1}, cropped.shape());
        assertClose(iota(6), cropped, 0);
    }
}
