package dev.modelx.importer.paddle;

import dev.modelx.format.paddle.proto.PaddleProtos.VarType;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** prior_box, box_coder, yolo_box and multiclass_nms* against values worked out from Paddle's kernel definitions. */
class DetectionConvertersTest {

    static long[] s(long... d) {
        return d;
    }

    static float[] box(Tensor t, int at) {
        float[] a = t.toFloatArray();
        return new float[] {a[4 * at], a[4 * at + 1], a[4 * at + 2], a[4 * at + 3]};
    }

    static TestProgram priorProgram(boolean minMaxOrder, boolean clip) {
        TestProgram p = new TestProgram().f32("feat", 1, 1, 2, 2).f32("img", 1, 3, 8, 8).f32("boxes", 2, 2, 4, 4).f32("vars", 2, 2, 4, 4)
                .feed("feat").feed("img").fetch("boxes").fetch("vars");
        p.op("prior_box").in("Input", "feat").in("Image", "img").out("Boxes", "boxes").out("Variances", "vars")
                .floats("min_sizes", 4).floats("max_sizes", 8).floats("aspect_ratios", 2).b("flip", true).b("clip", clip)
                .floats("variances", 0.1, 0.1, 0.2, 0.2).f("offset", 0.5).f("step_w", 0).f("step_h", 0)
                .b("min_max_aspect_ratios_order", minMaxOrder).add();
        return p;
    }

    @Test
    void priorBoxCentresSizesAndOrder() {
        // 2x2 feature map over an 8x8 image: step 4, centres 2 and 6; ratios [1, 2, 1/2] then the max square sqrt(4*8)
        double r2 = Math.sqrt(2), sq = Math.sqrt(32) / 2;
        List<Tensor> out = priorProgram(false, false).run(new Tensor[] {Tensor.ofFloats(s(1, 1, 2, 2), new float[4]),
            Tensor.ofFloats(s(1, 3, 8, 8), new float[192])});
        Tensor b = out.get(0);
        assertArrayEquals(s(2, 2, 4, 4), b.shape());
        assertArrayEquals(new float[] {0, 0, 0.5f, 0.5f}, box(b, 0), 1e-6f);                       // (h0, w0), ratio 1
        assertArrayEquals(new float[] {(float) ((2 - 2 * r2) / 8), (float) ((2 - r2) / 8), (float) ((2 + 2 * r2) / 8), (float) ((2 + r2) / 8)},
                box(b, 1), 1e-6f);                                                                  // ratio 2: 4*sqrt2 by 4/sqrt2
        assertArrayEquals(new float[] {(float) ((2 - sq) / 8), (float) ((6 - sq) / 8), (float) ((2 + sq) / 8), (float) ((6 + sq) / 8)},
                box(b, 2 * 4 + 3), 1e-6f);                                                          // (h1, w0), max square
        assertArrayEquals(new float[] {0.5f, 0, 1, 0.5f}, box(b, 4), 1e-6f);                        // (h0, w1), ratio 1
        float[] v = out.get(1).toFloatArray();
        assertEquals(64, v.length);
        for (int i = 0; i < 64; i += 4) {
            assertArrayEquals(new float[] {0.1f, 0.1f, 0.2f, 0.2f}, new float[] {v[i], v[i + 1], v[i + 2], v[i + 3]});
        }
        // Caffe order: min square, max square, then the other ratios; clip to [0, 1]
        Tensor c = priorProgram(true, true).run(new Tensor[] {Tensor.ofFloats(s(1, 1, 2, 2), new float[4]),
            Tensor.ofFloats(s(1, 3, 8, 8), new float[192])}).get(0);
        assertArrayEquals(new float[] {0, 0, 0.5f, 0.5f}, box(c, 0), 1e-6f);
        assertArrayEquals(new float[] {0, 0, (float) ((2 + sq) / 8), (float) ((2 + sq) / 8)}, box(c, 1), 1e-6f);
        assertArrayEquals(new float[] {0, (float) ((2 - r2) / 8), (float) ((2 + 2 * r2) / 8), (float) ((2 + r2) / 8)}, box(c, 2), 1e-6f);
    }

