package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import java.util.ArrayList;
import java.util.List;

/** Transposed convolution and the space/batch rearrangements TF1 uses around dilated convolutions. */
final class SpatialOps {

    private SpatialOps() {
    }

    static void register(OpRegistry r) {
        r.register(SpatialOps::conv2dBackpropInput, "Conv2DBackpropInput");
        r.register(SpatialOps::spaceToBatch, "SpaceToBatchND");
        r.register(SpatialOps::batchToSpace, "BatchToSpaceND");
    }

    /**
     * Conv2DBackpropInput(input_sizes, filter [H, W, Cin, Cout], out_backprop) is ConvTranspose with weight
     * [Cout, Cin, H, W]; the forward convolution's padding of the constant input size gives the pads, and
     * output_padding restores rows a strided forward convolution dropped.
     */
    private static void conv2dBackpropInput(TfNode n, Scope s) {
        boolean cf = Layout.channelsFirst(n);
        long[] sizes = s.requireConstant(n, 0, "input_sizes").toLongArray();
        if (sizes.length != 4) {
            throw new TfImportException(n.describe() + ": input_sizes has " + sizes.length + " entries, expected 4");
        }
        long[] strides = Layout.spatial(n.ints("strides", null), cf, 4, 1);
        long[] dilations = Layout.spatial(n.ints("dilations", null), cf, 4, 1);
        var filterShape = s.shape(s.in(n, 1)).filter(sh -> sh.rank() == 4 && sh.isStatic())
                .orElseThrow(() -> new TfImportException(n.describe() + ": the filter's shape must be known"));
        long[] k = {filterShape.dim(0).value(), filterShape.dim(1).value()};
        String padding = n.s("padding", "VALID");
        long[] explicit = n.ints("explicit_paddings", new long[0]);
        long[] pads = new long[4];
        long[] outputPadding = new long[2];
        for (int i = 0; i < 2; i++) {
            long size = sizes[cf ? i + 2 : i + 1];
            long kEff = (k[i] - 1) * dilations[i] + 1;
            long before;
            long after;
            long out;
            switch (padding) {
                case "SAME" -> {
                    out = (size + strides[i] - 1) / strides[i];
                    long total = Math.max((out - 1) * strides[i] + kEff - size, 0);
                    before = total / 2;
                    after = total - before;
                }
                case "VALID" -> {
                    out = (size - kEff + strides[i]) / strides[i];
                    before = 0;
                    after = 0;
                }
                case "EXPLICIT" -> {
                    int d = cf ? i + 2 : i + 1;
                    if (explicit.length != 8) {
                        throw new TfImportException(n.describe() + ": explicit_paddings has " + explicit.length + " entries, expected 8");
                    }
                    before = explicit[2 * d];
                    after = explicit[2 * d + 1];
                    out = (size + before + after - kEff) / strides[i] + 1;
                }
                default -> throw new TfImportException(n.describe() + ": padding '" + padding + "' is not supported");
            }
            pads[i] = before;
            pads[i + 2] = after;
            outputPadding[i] = size - ((out - 1) * strides[i] + kEff - before - after);
        }
        String x = s.in(n, 2);
        if (!cf) {
            x = Layout.transpose(s, x, Layout.toChannelsFirst(4));
        }
        String w = Layout.transpose(s, s.in(n, 1), new long[]{3, 2, 0, 1});
        Node conv = s.node("ConvTranspose", x, w).ints("strides", strides).ints("dilations", dilations).ints("pads", pads)
                .ints("output_padding", outputPadding);
        String y = s.add(conv).output(0);
        s.out(n, 0, cf ? y : Layout.transpose(s, y, Layout.toChannelsLast(4)));
    }

