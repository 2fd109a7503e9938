package dev.modelx.exporter.paddle.emit;

import dev.modelx.exporter.paddle.EmitterTable;
import dev.modelx.exporter.paddle.ExportContext;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;

/** Indexing by index tensors (gather_nd, scatter_nd_add), triangles, depth/space rearrangement and numel. */
final class IndexEmitters {

    private IndexEmitters() {
    }

    static void register(EmitterTable t) {
        t.add("GatherND", (c, n) -> {
            if (n.attrLong("batch_dims", 0) != 0) {
                throw new IllegalArgumentException("GatherND with batch_dims has no gather_nd equivalent");
            }
            c.op("gather_nd").in("X", c.var(n.input(0))).in("Index", c.var(n.input(1))).out("Out", c.out(n.output(0)));
        });
        t.add("ScatterND", IndexEmitters::scatterNd);
        t.add("Trilu", (c, n) -> {
            long[] k = Emit.hasInput(n, 1) ? c.constLongs(n.input(1)) : new long[] {0};
            if (k == null) {
                triluAtRunTime(c, n);
                return;
            }
            Emit.unary(c, n, "tril_triu").i("diagonal", k[0]).b("lower", n.attrLong("upper", 1) == 0);
        });
        t.add("DepthToSpace", IndexEmitters::depthToSpace);
        t.add("SpaceToDepth", (c, n) -> Emit.unary(c, n, "space_to_depth").i("blocksize", n.attrLong("blocksize", 1)));
        t.add("Size", (c, n) -> c.op("size").in("Input", c.var(n.input(0))).out("Out", c.out(n.output(0))));
    }

    /**
     * ScatterND without reduction replaces: x + scatter of (updates - x[indices]) (ONNX requires distinct
     * indices then); with reduction add it is scatter_nd_add itself.
     */
    private static void scatterNd(ExportContext c, Node n) {
        String reduction = n.attrString("reduction", "none");
        String x = c.var(n.input(0)), idx = c.var(n.input(1)), upd = c.var(n.input(2));
        String out = n.output(0);
        if (reduction.equals("none")) {
            String old = c.tempLike(out + ".old", c.dtype(n.input(2)), c.dims(n.input(2)));
            c.op("gather_nd").in("X", x).in("Index", idx).out("Out", old);
            String diff = c.tempLike(out + ".diff", c.dtype(n.input(2)), c.dims(n.input(2)));
            c.op("elementwise_sub").in("X", upd).in("Y", old).out("Out", diff).i("axis", -1);
            upd = diff;
        } else if (!reduction.equals("add")) {
            throw new IllegalArgumentException("ScatterND reduction " + reduction + " has no Paddle op");
        }
        c.op("scatter_nd_add").in("X", x).in("Index", idx).in("Updates", upd).out("Out", c.out(out));
    }

    /** CRD mode is pixel_shuffle; DCR (the default) is reshape, transpose, reshape over known C, H, W. */
    /**
     * Trilu with k computed at run time (tril_triu's diagonal is an attribute): the column-minus-row offsets of
     * the last two axes are a constant, compared with k (less_equal keeps the lower part, greater_equal the
     * upper), expanded to x's shape, and where() picks x or 0.
     */
    private static void triluAtRunTime(ExportContext c, Node n) {
        String x = n.input(0), out = n.output(0);
        long[] xd = c.dims(x);
        if (xd == null || xd.length < 2 || java.util.Arrays.stream(xd).anyMatch(d -> d < 0)) {
            throw new IllegalArgumentException("Trilu with a computed k needs x's static shape (got " + java.util.Arrays.toString(xd) + ")");
        }
        int h = (int) xd[xd.length - 2], w = (int) xd[xd.length - 1];
        long[] offsets = new long[Math.multiplyExact(h, w)];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                offsets[i * w + j] = j - i;
            }
        }
        String diag = out + ".col_minus_row";
        c.param(diag, dev.modelx.graph.Tensor.ofLongs(new long[] {h, w}, offsets));
        String k = c.var(n.input(1));
        if (c.dtype(n.input(1)) != DataType.INT64) {
            throw new IllegalArgumentException("Trilu's k must be int64");
        }
        String mask = c.tempLike(out + ".keep", DataType.BOOL, new long[] {h, w});
        c.op(n.attrLong("upper", 1) != 0 ? "greater_equal" : "less_equal").in("X", diag).in("Y", k).out("Out", mask).i("axis", -1);
        String full = c.tempLike(out + ".keep_all", DataType.BOOL, xd);
        c.op("expand_v2").in("X", mask).out("Out", full).ints("shape", xd);
        String zeros = c.tempLike(out + ".zeros", c.dtype(x), xd);
        c.add(dev.modelx.exporter.paddle.ConstantOps.fillConstant(c, zeros, c.dtype(x), xd, 0));
        c.op("where").in("Condition", full).in("X", c.var(x)).in("Y", zeros).out("Out", c.out(out));
    }

    private static void depthToSpace(ExportContext c, Node n) {
        long b = n.attrLong("blocksize", 1);
        if (n.attrString("mode", "DCR").equals("CRD")) {
            Emit.unary(c, n, "pixel_shuffle").i("upscale_factor", b).s("data_format", "NCHW");
            return;
        }
        String x = n.input(0);
        long[] d = c.dims(x);
        if (d == null || d.length != 4 || d[1] < 0 || d[2] < 0 || d[3] < 0) {
            throw new IllegalArgumentException("DepthToSpace DCR needs a 4-D input of known C, H, W");
        }
        long cb = d[1] / (b * b);
        String six = c.tempLike(n.output(0) + ".blocks", c.dtype(x), new long[] {d[0], b, b, cb, d[2], d[3]});
        c.op("reshape2").in("X", c.var(x)).out("Out", six).out("XShape", c.xshape("reshape2", x)).ints("shape", 0, b, b, cb, d[2], d[3]);
        String moved = c.tempLike(n.output(0) + ".moved", c.dtype(x), new long[] {d[0], cb, d[2], b, d[3], b});
        c.op("transpose2").in("X", six).out("Out", moved).ints("axis", 0, 3, 4, 1, 5, 2);
        c.op("reshape2").in("X", moved).out("Out", c.out(n.output(0))).out("XShape", c.xshape("reshape2", x))
                .ints("shape", 0, cb, d[2] * b, d[3] * b);
    }
}
