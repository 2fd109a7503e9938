package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Slice and StridedSlice (with begin/end/ellipsis/new-axis/shrink masks) as ONNX Slice + Squeeze/Unsqueeze. */
final class SliceOps {

    private SliceOps() {
    }

    static void register(OpRegistry r) {
        r.register(SliceOps::slice, "Slice");
        r.register(SliceOps::stridedSlice, "StridedSlice");
    }

    private static String longs(Scope s, List<Long> v, String hint) {
        return s.constLongs(hint, v.stream().mapToLong(Long::longValue).toArray());
    }

    private static void slice(TfNode n, Scope s) {
        String begin = s.cast(s.in(n, 1), DataType.INT64);
        String size = s.cast(s.in(n, 2), DataType.INT64);
        String max = s.constant(Tensor.ofLongs(new long[0], Long.MAX_VALUE), "max");
        String minus1 = s.constant(Tensor.ofLongs(new long[0], -1), "minus_one");
        String ends = s.op("Where", s.op("Equal", size, minus1), max, s.op("Add", begin, size));
        s.out(n, 0, s.op("Slice", s.in(n, 0), begin, ends));
    }

    private static void stridedSlice(TfNode n, Scope s) {
        var bt = s.constantValue(s.in(n, 1));
        var et = s.constantValue(s.in(n, 2));
        var st = s.constantValue(s.in(n, 3));
        long beginMask = n.i("begin_mask", 0);
        long endMask = n.i("end_mask", 0);
        long ellipsisMask = n.i("ellipsis_mask", 0);
        long newAxisMask = n.i("new_axis_mask", 0);
        long shrinkMask = n.i("shrink_axis_mask", 0);
        if (bt.isEmpty() || et.isEmpty() || st.isEmpty()) {
            dynamicSlice(n, s, beginMask, endMask, shrinkMask, ellipsisMask | newAxisMask);
            return;
        }
        long[] b = bt.get().toLongArray();
        long[] e = et.get().toLongArray();
        long[] str = st.get().toLongArray();
        int m = b.length;
        String x = s.in(n, 0);
        var rank = s.rank(x);
        List<Long> starts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        List<Long> axes = new ArrayList<>();
        List<Long> steps = new ArrayList<>();
        List<Long> squeeze = new ArrayList<>();
        List<Long> unsqueeze = new ArrayList<>();
        long d = 0;
        long out = 0;
        boolean negative = false;
        for (int i = 0; i < m; i++) {
            long bit = 1L << i;
            if ((ellipsisMask & bit) != 0) {
                int realAfter = 0;
                for (int j = i + 1; j < m; j++) {
                    if ((newAxisMask & (1L << j)) == 0) {
                        realAfter++;
                    }
                }
                if (rank.isPresent()) {
                    long covered = rank.get() - d - realAfter;
                    d += covered;
                    out += covered;
                } else {
                    for (int j = i + 1; j < m; j++) {
                        if ((newAxisMask & (1L << j)) != 0) {
                            throw new TfImportException(n.describe() + ": a new axis after an ellipsis needs the input's rank");
                        }
                    }
                    d = -realAfter;
                    negative = true;
                }
                continue;
            }
            if ((newAxisMask & bit) != 0) {
                unsqueeze.add(out++);
                continue;
            }
            long step = str[i];
            if ((shrinkMask & bit) != 0) {
                starts.add(b[i]);
                ends.add(b[i] == -1 ? Long.MAX_VALUE : b[i] + 1);
                steps.add(1L);
                axes.add(d);
                squeeze.add(d);
            } else {
                starts.add((beginMask & bit) != 0 ? (step > 0 ? 0 : Long.MAX_VALUE) : b[i]);
                ends.add((endMask & bit) != 0 ? (step > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : e[i]);
                steps.add(step);
                axes.add(d);
                out++;
            }
            d++;
        }
        if (negative && !unsqueeze.isEmpty()) {
            throw new TfImportException(n.describe() + ": new axes with an ellipsis need the input's rank");
        }
        String y = x;
        if (!axes.isEmpty()) {
            y = s.op("Slice", x, longs(s, starts, "starts"), longs(s, ends, "ends"), longs(s, axes, "axes"), longs(s, steps, "steps"));
        }
        if (!squeeze.isEmpty()) {
            y = s.op("Squeeze", y, longs(s, squeeze, "squeeze_axes"));
        }
        if (!unsqueeze.isEmpty()) {
            y = s.op("Unsqueeze", y, longs(s, unsqueeze, "new_axes"));
        }
        s.out(n, 0, y);
    }

    /** The number of slice specs m, from whichever of begin/end/strides has a length known at import; -1 when none has. */
    private static int specCount(TfNode n, Scope s) {
        for (int i = 1; i <= 3; i++) {
            long[] known = KnownEntries.of(n.input(i), s);
            if (known != null) {
                return known.length;
            }
        }
        return -1;
    }

    /**
     * Run-time begin/end/strides: the masks pick replacements element by element (a full range in the direction
     * of each stride; a shrunk axis takes [begin, begin + 1), to the end for begin -1, with step 1).
     */
    private static void dynamicSlice(TfNode n, Scope s, long beginMask, long endMask, long shrinkMask, long unsupported) {
        if (unsupported != 0) {
            throw new TfImportException(n.describe() + ": ellipsis or new-axis masks with run-time begin/end/strides are not supported");
        }
        int m = specCount(n, s);
        String begin = s.cast(s.in(n, 1), DataType.INT64);
        String end = s.cast(s.in(n, 2), DataType.INT64);
        String strides = s.cast(s.in(n, 3), DataType.INT64);
        if (m < 0) {
            if ((beginMask | endMask | shrinkMask) != 0) {
                throw new TfImportException(n.describe() + ": masks with begin/end/strides of a length only known at run time "
                        + "are not supported");
            }
            // without masks, spec i slices axis i: the axes are 0 .. len(begin) - 1
            String count = s.op("Squeeze", s.op("Shape", begin), s.constLongs("axes", 0));
            String axes = s.op("Range", s.constant(Tensor.ofLongs(new long[0], 0), "zero"), count,
                    s.constant(Tensor.ofLongs(new long[0], 1), "one"));
            s.out(n, 0, s.op("Slice", s.in(n, 0), begin, end, axes, strides));
            return;
        }
        byte[] bm = new byte[m];
        byte[] em = new byte[m];
        byte[] sm = new byte[m];
        long[] axes = new long[m];
        List<Long> squeeze = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            bm[i] = (byte) ((beginMask >> i) & 1);
            em[i] = (byte) ((endMask >> i) & 1);
            sm[i] = (byte) ((shrinkMask >> i) & 1);
            axes[i] = i;
            if (sm[i] != 0) {
                squeeze.add((long) i);
            }
        }
        long[] shape = {m};
        String max = s.constant(Tensor.ofLongs(new long[0], Long.MAX_VALUE), "max");
        String min = s.constant(Tensor.ofLongs(new long[0], Long.MIN_VALUE), "min");
        String zero = s.constant(Tensor.ofLongs(new long[0], 0), "zero");
        String one = s.constant(Tensor.ofLongs(new long[0], 1), "one");
        String forward = s.op("Greater", strides, zero);
        String shrink = s.constant(Tensor.of(DataType.BOOL, shape, sm), "shrink_mask");
        String starts = s.op("Where", s.constant(Tensor.of(DataType.BOOL, shape, bm), "begin_mask"), s.op("Where", forward, zero, max), begin);
        String ends = s.op("Where", s.constant(Tensor.of(DataType.BOOL, shape, em), "end_mask"), s.op("Where", forward, max, min), end);
        String shrinkEnd = s.op("Where", s.op("Equal", starts, s.constant(Tensor.ofLongs(new long[0], -1), "minus_one")), max,
                s.op("Add", starts, one));
        ends = s.op("Where", shrink, shrinkEnd, ends);
        String steps = s.op("Where", shrink, one, strides);
        String y = s.op("Slice", s.in(n, 0), starts, ends, s.constLongs("axes", axes), steps);
        if (!squeeze.isEmpty()) {
            y = s.op("Squeeze", y, longs(s, squeeze, "squeeze_axes"));
        }
        s.out(n, 0, y);
    }
}
