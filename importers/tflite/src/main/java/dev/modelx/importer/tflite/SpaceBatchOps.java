package dev.modelx.importer.tflite;

import java.util.Arrays;

/**
 * SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND over M spatial axes (1..M) as Pad/Reshape/Transpose/Reshape
 * (and Slice for the crops). The block shape, paddings/crops and the input shape must be static.
 */
final class SpaceBatchOps {

    private SpaceBatchOps() {
    }

    static void register(OpRegistry r) {
        r.register("SPACE_TO_BATCH_ND", SpaceBatchOps::spaceToBatch);
        r.register("BATCH_TO_SPACE_ND", SpaceBatchOps::batchToSpace);
    }

    private static long[] staticShape(OpContext ctx) {
        int[] s = ctx.inShape(0);
        int[] sig = ctx.inTensor(0).shapeSignature();
        for (int i = 0; i < s.length; i++) {
            if (s[i] <= 0 || (sig.length == s.length && sig[i] < 0)) {
                throw ctx.unsupported("input shape " + Arrays.toString(sig.length > 0 ? sig : s) + " not static");
            }
        }
        return TensorData.toLongs(s);
    }

    private static long[] block(OpContext ctx, int rank) {
        long[] block = ctx.constInts(1, "block_shape");
        if (block.length == 0 || block.length > rank - 1) {
            throw ctx.error("block_shape of " + block.length + " values for an input of rank " + rank);
        }
        for (long b : block) {
            if (b <= 0) {
                throw ctx.error("block_shape " + Arrays.toString(block) + " must be positive");
            }
        }
        return block;
    }

    /**
     * Output batch index (i_1 * b_2 + i_2 ...) * B + n holds the block offsets (i_k) of batch n: pad, split each
     * spatial axis into [size / b, b], move the block axes in front of the batch, merge them into it.
     */
    private static void spaceToBatch(OpContext ctx) {
        long[] s = staticShape(ctx);
        int rank = s.length;
        long[] block = block(ctx, rank);
        int m = block.length;
        long[] pads = ctx.constInts(2, "paddings");
        if (pads.length != 2 * m) {
            throw ctx.error("paddings hold " + pads.length + " values, expected " + 2 * m);
        }
        long[] onnxPads = new long[2 * rank];
        long[] split = new long[rank + m];
        long[] perm = new long[rank + m];
        long[] out = new long[rank];
        split[0] = s[0];
        long blocks = 1;
        for (int i = 0; i < m; i++) {
            onnxPads[1 + i] = pads[2 * i];
            onnxPads[rank + 1 + i] = pads[2 * i + 1];
            long padded = s[1 + i] + pads[2 * i] + pads[2 * i + 1];
            if (pads[2 * i] < 0 || pads[2 * i + 1] < 0 || padded % block[i] != 0) {
                throw ctx.error("padded size " + padded + " of axis " + (1 + i) + " is not a multiple of block " + block[i]);
            }
            split[1 + 2 * i] = padded / block[i];
            split[2 + 2 * i] = block[i];
            out[1 + i] = padded / block[i];
            blocks *= block[i];
            perm[i] = 2 + 2 * i;
            perm[m + 1 + i] = 1 + 2 * i;
        }
        perm[m] = 0;
        for (int i = 1 + m; i < rank; i++) {
            split[m + i] = s[i];
            perm[m + i] = m + i;
            out[i] = s[i];
        }
        out[0] = s[0] * blocks;
        String x = ctx.op1Node("Pad", ctx.in(0), ctx.constLongs(onnxPads)).attr("mode", "constant").outputs().get(0);
        x = ctx.op1("Reshape", x, ctx.constLongs(split));
        x = NhwcOps.transpose(ctx, x, perm);
        ctx.emit("Reshape", ctx.out(0), x, ctx.constLongs(out));
    }

    /** The inverse: split the batch into [b_1, ..., b_M, B], interleave each block axis behind its spatial axis, crop. */
    private static void batchToSpace(OpContext ctx) {
        long[] s = staticShape(ctx);
        int rank = s.length;
        long[] block = block(ctx, rank);
        int m = block.length;
        long[] crops = ctx.constInts(2, "crops");
        if (crops.length != 2 * m) {
            throw ctx.error("crops hold " + crops.length + " values, expected " + 2 * m);
        }
        long blocks = Arrays.stream(block).reduce(1, (a, b) -> a * b);
        if (s[0] % blocks != 0) {
            throw ctx.error("batch " + s[0] + " is not a multiple of the block product " + blocks);
        }
        long[] split = new long[rank + m];
        long[] perm = new long[rank + m];
        long[] merged = new long[rank];
        System.arraycopy(block, 0, split, 0, m);
        split[m] = s[0] / blocks;
        merged[0] = s[0] / blocks;
        perm[0] = m;
        long[] starts = new long[m];
        long[] ends = new long[m];
        long[] axes = new long[m];
        for (int i = 0; i < m; i++) {
            split[m + 1 + i] = s[1 + i];
            perm[1 + 2 * i] = m + 1 + i;
            perm[2 + 2 * i] = i;
            merged[1 + i] = s[1 + i] * block[i];
            starts[i] = crops[2 * i];
            ends[i] = merged[1 + i] - crops[2 * i + 1];
            axes[i] = 1 + i;
            if (crops[2 * i] < 0 || crops[2 * i + 1] < 0 || ends[i] < starts[i]) {
                throw ctx.error("crops " + crops[2 * i] + ", " + crops[2 * i + 1] + " exceed axis " + (1 + i) + " of size " + merged[1 + i]);
            }
        }
        for (int i = 1 + m; i < rank; i++) {
            split[m + i] = s[i];
            perm[m + i] = m + i;
            merged[i] = s[i];
        }
        String x = ctx.op1("Reshape", ctx.in(0), ctx.constLongs(split));
        x = NhwcOps.transpose(ctx, x, perm);
        x = ctx.op1("Reshape", x, ctx.constLongs(merged));
        ctx.emit("Slice", ctx.out(0), x, ctx.constLongs(starts), ctx.constLongs(ends), ctx.constLongs(axes));
    }
}
