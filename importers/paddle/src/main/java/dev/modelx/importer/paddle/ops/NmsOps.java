package dev.modelx.importer.paddle.ops;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.importer.paddle.ConvertContext;
import dev.modelx.importer.paddle.OpRegistry;
import dev.modelx.importer.paddle.SourceOp;

import java.util.List;

/**
 * multiclass_nms, multiclass_nms2 and multiclass_nms3 for BBoxes [N, M, 4] and Scores [N, C, M], decomposed so
 * that every Paddle rule holds exactly (ONNX NonMaxSuppression has no nms_eta, no pre-NMS top-k and no +1 boxes):
 * <ol>
 * <li>per (image, class): TopK sorts the M scores (ties: lower index first, like Paddle's stable sort) and keeps
 *     the first K = min(nms_top_k, M); candidates need score &gt; score_threshold and class != background_label;</li>
 * <li>a Loop over the K candidates runs Paddle's greedy NMSFast for all N*C groups at once: candidate i is kept when
 *     its IoU with every kept candidate is &lt;= the adaptive threshold (Paddle's JaccardOverlap, +1 when not
 *     normalized), and a keep multiplies the threshold by nms_eta while it is &gt; 0.5;</li>
 * <li>keep_top_k keeps the best-scoring kept boxes of each image (TopK over the label-major list, as Paddle's stable
 *     sort does), and NonZero emits them image by image, by label, in NMS order: Out [S, 6] = (label, score, x1, y1,
 *     x2, y2), Index [S, 1] = n * M + box, NmsRoisNum [N] (int32).</li>
 * </ol>
 * multiclass_nms (no Index output) gives [[-1]] when nothing is kept, as Paddle does. Out carries LoD offsets (the
 * cumulative counts) for sequence ops downstream.
 */
public final class NmsOps {

    private NmsOps() {
    }

    public static void register(OpRegistry r) {
        r.add("multiclass_nms", NmsOps::multiclassNms);
        r.add("multiclass_nms2", NmsOps::multiclassNms);
        r.add("multiclass_nms3", NmsOps::multiclassNms);
    }