    @Test
    void boxCoderEncodesWithVarianceAttrAndUnnormalizedBoxes() {
        TestProgram p = new TestProgram().f32("prior", 1, 4).f32("target", 1, 4).f32("out", 1, 1, 4).feed("prior").feed("target").fetch("out");
        p.op("box_coder").in("PriorBox", "prior").in("TargetBox", "target").out("OutputBox", "out").s("code_type", "encode_center_size")
                .b("box_normalized", true).floats("variance", 0.1, 0.1, 0.2, 0.2).add();
        Tensor prior = Tensor.ofFloats(s(1, 4), 0, 0, 4, 4), target = Tensor.ofFloats(s(1, 4), 1, 1, 3, 5);
        // prior centre (2, 2) size 4x4; target centre (2, 3) size 2x4
        assertArrayEquals(new float[] {0, 2.5f, (float) (Math.log(0.5) / 0.2), 0}, p.run(prior, target).get(0).toFloatArray(), 1e-5f);
        TestProgram u = new TestProgram().f32("prior", 1, 4).f32("target", 1, 4).f32("out", 1, 1, 4).feed("prior").feed("target").fetch("out");
        u.op("box_coder").in("PriorBox", "prior").in("TargetBox", "target").out("OutputBox", "out").s("code_type", "encode_center_size")
                .b("box_normalized", false).add();
        // +1 sizes: prior 5x5 centre (2.5, 2.5); target 3x5 centre (2, 3)
        assertArrayEquals(new float[] {-0.1f, 0.1f, (float) Math.log(0.6), 0}, u.run(prior, target).get(0).toFloatArray(), 1e-5f);
    }

    @Test
    void boxCoderDecodesWithVarianceInputAndAxis() {
        TestProgram p = new TestProgram().f32("prior", 2, 4).f32("pvar", 2, 4).f32("target", 1, 2, 4).f32("out", 1, 2, 4)
                .feed("prior").feed("pvar").feed("target").fetch("out");
        p.op("box_coder").in("PriorBox", "prior").in("PriorBoxVar", "pvar").in("TargetBox", "target").out("OutputBox", "out")
                .s("code_type", "decode_center_size").b("box_normalized", true).i("axis", 0).add();
        float ln2 = (float) Math.log(2);
        Tensor out = p.run(Tensor.ofFloats(s(2, 4), 0, 0, 4, 4, 2, 2, 6, 10), Tensor.ofFloats(s(2, 4), 0.1f, 0.1f, 0.2f, 0.2f, 1, 1, 1, 1),
                Tensor.ofFloats(s(1, 2, 4), 5, 0, 5 * ln2, 0, 0, 0, 0, 0)).get(0);
        // box 0: centre (0.1*5*4 + 2, 2), width 4 * exp(0.2 * 5 ln2) = 8; box 1 decodes to its prior
        assertArrayEquals(new float[] {0, 0, 8, 4, 2, 2, 6, 10}, out.toFloatArray(), 1e-5f);
        TestProgram a = new TestProgram().f32("prior", 2, 4).f32("target", 2, 1, 4).f32("out", 2, 1, 4).feed("prior").feed("target").fetch("out");
        a.op("box_coder").in("PriorBox", "prior").in("TargetBox", "target").out("OutputBox", "out").s("code_type", "decode_center_size")
                .b("box_normalized", false).i("axis", 1).add();
        // axis 1: prior row n pairs with target row n; un-normalized: sizes +1, max corner -1
        Tensor o = a.run(Tensor.ofFloats(s(2, 4), 0, 0, 4, 4, 2, 2, 6, 10), Tensor.ofFloats(s(2, 1, 4), 0, 0, 0, 0, 0.25f, 0.5f, 0, 0)).get(0);
        assertArrayEquals(new float[] {0, 0, 4, 4, 3.25f, 6.5f, 7.25f, 14.5f}, o.toFloatArray(), 1e-5f);
    }

    static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void yoloBoxDecodesThresholdsAndClips() {
        // one anchor (2, 3), one class, 2x2 grid, downsample 4 (input 8x8), image 16 high 32 wide
        float ln2 = (float) Math.log(2);
        float[] x = new float[6 * 4];
        int cell00 = 0, cell01 = 1, cell11 = 3;
        x[0 * 4 + cell00] = 1;          // tx at (0,0)
        x[3 * 4 + cell11] = ln2;        // th at (1,1): height doubles
        x[4 * 4 + cell00] = 10;         // objectness
        x[4 * 4 + cell01] = -10;        // below conf_thresh: all zeros
        TestProgram p = new TestProgram().f32("x", 1, 6, 2, 2).var("img", VarType.Type.INT32, 1, 2).f32("boxes", 1, 4, 4).f32("scores", 1, 4, 1)
                .feed("x").feed("img").fetch("boxes").fetch("scores");
        p.op("yolo_box").in("X", "x").in("ImgSize", "img").out("Boxes", "boxes").out("Scores", "scores").ints("anchors", 2, 3)
                .i("class_num", 1).f("conf_thresh", 0.5).i("downsample_ratio", 4).b("clip_bbox", true).f("scale_x_y", 1.2).add();
        List<Tensor> out = p.run(Tensor.ofFloats(s(1, 6, 2, 2), x), Tensor.ofInts(s(1, 2), 16, 32));
        Tensor b = out.get(0);
        double cx = (0 + sig(1) * 1.2 - 0.1) * 32 / 2, cy = (0 + 0.5 * 1.2 - 0.1) * 16 / 2;
        double bw = 2 * 32 / 8.0, bh = 3 * 16 / 8.0;
        assertArrayEquals(new float[] {(float) Math.max(0, cx - bw / 2), (float) Math.max(0, cy - bh / 2), (float) (cx + bw / 2), (float) (cy + bh / 2)},
                box(b, 0), 1e-4f);
        assertArrayEquals(new float[] {0, 0, 0, 0}, box(b, 1));
        // (1,1): centre (24, 12), 8 wide, 12 high -> y2 = 18 clipped to 16 - 1
        assertArrayEquals(new float[] {20, 6, 28, 15}, box(b, 3), 1e-4f);
        float[] sc = out.get(1).toFloatArray();
        assertArrayEquals(new float[] {(float) (sig(10) * 0.5), 0, 0.25f, 0.25f}, sc, 1e-6f);
    }

