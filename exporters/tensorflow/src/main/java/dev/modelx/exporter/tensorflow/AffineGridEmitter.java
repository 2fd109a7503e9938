package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/**
 * AffineGrid: the normalised base points (x along W, then y, then z; -1..1 at pixel centres, or at the
 * corners with align_corners) are built from the size input with Range and broadcasts, made homogeneous,
 * and multiplied by every theta (BatchMatMulV2, in double precision as the reference does).
 */
final class AffineGridEmitter {

    private AffineGridEmitter() {
    }

    static void register(Emitters r) {
        r.register(AffineGridEmitter::emit, "AffineGrid");
    }

    private static void emit(EmitContext c) {
        Val theta = c.require(0, "theta");
        Val size = c.require(1, "size");
        long rl = theta.dim(1) > 0 ? theta.dim(1) : size.dim(0) - 2;
        if (rl != 2 && rl != 3) {
            throw c.error("AffineGrid needs a static 2-D or 3-D theta or size, got " + theta + " and " + size);
        }
        int r = (int) rl;
        boolean align = c.node.attrLong("align_corners", 0) != 0;
        DataType t = theta.type();
        DataType d = DataType.DOUBLE;
        String sz = Ops.cast(c, c.t(size), size.type(), DataType.INT64);
        String spatial = Ops.slice1d(c, sz, DataType.INT64, 2, 2 + r);
        TfOp comps = c.op("Pack", "base").type("T", d).i("N", r + 1).i("axis", -1);
        String ones = null;
        for (int i = 0; i < r; i++) {
            // component i (x, y, z) runs along spatial axis r - 1 - i
            int axis = r - 1 - i;
            String len = Ops.reshape(c, Ops.slice1d(c, spatial, DataType.INT64, axis, axis + 1), DataType.INT64, c.longs());
            String idx = Ops.cast(c, c.op("Range", "range").in(c.constant(Tensor.scalar(0L))).in(len).in(c.constant(Tensor.scalar(1L)))
                    .type("Tidx", DataType.INT64).out(), DataType.INT64, d);
            String fl = Ops.cast(c, len, DataType.INT64, d);
            String v;
            if (align) {
                String den = Ops.bin(c, "Maximum", Ops.bin(c, "Sub", fl, c.scalar(d, 1), d), c.scalar(d, 1), d);
                v = Ops.bin(c, "AddV2", c.scalar(d, -1), Ops.bin(c, "RealDiv", Ops.bin(c, "Mul", idx, c.scalar(d, 2), d), den, d), d);
            } else {
                v = Ops.bin(c, "Sub", Ops.bin(c, "RealDiv", Ops.bin(c, "AddV2", Ops.bin(c, "Mul", idx, c.scalar(d, 2), d), c.scalar(d, 1), d),
                        fl, d), c.scalar(d, 1), d);
            }
            long[] shape = new long[r];
            java.util.Arrays.fill(shape, 1);
            shape[axis] = -1;
            String grid = c.op("BroadcastTo", "grid").in(Ops.reshape(c, v, d, c.longs(shape))).in(spatial).type("T", d)
                    .type("Tidx", DataType.INT64).out();
            comps.in(grid);
            if (ones == null) {
                ones = c.op("OnesLike", "ones").in(grid).type("T", d).out();
            }
        }
        comps.in(ones);
        String points = Ops.reshape(c, comps.out(), d, c.longs(-1, r + 1));
        String y = c.op("BatchMatMulV2", "transform").in(points).in(Ops.cast(c, c.t(theta), t, d)).type("T", d)
                .b("adj_x", false).b("adj_y", true).out();
        String outShape = Ops.concat(c, DataType.INT64, 0, Ops.slice1d(c, sz, DataType.INT64, 0, 1), spatial, c.longs(r));
        y = Ops.cast(c, Ops.reshape(c, y, d, outShape), d, t);
        long[] shape = new long[r + 2];
        java.util.Arrays.fill(shape, -1);
        shape[0] = theta.dim(0);
        shape[r + 1] = r;
        long[] sc = ConstTensors.longValues(size);
        if (sc != null && sc.length == r + 2) {
            System.arraycopy(sc, 2, shape, 1, r);
        }
        c.out(0, c.val(y, t, shape));
    }
}