    private static void multiclassNms(ConvertContext c, SourceOp op) {
        int scoreRank = c.info(op.input("Scores")).rank();
        if (scoreRank == 2) {
            throw new IllegalArgumentException("multiclass_nms with 2-D (LoD) Scores [M, C] is not supported; only BBoxes [N, M, 4] with Scores [N, C, M]");
        }
        String boxes = c.in(op, "BBoxes");
        String scores = c.in(op, "Scores");
        DataType t = c.dtype(op.input("Scores"));
        if (t != DataType.FLOAT) {
            boxes = c.cast(boxes, DataType.FLOAT);
            scores = c.cast(scores, DataType.FLOAT);
        }
        long background = op.i("background_label", 0);
        double scoreThreshold = op.f("score_threshold", 0);
        long nmsTopK = op.i("nms_top_k", -1);
        long keepTopK = op.i("keep_top_k", -1);
        double nmsThreshold = op.f("nms_threshold", 0.3);
        double eta = op.f("nms_eta", 1.0);
        boolean normalized = op.b("normalized", true);

        String n = DetectionOps.dim(c, scores, 0), classes = DetectionOps.dim(c, scores, 1), m = DetectionOps.dim(c, scores, 2);
        String k = nmsTopK > -1 ? c.op1("Min", m, c.scalarI64(nmsTopK)) : m;
        var top = c.op("TopK", scores, c.op1("Reshape", k, c.constI64(1)));
        top.attr("axis", 2L).attr("largest", 1L).attr("sorted", 1L);
        String sortedScores = top.output(0);
        String sortedIdx = c.fresh(op.output("Out") + "_sorted_idx");
        top.outputs(List.of(sortedScores, sortedIdx));
        // candidate validity [N, C, K]
        String classIds = c.op1("Reshape", c.op1("Range", c.scalarI64(0), classes, c.scalarI64(1)), c.constI64(1, -1, 1));
        String valid = c.op1("And", c.op1("Greater", sortedScores, c.scalar(DataType.FLOAT, scoreThreshold)),
                c.op1("Not", c.op1("Equal", classIds, c.scalarI64(background))));
        // candidate boxes [N, C*K, 4] -> [G, K, 4]
        String flatIdx = c.op1("Reshape", sortedIdx, c.constI64(0, -1, 1));
        String candBoxes = c.op("GatherND", boxes, flatIdx).attr("batch_dims", 1L).output(0);
        String gk = c.op("Concat", c.constI64(-1), c.op1("Reshape", k, c.constI64(1))).attr("axis", 0L).output(0);
        String groupedBoxes = c.op1("Reshape", candBoxes, c.op("Concat", gk, c.constI64(4)).attr("axis", 0L).output(0));
        String groupedValid = c.op1("Reshape", valid, gk);
        String keep = greedyNms(c, groupedBoxes, groupedValid, k, nmsThreshold, eta, normalized);

        String scoresFlat = c.op1("Reshape", sortedScores, c.constI64(0, -1));
        String keepFlat = c.op1("Reshape", keep, c.op1("Shape", scoresFlat));
        String selected = keepFlat;
        if (keepTopK > -1) {
            String total = c.op1("Mul", classes, k);
            String kk = c.op1("Reshape", c.op1("Min", total, c.scalarI64(keepTopK)), c.constI64(1));
            String masked = c.op1("Where", keepFlat, scoresFlat, c.scalar(DataType.FLOAT, Double.NEGATIVE_INFINITY));
            var best = c.op("TopK", masked, kk).attr("axis", 1L).attr("largest", 1L).attr("sorted", 1L);
            String bestIdx = c.fresh(op.output("Out") + "_best_idx");
            best.outputs(List.of(best.output(0), bestIdx));
            String zeros = c.op("ConstantOfShape", c.op1("Shape", keepFlat)).attr("value", Tensor.ofBooleans(new long[] {1}, false)).output(0);
            String ones = c.op("ConstantOfShape", c.op1("Shape", bestIdx)).attr("value", Tensor.ofBooleans(new long[] {1}, true)).output(0);
            String inTop = c.op("ScatterElements", zeros, bestIdx, ones).attr("axis", 1L).output(0);
            selected = c.op1("And", inTop, keepFlat);
        }
        String nz = c.op1("NonZero", selected); // [2, S]
        String img = c.op1("Squeeze", DetectionOps.sliceAxis(c, nz, 0, 0, 1), c.constI64(0));
        String pos = c.op1("Squeeze", DetectionOps.sliceAxis(c, nz, 0, 1, 2), c.constI64(0));
        String label = c.op1("Div", pos, k);
        String at = c.op("Transpose", nz).ints("perm", 1, 0).output(0); // [S, 2]
        String boxIdx = c.op1("GatherND", c.op1("Reshape", sortedIdx, c.constI64(0, -1)), at);
        String score = c.op1("GatherND", scoresFlat, at);
        String box = c.op1("GatherND", boxes, c.op("Concat", c.op1("Unsqueeze", img, c.constI64(1)), c.op1("Unsqueeze", boxIdx, c.constI64(1)))
                .attr("axis", 1L).output(0));
        String out = c.op("Concat", c.op1("Unsqueeze", c.cast(label, DataType.FLOAT), c.constI64(1)),
                c.op1("Unsqueeze", score, c.constI64(1)), box).attr("axis", 1L).output(0);
        if (t != DataType.FLOAT) {
            out = c.cast(out, t);
        }
        String counts = c.op("ReduceSum", c.cast(selected, DataType.INT64), c.constI64(1)).attr("keepdims", 0L).output(0);
        boolean legacy = op.type().equals("multiclass_nms");
        String outVar = op.output("Out");
        if (legacy) {
            emptyAsMinusOne(c, c.out(op, "Out"), out, t);
        } else {
            c.emit("Identity", c.out(op, "Out"), out);
        }
        if (op.hasOutput("Index")) {
            String index = c.op1("Add", c.op1("Mul", img, m), boxIdx);
            c.emit("Cast", c.out(op, "Index"), c.op1("Unsqueeze", index, c.constI64(1))).attr("to", (long) DataType.INT32.code());
        }
        if (op.hasOutput("NmsRoisNum")) {
            c.emit("Cast", c.out(op, "NmsRoisNum"), counts).attr("to", (long) DataType.INT32.code());
        }
        String offsets = c.op("Concat", c.constI64(0), c.op1("CumSum", counts, c.scalarI64(0))).attr("axis", 0L).output(0);
        c.setLod(outVar, List.of(offsets));
    }