    @Test
    void yoloBoxIouAwareWithoutClip() {
        float[] x = new float[7 * 4];
        x[0] = (float) Math.log(3); // iou logit at cell (0,0): sigmoid 0.75
        x[4 * 4 + 3] = 2;           // (1,1) th: exp(2) * 3 * 16 / 8
        TestProgram p = new TestProgram().f32("x", 1, 7, 2, 2).var("img", VarType.Type.INT32, 1, 2).f32("boxes", 1, 4, 4).f32("scores", 1, 4, 1)
                .feed("x").feed("img").fetch("boxes").fetch("scores");
        p.op("yolo_box").in("X", "x").in("ImgSize", "img").out("Boxes", "boxes").out("Scores", "scores").ints("anchors", 2, 3)
                .i("class_num", 1).f("conf_thresh", 0.01).i("downsample_ratio", 4).b("clip_bbox", false).b("iou_aware", true)
                .f("iou_aware_factor", 0.5).add();
        List<Tensor> out = p.run(Tensor.ofFloats(s(1, 7, 2, 2), x), Tensor.ofInts(s(1, 2), 16, 32));
        float[] sc = out.get(1).toFloatArray();
        assertEquals(Math.sqrt(0.5 * 0.75) * 0.5, sc[0], 1e-6);   // conf^(1-f) * iou^f, times the class sigmoid
        assertEquals(0.25, sc[1], 1e-6);                           // iou logit 0: 0.5^0.5 * 0.5^0.5
        double h = Math.exp(2) * 3 * 16 / 8;
        assertArrayEquals(new float[] {20, (float) (12 - h / 2), 28, (float) (12 + h / 2)}, box(out.get(0), 3), 1e-4f);
    }

    // ---- multiclass_nms ----

    static final float[] BOXES = {
        0, 0, 10, 10,      // b0
        1, 1, 11, 11,      // b1: IoU(b0) = 81 / 119
        20, 20, 30, 30,    // b2
        20, 21, 30, 31,    // b3: IoU(b2) = 90 / 110
    };
    static final float[] SCORES = {
        0.9f, 0.8f, 0.7f, 0.1f,     // class 0
        0.2f, 0.95f, 0.05f, 0.6f,   // class 1
    };

    static List<Tensor> nms(String type, int images, float[] boxes, float[] scores, java.util.function.Consumer<TestProgram.OpBuilder> attrs) {
        int m = boxes.length / 4 / images, classes = scores.length / m / images;
        TestProgram p = new TestProgram().f32("bb", images, m, 4).f32("sc", images, classes, m).f32("out", -1, 6)
                .var("idx", VarType.Type.INT32, -1, 1).var("num", VarType.Type.INT32, images).feed("bb").feed("sc").fetch("out");
        TestProgram.OpBuilder b = p.op(type).in("BBoxes", "bb").in("Scores", "sc").out("Out", "out");
        if (!type.equals("multiclass_nms")) {
            b.out("Index", "idx");
            p.fetch("idx");
        }
        if (type.equals("multiclass_nms3")) {
            b.out("NmsRoisNum", "num");
            p.fetch("num");
        }
        b.i("background_label", -1).f("score_threshold", 0.15).i("nms_top_k", -1).f("nms_threshold", 0.5).i("keep_top_k", -1)
                .b("normalized", true).f("nms_eta", 1.0);
        attrs.accept(b);
        b.add();
        return p.run(Tensor.ofFloats(s(images, m, 4), boxes), Tensor.ofFloats(s(images, classes, m), scores));
    }

    static float[] row(float label, float score, int boxIndex) {
        return new float[] {label, score, BOXES[4 * boxIndex], BOXES[4 * boxIndex + 1], BOXES[4 * boxIndex + 2], BOXES[4 * boxIndex + 3]};
    }

