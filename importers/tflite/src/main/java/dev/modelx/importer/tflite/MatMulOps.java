package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.MatMulOptions;

import java.util.ArrayList;
import java.util.List;

/** FULLY_CONNECTED (a Gemm over the flattened input) and BATCH_MATMUL. */
final class MatMulOps {

    private MatMulOps() {
    }

    static void register(OpRegistry r) {
        r.register("FULLY_CONNECTED", MatMulOps::fullyConnected);
        r.register("BATCH_MATMUL", MatMulOps::batchMatMul);
    }

    private static void fullyConnected(OpContext ctx) {
        MatMulOptions.FullyConnected o = MatMulOptions.FullyConnected.of(ctx.op());
        if (o.weightsFormat() != 0) {
            throw ctx.unsupported("shuffled weights format " + o.weightsFormat());
        }
        int[] w = ctx.inShape(1);
        if (w.length != 2 || w[1] <= 0) {
            throw ctx.error("weights of shape " + java.util.Arrays.toString(w) + ", expected [units, depth]");
        }
        int[] inShape = ctx.inShape(0);
        String x = ctx.in(0);
        if (inShape.length != 2) {
            x = ctx.op1("Reshape", x, ctx.constLongs(-1, w[1]));
        }
        List<String> ins = new ArrayList<>(List.of(x, ctx.in(1)));
        if (ctx.hasInput(2)) {
            ins.add(ctx.in(2));
        }
        String y = ctx.fresh("gemm");
        ctx.add("Gemm", ins, List.of(y)).attr("transB", 1L);
        if (o.keepNumDims() && inShape.length != 2) {
            String lead = ctx.op1Node("Slice", ctx.op1("Shape", ctx.in(0)), ctx.constLongs(0), ctx.constLongs(-1)).outputs().get(0);
            String shape = ctx.op1Node("Concat", lead, ctx.constLongs(w[0])).attr("axis", 0L).outputs().get(0);
            y = ctx.op1("Reshape", y, shape);
        }
        ctx.activation(o.fusedActivation(), y, ctx.out(0));
    }

    private static void batchMatMul(OpContext ctx) {
        MatMulOptions.BatchMatMul o = MatMulOptions.BatchMatMul.of(ctx.op());
        String a = o.adjX() ? swapLast(ctx, ctx.in(0), ctx.inRank(0)) : ctx.in(0);
        String b = o.adjY() ? swapLast(ctx, ctx.in(1), ctx.inRank(1)) : ctx.in(1);
        ctx.emit("MatMul", ctx.out(0), a, b);
    }

    private static String swapLast(OpContext ctx, String x, int rank) {
        if (rank < 2) {
            throw ctx.error("adjoint of an operand of rank " + rank);
        }
        long[] perm = new long[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        perm[rank - 2] = rank - 1;
        perm[rank - 1] = rank - 2;
        return NhwcOps.transpose(ctx, x, perm);
    }
}