    /** keep [G, K]: Paddle's NMSFast over each group's score-sorted candidates. */
    private static String greedyNms(ConvertContext c, String boxes, String valid, String k, double threshold, double eta, boolean normalized) {
        Graph body = new Graph(c.fresh("nms_body"));
        ConvertContext b = c.child(body);
        String iter = c.fresh("nms_i"), condIn = c.fresh("nms_cond"), keepIn = c.fresh("nms_keep_in"), thrIn = c.fresh("nms_thr_in");
        body.input(ValueInfo.tensor(iter, DataType.INT64));
        body.input(ValueInfo.tensor(condIn, DataType.BOOL));
        body.input(new ValueInfo(keepIn, null));
        body.input(new ValueInfo(thrIn, null));
        String cur = b.op1("Unsqueeze", b.op("Gather", boxes, iter).attr("axis", 1L).output(0), b.constI64(1)); // [G, 1, 4]
        String iou = iou(b, cur, boxes, normalized); // [G, K]
        String thr = b.op1("Unsqueeze", thrIn, b.constI64(1));
        String suppressed = b.op1("And", keepIn, b.op1("Not", b.op1("LessOrEqual", iou, thr)));
        String anySup = b.op("ReduceMax", b.cast(suppressed, DataType.INT64)).ints("axes", 1).attr("keepdims", 0L).output(0);
        String validI = b.op("Gather", valid, iter).attr("axis", 1L).output(0); // [G]
        String kept = b.op1("And", validI, b.op1("Equal", anySup, b.scalarI64(0)));
        String positions = b.op1("Range", b.scalarI64(0), k, b.scalarI64(1));
        String isI = b.op1("Unsqueeze", b.op1("Equal", positions, iter), b.constI64(0)); // [1, K]
        String keepOut = c.fresh("nms_keep_out"), thrOut = c.fresh("nms_thr_out"), condOut = c.fresh("nms_cond_out");
        b.emit("Or", keepOut, keepIn, b.op1("And", isI, b.op1("Unsqueeze", kept, b.constI64(1))));
        if (eta < 1) {
            String shrink = b.op1("And", kept, b.op1("Greater", thrIn, b.scalar(DataType.FLOAT, 0.5)));
            b.emit("Where", thrOut, shrink, b.op1("Mul", thrIn, b.scalar(DataType.FLOAT, eta)), thrIn);
        } else {
            b.emit("Identity", thrOut, thrIn);
        }
        b.emit("Identity", condOut, condIn);
        body.output(ValueInfo.tensor(condOut, DataType.BOOL));
        body.output(new ValueInfo(keepOut, null));
        body.output(new ValueInfo(thrOut, null));

        String groups = c.op1("Shape", valid);
        String keep0 = c.op("ConstantOfShape", groups).attr("value", Tensor.ofBooleans(new long[] {1}, false)).output(0);
        String thr0 = c.op("ConstantOfShape", c.op1("Slice", groups, c.constI64(0), c.constI64(1)))
                .attr("value", Tensor.ofFloats(new long[] {1}, (float) threshold)).output(0);
        String keep = c.fresh("nms_keep"), thrFinal = c.fresh("nms_thr");
        c.emit("Loop", List.of(k, "", keep0, thr0), List.of(keep, thrFinal)).attr(Attribute.of("body", body));
        return keep;
    }

    /** Paddle's JaccardOverlap of a [G, 1, 4] against b [G, K, 4], giving [G, K]. */
    private static String iou(ConvertContext c, String a, String b, boolean normalized) {
        String ax1 = DetectionOps.col(c, a, 0), ay1 = DetectionOps.col(c, a, 1), ax2 = DetectionOps.col(c, a, 2), ay2 = DetectionOps.col(c, a, 3);
        String bx1 = DetectionOps.col(c, b, 0), by1 = DetectionOps.col(c, b, 1), bx2 = DetectionOps.col(c, b, 2), by2 = DetectionOps.col(c, b, 3);
        String disjoint = c.op1("Or", c.op1("Or", c.op1("Greater", bx1, ax2), c.op1("Less", bx2, ax1)),
                c.op1("Or", c.op1("Greater", by1, ay2), c.op1("Less", by2, ay1)));
        String norm = c.scalar(DataType.FLOAT, normalized ? 0 : 1);
        String iw = c.op1("Add", c.op1("Sub", c.op1("Min", ax2, bx2), c.op1("Max", ax1, bx1)), norm);
        String ih = c.op1("Add", c.op1("Sub", c.op1("Min", ay2, by2), c.op1("Max", ay1, by1)), norm);
        String inter = c.op1("Mul", iw, ih);
        String union = c.op1("Sub", c.op1("Add", area(c, ax1, ay1, ax2, ay2, norm), area(c, bx1, by1, bx2, by2, norm)), inter);
        String ratio = c.op1("Where", disjoint, c.scalar(DataType.FLOAT, 0), c.op1("Div", inter, union));
        return c.op1("Squeeze", ratio, c.constI64(-1));
    }

    private static String area(ConvertContext c, String x1, String y1, String x2, String y2, String norm) {
        String invalid = c.op1("Or", c.op1("Less", x2, x1), c.op1("Less", y2, y1));
        String a = c.op1("Mul", c.op1("Add", c.op1("Sub", x2, x1), norm), c.op1("Add", c.op1("Sub", y2, y1), norm));
        return c.op1("Where", invalid, c.scalar(DataType.FLOAT, 0), a);
    }

    /** Paddle's legacy multiclass_nms returns [[-1]] when no box survives. */
    private static void emptyAsMinusOne(ConvertContext c, String outName, String out, DataType t) {
        String none = c.op1("Equal", c.op("Gather", c.op1("Shape", out), c.scalarI64(0)).attr("axis", 0L).output(0), c.scalarI64(0));
        Graph then = new Graph(c.fresh("nms_none"));
        ConvertContext tc = c.child(then);
        String minusOne = c.fresh("nms_minus_one");
        tc.emit("Identity", minusOne, tc.constant(dev.modelx.importer.paddle.Tensors.filled(t, new long[] {1, 1}, -1)));
        then.output(new ValueInfo(minusOne, null));
        Graph other = new Graph(c.fresh("nms_some"));
        ConvertContext ec = c.child(other);
        String same = c.fresh("nms_found");
        ec.emit("Identity", same, out);
        other.output(new ValueInfo(same, null));
        c.emit("If", List.of(none), List.of(outName)).attr(Attribute.of("then_branch", then)).attr(Attribute.of("else_branch", other));
    }
}
