package dev.modelx.exporter.paddle.emit;

import dev.modelx.exporter.paddle.EmitterTable;
import dev.modelx.exporter.paddle.ExportContext;
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
                throw new IllegalArgumentException("Trilu with a computed k is not written");
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
