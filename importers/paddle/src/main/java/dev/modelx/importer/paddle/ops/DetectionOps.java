package dev.modelx.importer.paddle.ops;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.importer.paddle.ConvertContext;
import dev.modelx.importer.paddle.OpRegistry;
import dev.modelx.importer.paddle.SourceOp;

import java.util.ArrayList;
import java.util.List;

/**
 * Detection pre/post-processing: prior_box, box_coder, yolo_box, built from elementwise ONNX ops with Paddle's
 * kernel arithmetic (including the +1 of un-normalized boxes). Non-maximum suppression is in {@link NmsOps}.
 */
public final class DetectionOps {

    private DetectionOps() {
    }

    public static void register(OpRegistry r) {
        r.add("prior_box", DetectionOps::priorBox);
        r.add("box_coder", DetectionOps::boxCoder);
        r.add("yolo_box", DetectionOps::yoloBox);
    }

    /** x[..., k:k+1] on the last axis. */
    static String col(ConvertContext c, String x, long k) {
        return c.op1("Slice", x, c.constI64(k), c.constI64(k + 1), c.constI64(-1));
    }

    static String sliceAxis(ConvertContext c, String x, long axis, long start, long end) {
        return c.op1("Slice", x, c.constI64(start), c.constI64(end), c.constI64(axis));
    }

    static String dim(ConvertContext c, String x, long i) {
        return c.op("Gather", c.op1("Shape", x), c.scalarI64(i)).attr("axis", 0L).output(0);
    }

    static String concatLast(ConvertContext c, String... parts) {
        return c.op("Concat", parts).attr("axis", -1L).output(0);
    }

    /** 1.0 plus each aspect ratio not already listed (and its reciprocal when flip), as Paddle's ExpandAspectRatios. */
    static List<Double> expandAspectRatios(double[] ars, boolean flip) {
        List<Double> out = new ArrayList<>(List.of(1.0));
        for (double ar : ars) {
            float a = (float) ar;
            boolean exists = out.stream().anyMatch(o -> Math.abs(a - o) < 1e-6);
            if (!exists) {
                out.add((double) a);
                if (flip) {
                    out.add((double) (1.0f / a));
                }
            }
        }
        return out;
    }

