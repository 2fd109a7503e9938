package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.IndexingOptions;
import dev.modelx.graph.Tensor;

import java.util.Arrays;

/** Index-driven reads and writes: GATHER (with batch_dims), GATHER_ND, EMBEDDING_LOOKUP, SCATTER_ND, ONE_HOT. */
final class IndexOps {

    private IndexOps() {
    }

    static void register(OpRegistry r) {
        r.register("GATHER", IndexOps::gather);
        r.register("EMBEDDING_LOOKUP", ctx -> ctx.emit("Gather", ctx.out(0), ctx.in(1), ctx.in(0)).attr("axis", 0L));
        r.register("GATHER_ND", ctx -> ctx.emit("GatherND", ctx.out(0), ctx.in(0), ctx.asInt64(ctx.in(1), ctx.inType(1))));
        r.register("SCATTER_ND", IndexOps::scatterNd);
        r.register("ONE_HOT", IndexOps::oneHot);
    }

    /**
     * Gather along {@code axis}; with batch_dims b the first b axes of params and indices are paired, which
     * is GatherND(batch_dims=b) over indices[..., None] once the gathered axis is moved to position b (and
     * the axes it jumped over are moved back behind the index axes afterwards).
     */
    private static void gather(OpContext ctx) {
        IndexingOptions.Gather o = IndexingOptions.Gather.of(ctx.op());
        int pr = ctx.inRank(0);
        int ir = ctx.inRank(1);
        int axis = o.axis() < 0 ? o.axis() + pr : o.axis();
        int b = o.batchDims() < 0 ? o.batchDims() + ir : o.batchDims();
        if (axis < 0 || axis >= pr || b < 0 || b > axis || b > ir) {
            throw ctx.error("axis " + o.axis() + " and batch_dims " + o.batchDims() + " do not fit params of rank " + pr
                    + " and indices of rank " + ir);
        }
        if (b == 0) {
            ctx.emit("Gather", ctx.out(0), ctx.in(0), ctx.in(1)).attr("axis", (long) axis);
            return;
        }
        String params = ctx.in(0);
        int mid = axis - b;
        if (mid > 0) {
            long[] perm = new long[pr];
            int k = 0;
            for (int i = 0; i < b; i++) {
                perm[k++] = i;
            }
            perm[k++] = axis;
            for (int i = b; i < pr; i++) {
                if (i != axis) {
                    perm[k++] = i;
                }
            }
            params = NhwcOps.transpose(ctx, params, perm);
        }
        String idx = ctx.op1("Unsqueeze", ctx.asInt64(ctx.in(1), ctx.inType(1)), ctx.constLongs(-1));
        String g = ctx.op1Node("GatherND", params, idx).attr("batch_dims", (long) b).outputs().get(0);
        if (mid == 0) {
            ctx.emit("Identity", ctx.out(0), g);
            return;
        }
        // g is [batch (b), index axes (ir - b), skipped params axes (mid), rest]; TF wants the skipped axes first.
        int outRank = ir + pr - b - 1;
        long[] perm = new long[outRank];
        int k = 0;
        for (int i = 0; i < b; i++) {
            perm[k++] = i;
        }
        for (int i = 0; i < mid; i++) {
            perm[k++] = ir + i;
        }
        for (int i = b; i < ir; i++) {
            perm[k++] = i;
        }
        for (int i = ir + mid; i < outRank; i++) {
            perm[k++] = i;
        }
        ctx.emit("Transpose", ctx.out(0), g).ints("perm", perm);
    }

    /** A zero tensor of the given shape with the updates added at the indices (duplicates accumulate). */
    private static void scatterNd(OpContext ctx) {
        String shape = ctx.asInt64(ctx.in(2), ctx.inType(2));
        String zeros = ctx.op1Node("ConstantOfShape", shape).attr("value", Tensor.zeros(ctx.inType(1), 1)).outputs().get(0);
        ctx.emit("ScatterND", ctx.out(0), zeros, ctx.asInt64(ctx.in(0), ctx.inType(0)), ctx.in(1)).attr("reduction", "add");
    }

    /**
     * on where indices == position along the new axis, off elsewhere. ONNX OneHot would wrap negative indices
     * around; TFLite's kernel compares them as they are, so a negative index gives all off values.
     */
    private static void oneHot(OpContext ctx) {
        int rank = ctx.inRank(0);
        long axis = IndexingOptions.OneHot.of(ctx.op()).axis();
        if (axis < 0) {
            axis = rank;
        }
        if (axis > rank) {
            throw ctx.error("axis " + axis + " outside the output rank " + (rank + 1));
        }
        String depth = ctx.op1("Reshape", ctx.asInt64(ctx.in(1), ctx.inType(1)), ctx.constLongs(new long[0]));
        String positions = ctx.op1("Range", ctx.constLongScalar(0), depth, ctx.constLongScalar(1));
        long[] along = new long[(int) (rank - axis) + 1];
        Arrays.fill(along, 1);
        along[0] = -1;
        positions = ctx.op1("Reshape", positions, ctx.constLongs(along));
        String indices = ctx.op1("Unsqueeze", ctx.asInt64(ctx.in(0), ctx.inType(0)), ctx.constLongs(axis));
        String hit = ctx.op1("Equal", indices, positions);
        ctx.emit("Where", ctx.out(0), hit, ctx.in(2), ctx.in(3));
    }
}
