package dev.modelx.importer.tensorflow;

import java.util.Arrays;

/**
 * The entries of a small 1-D integer TF tensor that are known at import although the tensor is computed:
 * exporters write shapes such as {@code Concat(Shape(x)[0:1], [H, W, C])} whose run-time part does not
 * matter to the consumer. Unknown entries are {@link #UNKNOWN}; null when not even the length is known.
 */
final class KnownEntries {

    static final long UNKNOWN = -1;
    private static final int MAX_DEPTH = 16;

    private KnownEntries() {
    }

    /** {@code r} must already be converted (it is an input of the node being converted). */
    static long[] of(TfRef r, Scope s) {
        return of(r, s, 0);
    }

    private static long[] of(TfRef r, Scope s, int depth) {
        if (depth > MAX_DEPTH || !s.isBound(r)) {
            return null;
        }
        String v = s.value(r);
        var c = s.constantValue(v);
        if (c.isPresent()) {
            return c.get().rank() <= 1 && !c.get().type().isFloatingPoint() ? c.get().toLongArray() : null;
        }
        TfNode n = s.source.node(r.node());
        long[] found = n == null ? null : switch (n.op()) {
            case "Identity", "Cast", "StopGradient" -> of(n.input(0), s, depth + 1);
            case "ConcatV2" -> concat(n, s, depth);
            case "Pack" -> pack(n, s, depth);
            case "Shape" -> shape(n, s);
            case "StridedSlice" -> stridedSlice(n, s, depth);
            case "TensorScatterUpdate", "TensorScatterAdd", "TensorScatterSub", "TensorScatterMax", "TensorScatterMin" ->
                    unknownEntries(of(n.input(0), s, depth + 1));
            default -> null;
        };
        if (found != null) {
            return found;
        }
        var shape = s.shape(v);
        if (shape.isPresent() && shape.get().rank() == 1 && shape.get().isStatic()) {
            long[] out = new long[(int) Math.min(shape.get().dim(0).value(), 64)];
            Arrays.fill(out, UNKNOWN);
            return out.length == shape.get().dim(0).value() ? out : null;
        }
        return null;
    }

    /** As long as {@code like}, every entry unknown (a scatter into it keeps its length). */
    private static long[] unknownEntries(long[] like) {
        if (like == null) {
            return null;
        }
        long[] out = new long[like.length];
        Arrays.fill(out, UNKNOWN);
        return out;
    }

    private static long[] concat(TfNode n, Scope s, int depth) {
        long[] out = new long[0];
        for (int i = 0; i < n.inputCount() - 1; i++) {
            long[] part = of(n.input(i), s, depth + 1);
            if (part == null) {
                return null;
            }
            long[] joined = Arrays.copyOf(out, out.length + part.length);
            System.arraycopy(part, 0, joined, out.length, part.length);
            out = joined;
        }
        return out;
    }

    private static long[] pack(TfNode n, Scope s, int depth) {
        if (n.i("axis", 0) != 0) {
            return null;
        }
        long[] out = new long[n.inputCount()];
        for (int i = 0; i < out.length; i++) {
            long[] e = of(n.input(i), s, depth + 1);
            out[i] = e != null && e.length == 1 ? e[0] : UNKNOWN;
        }
        return out;
    }

    private static long[] shape(TfNode n, Scope s) {
        var shape = s.isBound(n.input(0)) ? s.shape(s.value(n.input(0))) : java.util.Optional.<dev.modelx.graph.Shape>empty();
        if (shape.isEmpty()) {
            return null;
        }
        long[] out = new long[shape.get().rank()];
        for (int i = 0; i < out.length; i++) {
            var d = shape.get().dim(i);
            out[i] = d.isStatic() ? d.value() : UNKNOWN;
        }
        return out;
    }

    /** x[b:e] with stride 1 on a 1-D tensor, constant bounds, no shrink/new-axis/ellipsis. */
    private static long[] stridedSlice(TfNode n, Scope s, int depth) {
        if (n.i("shrink_axis_mask", 0) != 0 || n.i("new_axis_mask", 0) != 0 || n.i("ellipsis_mask", 0) != 0) {
            return null;
        }
        var b = s.constantValue(s.in(n, 1));
        var e = s.constantValue(s.in(n, 2));
        var st = s.constantValue(s.in(n, 3));
        if (b.isEmpty() || e.isEmpty() || st.isEmpty() || b.get().size() != 1 || e.get().size() != 1
                || st.get().toLongArray()[0] != 1) {
            return null;
        }
        long[] in = of(n.input(0), s, depth + 1);
        if (in == null) {
            return null;
        }
        long len = in.length;
        long begin = (n.i("begin_mask", 0) & 1) != 0 ? 0 : clamp(b.get().toLongArray()[0], len);
        long end = (n.i("end_mask", 0) & 1) != 0 ? len : clamp(e.get().toLongArray()[0], len);
        return end <= begin ? new long[0] : Arrays.copyOfRange(in, (int) begin, (int) end);
    }

    private static long clamp(long i, long len) {
        long v = i < 0 ? i + len : i;
        return Math.max(0, Math.min(len, v));
    }
}