    /** Pads the M spatial dims, splits each into (dim / block, block), moves the block factors in front of the batch. */
    private static void spaceToBatch(TfNode n, Scope s) {
        long[] block = s.requireConstant(n, 1, "block_shape").toLongArray();
        long[] pads = s.requireConstant(n, 2, "paddings").toLongArray();
        int m = block.length;
        int rank = s.rank(s.in(n, 0)).orElseThrow(() -> new TfImportException(n.describe() + ": the input's rank must be known"));
        long[] onnxPads = new long[2 * rank];
        for (int i = 0; i < m; i++) {
            onnxPads[1 + i] = pads[2 * i];
            onnxPads[rank + 1 + i] = pads[2 * i + 1];
        }
        String x = s.op("Pad", s.in(n, 0), s.constLongs("pads", onnxPads));
        String shape = shape(s, x);
        List<String> split = new ArrayList<>(List.of(dims(s, shape, 0, 1)));
        for (int i = 0; i < m; i++) {
            split.add(s.op("Div", dims(s, shape, 1 + i, 2 + i), s.constLongs("block", block[i])));
            split.add(s.constLongs("block", block[i]));
        }
        split.add(dims(s, shape, 1 + m, rank));
        String blocked = s.op("Reshape", x, concat(s, split));
        long[] perm = new long[rank + m];
        int p = 0;
        for (int i = 0; i < m; i++) {
            perm[p++] = 2 + 2L * i;
        }
        perm[p++] = 0;
        for (int i = 0; i < m; i++) {
            perm[p++] = 1 + 2L * i;
        }
        for (int i = 1 + m; i < rank; i++) {
            perm[p++] = i + m;
        }
        String moved = Layout.transpose(s, blocked, perm);
        List<String> out = new ArrayList<>();
        out.add(s.op("Mul", dims(s, shape, 0, 1), s.constLongs("blocks", product(block))));
        for (int i = 0; i < m; i++) {
            out.add(split.get(1 + 2 * i));
        }
        out.add(dims(s, shape, 1 + m, rank));
        s.out(n, 0, s.op("Reshape", moved, concat(s, out)));
    }

    /** Splits the block factors off the batch, interleaves them with the spatial dims, then crops. */
    private static void batchToSpace(TfNode n, Scope s) {
        long[] block = s.requireConstant(n, 1, "block_shape").toLongArray();
        long[] crops = s.requireConstant(n, 2, "crops").toLongArray();
        int m = block.length;
        String x = s.in(n, 0);
        int rank = s.rank(x).orElseThrow(() -> new TfImportException(n.describe() + ": the input's rank must be known"));
        String shape = shape(s, x);
        List<String> split = new ArrayList<>();
        for (long b : block) {
            split.add(s.constLongs("block", b));
        }
        String batch = s.op("Div", dims(s, shape, 0, 1), s.constLongs("blocks", product(block)));
        split.add(batch);
        split.add(dims(s, shape, 1, rank));
        String blocked = s.op("Reshape", x, concat(s, split));
        long[] perm = new long[rank + m];
        int p = 0;
        perm[p++] = m;
        for (int i = 0; i < m; i++) {
            perm[p++] = m + 1 + i;
            perm[p++] = i;
        }
        for (int i = 1 + m; i < rank; i++) {
            perm[p++] = m + i;
        }
        String moved = Layout.transpose(s, blocked, perm);
        List<String> out = new ArrayList<>(List.of(batch));
        for (int i = 0; i < m; i++) {
            out.add(s.op("Mul", dims(s, shape, 1 + i, 2 + i), s.constLongs("block", block[i])));
        }
        out.add(dims(s, shape, 1 + m, rank));
        String y = s.op("Reshape", moved, concat(s, out));
        long[] starts = new long[m];
        long[] ends = new long[m];
        long[] axes = new long[m];
        for (int i = 0; i < m; i++) {
            starts[i] = crops[2 * i];
            ends[i] = crops[2 * i + 1] == 0 ? Long.MAX_VALUE : -crops[2 * i + 1];
            axes[i] = 1 + i;
        }
        s.out(n, 0, s.op("Slice", y, s.constLongs("starts", starts), s.constLongs("ends", ends), s.constLongs("axes", axes)));
    }

    private static long product(long[] v) {
        long p = 1;
        for (long x : v) {
            p *= x;
        }
        return p;
    }

    /** The shape of {@code x} as int64, a constant when it is static. */
    private static String shape(Scope s, String x) {
        return BasicOps.shapeOf(s, x, DataType.INT64);
    }

    private static String dims(Scope s, String shape, long from, long to) {
        return s.op("Slice", shape, s.constLongs("from", from), s.constLongs("to", to));
    }

    private static String concat(Scope s, List<String> parts) {
        return s.add(s.node("Concat", parts.toArray(String[]::new)).attr("axis", 0L)).output(0);
    }
}
