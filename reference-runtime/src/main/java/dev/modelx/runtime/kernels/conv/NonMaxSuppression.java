package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NonMaxSuppression (10, 11): per batch and class, greedily keeps the highest-scoring boxes whose IoU with every
 * kept box is at most iou_threshold; boxes scoring at or below score_threshold are dropped first. Ties in score
 * keep the lower box index first.
 */
public final class NonMaxSuppression {

    private NonMaxSuppression() {
    }

    public static void v10(OpContext ctx) {
        Tensor boxes = ctx.input(0);
        Tensor scores = ctx.input(1);
        Tensor maxT = ctx.optionalInput(2);
        Tensor iouT = ctx.optionalInput(3);
        Tensor scoreT = ctx.optionalInput(4);
        long centerPoint = ctx.attrLong("center_point_box", 0);
        if (centerPoint != 0 && centerPoint != 1) {
            throw ctx.error("center_point_box must be 0 or 1, got " + centerPoint);
        }
        long[] bs = boxes.shape();
        long[] ss = scores.shape();
        if (bs.length != 3 || bs[2] != 4) {
            throw ctx.error("boxes must have shape (batches, boxes, 4), got " + Arrays.toString(bs));
        }
        if (ss.length != 3 || ss[0] != bs[0] || ss[2] != bs[1]) {
            throw ctx.error("scores shape " + Arrays.toString(ss) + " must be (" + bs[0] + ", classes, " + bs[1] + ")");
        }
        long maxOut = maxT == null || maxT.size() == 0 ? 0 : Math.max(0, maxT.getLong(0));
        double iou = iouT == null || iouT.size() == 0 ? 0 : iouT.getDouble(0);
        boolean hasScore = scoreT != null && scoreT.size() > 0;
        double scoreThreshold = hasScore ? scoreT.getDouble(0) : 0;
        if (iou < 0 || iou > 1) {
            throw ctx.error("iou_threshold must be in [0, 1], got " + iou);
        }
        int batches = (int) bs[0];
        int nBoxes = (int) bs[1];
        int classes = (int) ss[1];
        double[] bx = Spatial.doubles(boxes);
        double[] sc = Spatial.doubles(scores);
        List<long[]> selected = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            double[] corners = corners(bx, b * nBoxes * 4, nBoxes, centerPoint == 1);
            for (int cl = 0; cl < classes; cl++) {
                int sBase = (b * classes + cl) * nBoxes;
                List<Integer> cand = new ArrayList<>();
                for (int i = 0; i < nBoxes; i++) {
                    if (!hasScore || sc[sBase + i] > scoreThreshold) {
                        cand.add(i);
                    }
                }
                cand.sort((p, q) -> {
                    int cmp = Double.compare(sc[sBase + q], sc[sBase + p]);
                    return cmp != 0 ? cmp : Integer.compare(p, q);
                });
                List<Integer> kept = new ArrayList<>();
                for (int i : cand) {
                    if (kept.size() >= maxOut) {
                        break;
                    }
                    boolean keep = true;
                    for (int k : kept) {
                        if (iou(corners, i, k) > iou) {
                            keep = false;
                            break;
                        }
                    }
                    if (keep) {
                        kept.add(i);
                        selected.add(new long[] {b, cl, i});
                    }
                }
            }
        }
        long[] out = new long[selected.size() * 3];
        for (int i = 0; i < selected.size(); i++) {
            System.arraycopy(selected.get(i), 0, out, i * 3, 3);
        }
        ctx.output(0, Tensor.of(DataType.INT64, new long[] {selected.size(), 3}, out));
    }

    /** Boxes as (ymin, xmin, ymax, xmax) with min <= max. */
    private static double[] corners(double[] bx, int base, int n, boolean center) {
        double[] c = new double[n * 4];
        for (int i = 0; i < n; i++) {
            double a = bx[base + i * 4];
            double b = bx[base + i * 4 + 1];
            double e = bx[base + i * 4 + 2];
            double f = bx[base + i * 4 + 3];
            if (center) {
                // (x_center, y_center, width, height)
                c[i * 4] = b - f / 2;
                c[i * 4 + 1] = a - e / 2;
                c[i * 4 + 2] = b + f / 2;
                c[i * 4 + 3] = a + e / 2;
            } else {
                c[i * 4] = Math.min(a, e);
                c[i * 4 + 1] = Math.min(b, f);
                c[i * 4 + 2] = Math.max(a, e);
                c[i * 4 + 3] = Math.max(b, f);
            }
        }
        return c;
    }

    private static double iou(double[] c, int i, int k) {
        double ymin = Math.max(c[i * 4], c[k * 4]);
        double xmin = Math.max(c[i * 4 + 1], c[k * 4 + 1]);
        double ymax = Math.min(c[i * 4 + 2], c[k * 4 + 2]);
        double xmax = Math.min(c[i * 4 + 3], c[k * 4 + 3]);
        if (ymax <= ymin || xmax <= xmin) {
            return 0;
        }
        double inter = (ymax - ymin) * (xmax - xmin);
        double a1 = (c[i * 4 + 2] - c[i * 4]) * (c[i * 4 + 3] - c[i * 4 + 1]);
        double a2 = (c[k * 4 + 2] - c[k * 4]) * (c[k * 4 + 3] - c[k * 4 + 1]);
        double union = a1 + a2 - inter;
        if (a1 <= 0 || a2 <= 0 || union <= 0) {
            return 0;
        }
        return inter / union;
    }
}
