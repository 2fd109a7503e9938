package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/**
 * Cumprod (ONNX has no cumulative product): the axis, of a length known at import, is unrolled into
 * slices multiplied in order (from the end with reverse, shifted by one with exclusive) and concatenated.
 * An axis computed at run time selects, by Where, among the products along every axis.
 */
final class CumprodOps {

    private static final int MAX_UNROLLED = 256;

    private CumprodOps() {
    }

    static void register(OpRegistry r) {
        r.register(CumprodOps::cumprod, "Cumprod");
    }

    private static void cumprod(TfNode n, Scope s) {
        String x = s.in(n, 0);
        long[] entries = KnownEntries.of(n.input(0), s);
        int rank = s.rank(x).orElse(entries != null ? 1 : -1);
        if (rank < 1) {
            throw new TfImportException(n.describe() + ": Cumprod needs the input's rank");
        }
        var axisConst = s.constantValue(s.in(n, 1));
        if (axisConst.isPresent()) {
            long axis = axisConst.get().getLong(0);
            int a = (int) (axis < 0 ? axis + rank : axis);
            if (a < 0 || a >= rank) {
                throw new TfImportException(n.describe() + ": axis " + axis + " is out of range for rank " + rank);
            }
            s.out(n, 0, along(n, s, x, a, rank, entries));
            return;
        }
        // axis at run time: normalised to [0, rank), it picks one of the per-axis products
        String axis = s.cast(s.op("Reshape", s.in(n, 1), s.constLongs("scalar", new long[0])), DataType.INT64);
        String r = s.constant(Tensor.ofLongs(new long[0], rank), "rank");
        String normalized = s.op("Mod", s.op("Add", axis, r), r);
        String y = along(n, s, x, rank - 1, rank, entries);
        for (int a = rank - 2; a >= 0; a--) {
            String pick = s.op("Equal", normalized, s.constant(Tensor.ofLongs(new long[0], a), "axis_" + a));
            y = s.op("Where", pick, along(n, s, x, a, rank, entries), y);
        }
        s.out(n, 0, y);
    }

    private static String along(TfNode n, Scope s, String x, int a, int rank, long[] entries) {
        long len = s.shape(x).filter(sh -> sh.rank() == rank && sh.dim(a).isStatic()).map(sh -> sh.dim(a).value())
                .orElse(rank == 1 && entries != null ? (long) entries.length : -1L);
        if (len < 0 || len > MAX_UNROLLED) {
            throw new TfImportException(n.describe() + ": Cumprod needs a known length of at most " + MAX_UNROLLED + " along axis " + a
                    + (len < 0 ? ", it is computed" : ", got " + len));
        }
        if (len == 0) {
            return x;
        }
        boolean exclusive = n.b("exclusive", false);
        boolean reverse = n.b("reverse", false);
        DataType t = n.requireType("T");
        String axes = s.constLongs("axis", a);
        String[] slice = new String[(int) len];
        for (int i = 0; i < len; i++) {
            slice[i] = s.op("Slice", x, s.constLongs("at", i), s.constLongs("next", i + 1), axes);
        }
        String[] out = new String[(int) len];
        String acc = null;
        for (int k = 0; k < len; k++) {
            int i = reverse ? (int) len - 1 - k : k;
            if (exclusive) {
                out[i] = acc != null ? acc : s.op("Expand", s.constant(Consts.scalar(t, 1), "one"), s.op("Shape", slice[i]));
                acc = acc == null ? slice[i] : s.op("Mul", acc, slice[i]);
            } else {
                acc = acc == null ? slice[i] : s.op("Mul", acc, slice[i]);
                out[i] = acc;
            }
        }
        return out.length == 1 ? out[0] : s.add(s.node("Concat", out).attr("axis", (long) a)).output(0);
    }
}
