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
        r.register((n, s) -> backpropInput(n, s, 4), "Conv2DBackpropInput");
        r.register((n, s) -> backpropInput(n, s, 5), "Conv3DBackpropInputV2");
        r.register(SpatialOps::spaceToBatch, "SpaceToBatchND");
        r.register(SpatialOps::batchToSpace, "BatchToSpaceND");
    }

    /**
     * Conv2DBackpropInput / Conv3DBackpropInputV2(input_sizes, filter [spatial..., Cin, Cout], out_backprop) is
     * ConvTranspose with weight [Cout, Cin, spatial...]; the forward convolution's padding of the input size
     * gives the pads, and output_padding restores rows a strided forward convolution dropped.
     */
    private static void backpropInput(TfNode n, Scope s, int rank) {
        int nsp = rank - 2;
        boolean cf = Layout.channelsFirst(n);
        long[] sizes = KnownEntries.of(n.input(0), s);
        if (sizes != null && sizes.length != rank) {
            throw new TfImportException(n.describe() + ": input_sizes has " + sizes.length + " entries, expected " + rank);
        }
        long[] strides = Layout.spatial(n.ints("strides", null), cf, rank, 1);
        long[] dilations = Layout.spatial(n.ints("dilations", null), cf, rank, 1);
        var filterShape = s.shape(s.in(n, 1)).filter(sh -> sh.rank() == rank && sh.isStatic());
        // a computed filter's size is read at run time (only SAME padding needs it)
        long[] k = filterShape.map(f -> java.util.Arrays.copyOf(f.toArray(), nsp)).orElse(null);
        String padding = n.s("padding", "VALID");
        long[] explicit = n.ints("explicit_paddings", new long[0]);
        if (padding.equals("EXPLICIT") && explicit.length != 2 * rank) {
            throw new TfImportException(n.describe() + ": explicit_paddings has " + explicit.length + " entries, expected " + 2 * rank);
        }
        if (!padding.equals("SAME") && !padding.equals("VALID") && !padding.equals("EXPLICIT")) {
            throw new TfImportException(n.describe() + ": padding '" + padding + "' is not supported");
        }
        String x = s.in(n, 2);
        if (!cf) {
            x = Layout.transpose(s, x, Layout.toChannelsFirst(rank));
        }
        long[] wPerm = new long[rank];
        wPerm[0] = rank - 1;
        wPerm[1] = rank - 2;
        for (int i = 0; i < nsp; i++) {
            wPerm[i + 2] = i;
        }
        String w = Layout.transpose(s, s.in(n, 1), wPerm);
        boolean spatialKnown = k != null && sizes != null;
        for (int i = 0; spatialKnown && i < nsp; i++) {
            spatialKnown = sizes[cf ? i + 2 : i + 1] >= 0;
        }
        Transposed t = new Transposed(n, s, x, w, cf, rank, strides, dilations, k, padding, explicit);
        String y = spatialKnown ? staticSizes(t, sizes) : runtimeSizes(t);
        s.out(n, 0, cf ? y : Layout.transpose(s, y, Layout.toChannelsLast(rank)));
    }

    /** A transposed convolution being converted: operands in channels-first layout and the TF attributes. */
    private record Transposed(TfNode n, Scope s, String x, String w, boolean cf, int rank, long[] strides, long[] dilations,
                              long[] k, String padding, long[] explicit) {
        int dim(int i) {
            return cf ? i + 2 : i + 1;
        }
    }

    /** The forward convolution's padding of the (import-time) input size gives ConvTranspose's pads and output_padding. */
    private static String staticSizes(Transposed t, long[] sizes) {
        int nsp = t.rank() - 2;
        long[] pads = new long[2 * nsp];
        long[] outputPadding = new long[nsp];
        long[] strides = t.strides();
        for (int i = 0; i < nsp; i++) {
            long size = sizes[t.dim(i)];
            long kEff = (t.k()[i] - 1) * t.dilations()[i] + 1;
            long before;
            long after;
            long out;
            switch (t.padding()) {
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
                default -> {
                    before = t.explicit()[2 * t.dim(i)];
                    after = t.explicit()[2 * t.dim(i) + 1];
                    out = (size + before + after - kEff) / strides[i] + 1;
                }
            }
            pads[i] = before;
            pads[i + nsp] = after;
            outputPadding[i] = size - ((out - 1) * strides[i] + kEff - before - after);
        }
        Node conv = t.s().node("ConvTranspose", t.x(), t.w()).ints("strides", strides).ints("dilations", t.dilations()).ints("pads", pads)
                .ints("output_padding", outputPadding);
        return t.s().add(conv).output(0);
    }

    /**
     * Spatial sizes known only at run time: the unpadded ConvTranspose output, zero-extended by stride - 1 rows
     * (what output_padding would add), cropped to [before, before + size) with before computed from the sizes.
     */
    private static String runtimeSizes(Transposed t) {
        Scope s = t.s();
        TfNode n = t.n();
        int rank = t.rank();
        int nsp = rank - 2;
        long[] strides = t.strides();
        String full = s.add(s.node("ConvTranspose", t.x(), t.w()).ints("strides", strides).ints("dilations", t.dilations())).output(0);
        long[] extend = new long[2 * rank];
        long[] spatialAxes = new long[nsp];
        for (int i = 0; i < nsp; i++) {
            extend[rank + 2 + i] = strides[i] - 1;
            spatialAxes[i] = i + 2;
        }
        String padded = s.op("Pad", full, s.constLongs("extend", extend));
        String sizes = s.cast(s.in(n, 0), DataType.INT64);
        s.setType(sizes, DataType.INT64);
        String[] begins = new String[nsp];
        String[] ends = new String[nsp];
        for (int i = 0; i < nsp; i++) {
            int d = t.dim(i);
            String size = s.op("Slice", sizes, s.constLongs("at", d), s.constLongs("next", d + 1));
            String before = switch (t.padding()) {
                case "SAME" -> {
                    String kEff = t.k() != null ? s.constLongs("k_eff", (t.k()[i] - 1) * t.dilations()[i] + 1) : s.op("Add", s.op("Mul",
                            s.op("Sub", s.op("Slice", s.op("Shape", s.in(n, 1)), s.constLongs("at", i), s.constLongs("next", i + 1)),
                                    s.constLongs("one", 1)), s.constLongs("dilation", t.dilations()[i])), s.constLongs("one", 1));
                    String stride = s.constLongs("stride", strides[i]);
                    String out = s.op("Div", s.op("Add", size, s.constLongs("stride_minus_one", strides[i] - 1)), stride);
                    String span = s.op("Add", s.op("Mul", s.op("Sub", out, s.constLongs("one", 1)), stride), kEff);
                    String total = s.op("Max", s.op("Sub", span, size), s.constLongs("zero", 0));
                    yield s.op("Div", total, s.constLongs("two", 2));
                }
                case "VALID" -> s.constLongs("zero", 0);
                default -> s.constLongs("before", t.explicit()[2 * d]);
            };
            begins[i] = before;
            ends[i] = s.op("Add", before, size);
        }
        String starts = s.add(s.node("Concat", begins).attr("axis", 0L)).output(0);
        String stops = s.add(s.node("Concat", ends).attr("axis", 0L)).output(0);
        return s.op("Slice", padded, starts, stops, s.constLongs("spatial_axes", spatialAxes));
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