    /**
     * Boxes [H, W, P, 4] and Variances of the same shape for feature map Input [N, C, H, W] over Image [N, C, IH, IW]:
     * centre ((w + offset) * step_w, (h + offset) * step_h), P half-sizes from min_sizes, max_sizes and the aspect
     * ratios, corners divided by the image size.
     */
    private static void priorBox(ConvertContext c, SourceOp op) {
        String in = c.in(op, "Input"), img = c.in(op, "Image");
        double[] minSizes = op.floats("min_sizes"), maxSizes = op.floats("max_sizes");
        if (minSizes.length == 0) {
            throw new IllegalArgumentException("prior_box needs min_sizes");
        }
        if (maxSizes.length > 0 && maxSizes.length != minSizes.length) {
            throw new IllegalArgumentException("prior_box has " + minSizes.length + " min_sizes but " + maxSizes.length + " max_sizes");
        }
        List<Double> ars = expandAspectRatios(op.floats("aspect_ratios"), op.b("flip", false));
        boolean minMaxOrder = op.b("min_max_aspect_ratios_order", false);
        List<float[]> halves = new ArrayList<>();
        for (int s = 0; s < minSizes.length; s++) {
            float min = (float) minSizes[s];
            if (minMaxOrder) {
                halves.add(new float[] {min / 2f, min / 2f});
                if (maxSizes.length > 0) {
                    float h = (float) (Math.sqrt(min * (float) maxSizes[s]) / 2.);
                    halves.add(new float[] {h, h});
                }
                for (double ar : ars) {
                    if (Math.abs(ar - 1.) >= 1e-6) {
                        halves.add(new float[] {(float) (min * Math.sqrt(ar) / 2.), (float) (min / Math.sqrt(ar) / 2.)});
                    }
                }
            } else {
                for (double ar : ars) {
                    halves.add(new float[] {(float) (min * Math.sqrt(ar) / 2.), (float) (min / Math.sqrt(ar) / 2.)});
                }
                if (maxSizes.length > 0) {
                    float h = (float) (Math.sqrt(min * (float) maxSizes[s]) / 2.);
                    halves.add(new float[] {h, h});
                }
            }
        }
        int p = halves.size();
        float[] bw = new float[p], bh = new float[p];
        for (int i = 0; i < p; i++) {
            bw[i] = halves.get(i)[0];
            bh[i] = halves.get(i)[1];
        }
        String h = dim(c, in, 2), w = dim(c, in, 3);
        String imgH = c.cast(dim(c, img, 2), DataType.FLOAT), imgW = c.cast(dim(c, img, 3), DataType.FLOAT);
        double stepW = op.f("step_w", 0), stepH = op.f("step_h", 0);
        String sw, sh;
        if (stepW == 0 || stepH == 0) {
            sw = c.op1("Div", imgW, c.cast(w, DataType.FLOAT));
            sh = c.op1("Div", imgH, c.cast(h, DataType.FLOAT));
        } else {
            sw = c.scalar(DataType.FLOAT, stepW);
            sh = c.scalar(DataType.FLOAT, stepH);
        }
        String offset = c.scalar(DataType.FLOAT, op.f("offset", 0.5));
        String cx = c.op1("Mul", c.op1("Add", c.cast(c.op1("Range", c.scalarI64(0), w, c.scalarI64(1)), DataType.FLOAT), offset), sw);
        String cy = c.op1("Mul", c.op1("Add", c.cast(c.op1("Range", c.scalarI64(0), h, c.scalarI64(1)), DataType.FLOAT), offset), sh);
        cx = c.op1("Reshape", cx, c.constI64(1, -1, 1));
        cy = c.op1("Reshape", cy, c.constI64(-1, 1, 1));
        String zero = c.scalar(DataType.FLOAT, 0);
        String grid = c.op1("Add", c.op1("Mul", cx, zero), c.op1("Mul", cy, zero)); // [H, W, 1] zeros
        cx = c.op1("Add", cx, grid);
        cy = c.op1("Add", cy, grid);
        String bwc = c.constant(Tensor.ofFloats(new long[] {p}, bw)), bhc = c.constant(Tensor.ofFloats(new long[] {p}, bh));
        String[] corners = {
            c.op1("Div", c.op1("Sub", cx, bwc), imgW), c.op1("Div", c.op1("Sub", cy, bhc), imgH),
            c.op1("Div", c.op1("Add", cx, bwc), imgW), c.op1("Div", c.op1("Add", cy, bhc), imgH)};
        for (int i = 0; i < 4; i++) {
            corners[i] = c.op1("Unsqueeze", corners[i], c.constI64(-1));
        }
        String boxes = concatLast(c, corners);
        String boxesOut = c.out(op, "Boxes");
        if (op.b("clip", false)) {
            c.emit("Clip", boxesOut, boxes, zero, c.scalar(DataType.FLOAT, 1));
        } else {
            c.emit("Identity", boxesOut, boxes);
        }
        if (op.hasOutput("Variances")) {
            double[] v = op.floats("variances");
            float[] vf = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                vf[i] = (float) v[i];
            }
            String varShape = c.op("Concat", c.op1("Slice", c.op1("Shape", boxes), c.constI64(0), c.constI64(3)), c.constI64(v.length))
                    .attr("axis", 0L).output(0);
            c.emit("Expand", c.out(op, "Variances"), c.constant(Tensor.ofFloats(new long[] {v.length}, vf)), varShape);
        }
    }

    /**
     * encode_center_size: TargetBox [N, 4] against PriorBox [M, 4] gives [N, M, 4] offsets; decode_center_size: TargetBox
     * [N, M, 4] deltas against PriorBox [M, 4] (axis 0) or [N, 4] (axis 1) gives corners. Variances come from
     * PriorBoxVar (shaped like PriorBox), else the variance attribute, else 1.
     */
    private static void boxCoder(ConvertContext c, SourceOp op) {
        String prior = c.in(op, "PriorBox"), target = c.in(op, "TargetBox");
        String type = op.s("code_type", "encode_center_size");
        boolean normalized = op.b("box_normalized", true);
        long axis = op.i("axis", 0);
        DataType t = c.dtype(op.input("TargetBox"));
        String half = c.scalar(t, 0.5);
        String one = normalized ? null : c.scalar(t, 1);
        String var = op.hasInput("PriorBoxVar") ? c.in(op, "PriorBoxVar") : null;
        double[] varAttr = op.floats("variance");
        if (var == null && varAttr.length != 0 && varAttr.length != 4) {
            throw new IllegalArgumentException("box_coder variance must have 4 values, got " + varAttr.length);
        }
        boolean encode = type.equals("encode_center_size");
        if (!encode && !type.equals("decode_center_size")) {
            throw new IllegalArgumentException("box_coder code_type '" + type + "' is not supported");
        }
        // prior broadcast against [N, M, 4]
        long priorAxis = encode || axis == 0 ? 0 : 1;
        String p = c.op1("Unsqueeze", prior, c.constI64(priorAxis));
        String pw = c.op1("Sub", col(c, p, 2), col(c, p, 0));
        String ph = c.op1("Sub", col(c, p, 3), col(c, p, 1));
        if (one != null) {
            pw = c.op1("Add", pw, one);
            ph = c.op1("Add", ph, one);
        }
        String pcx = c.op1("Add", col(c, p, 0), c.op1("Mul", pw, half));
        String pcy = c.op1("Add", col(c, p, 1), c.op1("Mul", ph, half));
        String v = null;
        if (var != null) {
            v = c.op1("Unsqueeze", var, c.constI64(priorAxis));
        } else if (varAttr.length == 4) {
            v = c.constant(Tensor.ofFloats(new long[] {4}, (float) varAttr[0], (float) varAttr[1], (float) varAttr[2], (float) varAttr[3]));
            if (t != DataType.FLOAT) {
                v = c.cast(v, t);
            }
        }
        String out = c.out(op, "OutputBox");
        if (encode) {
            String tb = c.op1("Unsqueeze", target, c.constI64(1));
            String tcx = c.op1("Mul", c.op1("Add", col(c, tb, 2), col(c, tb, 0)), half);
            String tcy = c.op1("Mul", c.op1("Add", col(c, tb, 3), col(c, tb, 1)), half);
            String tw = c.op1("Sub", col(c, tb, 2), col(c, tb, 0));
            String th = c.op1("Sub", col(c, tb, 3), col(c, tb, 1));
            if (one != null) {
                tw = c.op1("Add", tw, one);
                th = c.op1("Add", th, one);
            }
            String enc = concatLast(c, c.op1("Div", c.op1("Sub", tcx, pcx), pw), c.op1("Div", c.op1("Sub", tcy, pcy), ph),
                    c.op1("Log", c.op1("Abs", c.op1("Div", tw, pw))), c.op1("Log", c.op1("Abs", c.op1("Div", th, ph))));
            if (v != null) {
                c.emit("Div", out, enc, v);
            } else {
                c.emit("Identity", out, enc);
            }
            return;
        }
        String[] vs = new String[4];
        for (int k = 0; k < 4; k++) {
            vs[k] = v == null ? null : col(c, v, k);
        }
        String t0 = col(c, target, 0), t1 = col(c, target, 1), t2 = col(c, target, 2), t3 = col(c, target, 3);
        if (v != null) {
            t0 = c.op1("Mul", vs[0], t0);
            t1 = c.op1("Mul", vs[1], t1);
            t2 = c.op1("Mul", vs[2], t2);
            t3 = c.op1("Mul", vs[3], t3);
        }
        String cx = c.op1("Add", c.op1("Mul", t0, pw), pcx);
        String cy = c.op1("Add", c.op1("Mul", t1, ph), pcy);
        String hw = c.op1("Mul", c.op1("Mul", c.op1("Exp", t2), pw), half);
        String hh = c.op1("Mul", c.op1("Mul", c.op1("Exp", t3), ph), half);
        String x2 = c.op1("Add", cx, hw), y2 = c.op1("Add", cy, hh);
        if (one != null) {
            x2 = c.op1("Sub", x2, one);
            y2 = c.op1("Sub", y2, one);
        }
        c.emit("Concat", List.of(c.op1("Sub", cx, hw), c.op1("Sub", cy, hh), x2, y2), List.of(out)).attr("axis", -1L);
    }

    /**
     * YOLOv3 head decoding. X [N, A * (5 + classes), H, W] (with iou_aware, A IoU channels first); Boxes [N, A*H*W, 4]
     * in (anchor, h, w) order, Scores [N, A*H*W, classes]; boxes whose confidence is below conf_thresh are all zero.
     */
    private static void yoloBox(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        String imgSize = c.cast(c.in(op, "ImgSize"), DataType.FLOAT);
        long[] anchors = op.ints("anchors");
        long an = anchors.length / 2;
        long classes = op.i("class_num", 1);
        double confThresh = op.f("conf_thresh", 0.01);
        long downsample = op.i("downsample_ratio", 32);
        boolean clip = op.b("clip_bbox", true);
        float scale = (float) op.f("scale_x_y", 1.0);
        float bias = -0.5f * (scale - 1f);
        boolean iouAware = op.b("iou_aware", false);
        double iouFactor = op.f("iou_aware_factor", 0.5);
        DataType t = DataType.FLOAT;
        String shape = c.op1("Shape", x);
        String nDim = c.op1("Slice", shape, c.constI64(0), c.constI64(1));
        String hwDims = c.op1("Slice", shape, c.constI64(2), c.constI64(4));
        String iou = null;
        String body = x;
        if (iouAware) {
            iou = c.op1("Unsqueeze", sliceAxis(c, x, 1, 0, an), c.constI64(2)); // [N, A, 1, H, W]
            body = sliceAxis(c, x, 1, an, Long.MAX_VALUE);
        }
        String grouped = c.op1("Reshape", body, c.op("Concat", nDim, c.constI64(an, 5 + classes), hwDims).attr("axis", 0L).output(0));
        String tx = sliceAxis(c, grouped, 2, 0, 1), ty = sliceAxis(c, grouped, 2, 1, 2);
        String tw = sliceAxis(c, grouped, 2, 2, 3), th = sliceAxis(c, grouped, 2, 3, 4);
        String obj = sliceAxis(c, grouped, 2, 4, 5), cls = sliceAxis(c, grouped, 2, 5, 5 + classes);
        String h = dim(c, x, 2), w = dim(c, x, 3);
        String hf = c.cast(h, t), wf = c.cast(w, t);
        String gx = c.op1("Reshape", c.cast(c.op1("Range", c.scalarI64(0), w, c.scalarI64(1)), t), c.constI64(1, 1, 1, 1, -1));
        String gy = c.op1("Reshape", c.cast(c.op1("Range", c.scalarI64(0), h, c.scalarI64(1)), t), c.constI64(1, 1, 1, -1, 1));
        String imgH = c.op1("Reshape", col(c, imgSize, 0), c.constI64(-1, 1, 1, 1, 1));
        String imgW = c.op1("Reshape", col(c, imgSize, 1), c.constI64(-1, 1, 1, 1, 1));
        String sc = c.scalar(t, scale), bi = c.scalar(t, bias);
        String cx = c.op1("Div", c.op1("Mul", c.op1("Add", c.op1("Add", gx, c.op1("Mul", c.op1("Sigmoid", tx), sc)), bi), imgW), wf);
        String cy = c.op1("Div", c.op1("Mul", c.op1("Add", c.op1("Add", gy, c.op1("Mul", c.op1("Sigmoid", ty), sc)), bi), imgH), hf);
        float[] aw = new float[(int) an], ah = new float[(int) an];
        for (int i = 0; i < an; i++) {
            aw[i] = anchors[2 * i];
            ah[i] = anchors[2 * i + 1];
        }
        String awc = c.constant(Tensor.ofFloats(new long[] {1, an, 1, 1, 1}, aw));
        String ahc = c.constant(Tensor.ofFloats(new long[] {1, an, 1, 1, 1}, ah));
        String ds = c.scalar(t, downsample);
        String bw = c.op1("Div", c.op1("Mul", c.op1("Mul", c.op1("Exp", tw), awc), imgW), c.op1("Mul", ds, wf));
        String bh = c.op1("Div", c.op1("Mul", c.op1("Mul", c.op1("Exp", th), ahc), imgH), c.op1("Mul", ds, hf));
        String hbw = c.op1("Div", bw, c.scalar(t, 2)), hbh = c.op1("Div", bh, c.scalar(t, 2));
        String x1 = c.op1("Sub", cx, hbw), y1 = c.op1("Sub", cy, hbh), x2 = c.op1("Add", cx, hbw), y2 = c.op1("Add", cy, hbh);
        if (clip) {
            String zero = c.scalar(t, 0), one = c.scalar(t, 1);
            x1 = c.op1("Max", x1, zero);
            y1 = c.op1("Max", y1, zero);
            x2 = c.op1("Min", x2, c.op1("Sub", imgW, one));
            y2 = c.op1("Min", y2, c.op1("Sub", imgH, one));
        }
        String conf = c.op1("Sigmoid", obj);
        if (iouAware) {
            conf = c.op1("Mul", c.op1("Pow", conf, c.scalar(t, 1 - iouFactor)), c.op1("Pow", c.op1("Sigmoid", iou), c.scalar(t, iouFactor)));
        }
        String keep = c.op1("Not", c.op1("Less", conf, c.scalar(t, confThresh)));
        String zero = c.scalar(t, 0);
        String boxes = c.op("Concat", x1, y1, x2, y2).attr("axis", 2L).output(0);
        boxes = c.op1("Where", keep, boxes, zero);
        String scores = c.op1("Where", keep, c.op1("Mul", conf, c.op1("Sigmoid", cls)), zero);
        c.emit("Reshape", c.out(op, "Boxes"), c.op("Transpose", boxes).ints("perm", 0, 1, 3, 4, 2).output(0), c.constI64(0, -1, 4));
        c.emit("Reshape", c.out(op, "Scores"), c.op("Transpose", scores).ints("perm", 0, 1, 3, 4, 2).output(0), c.constI64(0, -1, classes));
    }
}