    static float[] rows(float[]... r) {
        float[] out = new float[r.length * 6];
        for (int i = 0; i < r.length; i++) {
            System.arraycopy(r[i], 0, out, 6 * i, 6);
        }
        return out;
    }

    @Test
    void multiclassNms3GroupsByLabelInNmsOrder() {
        List<Tensor> out = nms("multiclass_nms3", 1, BOXES, SCORES, b -> { });
        // class 0: b0 kept, b1 suppressed (0.68 > 0.5), b2 kept, b3 under the score threshold
        // class 1: b1, then b3 (disjoint from b1), b0 suppressed by b1, b2 under the threshold
        assertArrayEquals(s(4, 6), out.get(0).shape());
        assertArrayEquals(rows(row(0, 0.9f, 0), row(0, 0.7f, 2), row(1, 0.95f, 1), row(1, 0.6f, 3)), out.get(0).toFloatArray(), 1e-6f);
        assertArrayEquals(new long[] {0, 2, 1, 3}, out.get(1).toLongArray());
        assertArrayEquals(new long[] {4}, out.get(2).toLongArray());
    }

    @Test
    void keepTopKNmsTopKAndBackground() {
        float[] top3 = nms("multiclass_nms3", 1, BOXES, SCORES, b -> b.i("keep_top_k", 3)).get(0).toFloatArray();
        assertArrayEquals(rows(row(0, 0.9f, 0), row(0, 0.7f, 2), row(1, 0.95f, 1)), top3, 1e-6f);
        float[] bg = nms("multiclass_nms3", 1, BOXES, SCORES, b -> b.i("background_label", 0)).get(0).toFloatArray();
        assertArrayEquals(rows(row(1, 0.95f, 1), row(1, 0.6f, 3)), bg, 1e-6f);
        float[] pre = nms("multiclass_nms3", 1, BOXES, SCORES, b -> b.i("nms_top_k", 1)).get(0).toFloatArray();
        assertArrayEquals(rows(row(0, 0.9f, 0), row(1, 0.95f, 1)), pre, 1e-6f);
    }

    @Test
    void adaptiveEtaAndUnnormalizedOverlap() {
        float[] two = {0, 0, 10, 10, 1, 1, 11, 11};
        float[] sc = {0.9f, 0.8f};
        // threshold 0.9 keeps both (IoU 0.68); eta 0.5 lowers it to 0.45 after the first keep
        assertEquals(2, nms("multiclass_nms2", 1, two, sc, b -> b.f("nms_threshold", 0.9)).get(0).shape()[0]);
        assertEquals(1, nms("multiclass_nms2", 1, two, sc, b -> b.f("nms_threshold", 0.9).f("nms_eta", 0.5)).get(0).shape()[0]);
        // touching boxes: IoU 0 when normalized, (1 * 11) / (121 + 121 - 11) with Paddle's +1 pixel sizes
        float[] touching = {0, 0, 10, 10, 10, 0, 20, 10};
        assertEquals(2, nms("multiclass_nms2", 1, touching, sc, b -> b.f("nms_threshold", 0.03)).get(0).shape()[0]);
        assertEquals(1, nms("multiclass_nms2", 1, touching, sc, b -> b.f("nms_threshold", 0.03).b("normalized", false)).get(0).shape()[0]);
        assertEquals(2, nms("multiclass_nms2", 1, touching, sc, b -> b.f("nms_threshold", 0.05).b("normalized", false)).get(0).shape()[0]);
    }

    @Test
    void batchedIndexCountsAndLegacyEmptyResult() {
        float[] boxes = new float[32];
        System.arraycopy(BOXES, 0, boxes, 0, 16);
        System.arraycopy(BOXES, 0, boxes, 16, 16);
        float[] scores = new float[16];
        System.arraycopy(SCORES, 0, scores, 0, 8);
        scores[8 + 3] = 0.5f; // image 1: only b3 of class 0
        List<Tensor> out = nms("multiclass_nms3", 2, boxes, scores, b -> { });
        assertArrayEquals(s(5, 6), out.get(0).shape());
        assertArrayEquals(new long[] {0, 2, 1, 3, 4 + 3}, out.get(1).toLongArray());
        assertArrayEquals(new long[] {4, 1}, out.get(2).toLongArray());
        Tensor none = nms("multiclass_nms", 1, BOXES, new float[8], b -> { }).get(0);
        assertArrayEquals(s(1, 1), none.shape());
        assertEquals(-1, none.getDouble(0));
        assertArrayEquals(s(0, 6), nms("multiclass_nms2", 1, BOXES, new float[8], b -> { }).get(0).shape());
    }
}
