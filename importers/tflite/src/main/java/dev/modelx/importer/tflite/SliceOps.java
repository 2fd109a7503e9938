package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.IndexingOptions;

import java.util.ArrayList;
import java.util.List;

/** SLICE, STRIDED_SLICE (all five masks and offset) and REVERSE_V2, as ONNX Slice (+ Squeeze/Unsqueeze). */
final class SliceOps {

    private static final long MAX = Long.MAX_VALUE;
    private static final long MIN = Long.MIN_VALUE;

    private SliceOps() {
    }

    static void register(OpRegistry r) {
        r.register("SLICE", SliceOps::slice);
        r.register("STRIDED_SLICE", SliceOps::stridedSlice);
        r.register("REVERSE_V2", ctx -> {
            long[] axes = ctx.constInts(1, "axis");
            long[] starts = new long[axes.length];
            long[] ends = new long[axes.length];
            long[] steps = new long[axes.length];
            java.util.Arrays.fill(starts, -1);
            java.util.Arrays.fill(ends, MIN);
            java.util.Arrays.fill(steps, -1);
            ctx.emit("Slice", ctx.out(0), ctx.in(0), ctx.constLongs(starts), ctx.constLongs(ends), ctx.constLongs(axes),
                    ctx.constLongs(steps));
        });
    }

    /** begin and size (-1 = to the end), constant or computed. */
    private static void slice(OpContext ctx) {
        String begin = ctx.asInt64(ctx.in(1), ctx.inType(1));
        String size = ctx.asInt64(ctx.in(2), ctx.inType(2));
        String end = ctx.op1("Add", begin, size);
        String toEnd = ctx.op1("Equal", size, ctx.constLongScalar(-1));
        end = ctx.op1("Where", toEnd, ctx.constLongScalar(MAX), end);
        ctx.emit("Slice", ctx.out(0), ctx.in(0), begin, end);
    }

    /** Walks TF's sparse slice spec (ellipsis, new axes, shrinks) into per-input-axis Slice ranges. */
    static void stridedSlice(OpContext ctx) {
        IndexingOptions.StridedSlice o = IndexingOptions.StridedSlice.of(ctx.op());
        long[] begin = ctx.constInts(1, "begin");
        long[] end = ctx.constInts(2, "end");
        long[] strides = ctx.hasInput(3) ? ctx.constInts(3, "strides") : ones(begin.length);
        if (end.length != begin.length || strides.length != begin.length) {
            throw ctx.error("begin/end/strides lengths " + begin.length + "/" + end.length + "/" + strides.length + " differ");
        }
        int rank = ctx.inRank(0);
        int specAxes = 0;
        for (int i = 0; i < begin.length; i++) {
            if ((o.ellipsisMask() >> i & 1) == 0 && (o.newAxisMask() >> i & 1) == 0) {
                specAxes++;
            }
        }
        List<Long> starts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        List<Long> axes = new ArrayList<>();
        List<Long> steps = new ArrayList<>();
        List<Long> shrink = new ArrayList<>();
        List<Long> newAxes = new ArrayList<>();
        int dim = 0;
        int outPos = 0;
        boolean sawEllipsis = false;
        for (int i = 0; i < begin.length; i++) {
            if ((o.ellipsisMask() >> i & 1) != 0 && !sawEllipsis) {
                sawEllipsis = true;
                int covered = rank - specAxes;
                dim += covered;
                outPos += covered;
                continue;
            }
            if ((o.newAxisMask() >> i & 1) != 0) {
                newAxes.add((long) outPos++);
                continue;
            }
            long s = strides[i];
            if (s == 0) {
                throw ctx.error("stride 0 on axis " + dim);
            }
            if ((o.shrinkAxisMask() >> i & 1) != 0) {
                long b = begin[i];
                starts.add(b);
                ends.add(b == -1 ? MAX : b + 1);
                steps.add(1L);
                axes.add((long) dim);
                shrink.add((long) dim);
                dim++;
                continue;
            }
            long b = (o.beginMask() >> i & 1) != 0 ? (s > 0 ? 0 : MAX) : begin[i];
            long e = (o.endMask() >> i & 1) != 0 ? (s > 0 ? MAX : MIN) : (o.offset() ? begin[i] + end[i] : end[i]);
            starts.add(b);
            ends.add(e);
            steps.add(s);
            axes.add((long) dim);
            dim++;
            outPos++;
        }
        if (dim > rank) {
            throw ctx.error("slice spec addresses " + dim + " axes of a rank-" + rank + " input");
        }
        String y = ctx.in(0);
        if (!axes.isEmpty()) {
            y = ctx.op1("Slice", y, ctx.constLongs(toArray(starts)), ctx.constLongs(toArray(ends)),
                    ctx.constLongs(toArray(axes)), ctx.constLongs(toArray(steps)));
        }
        if (!shrink.isEmpty()) {
            y = ctx.op1("Squeeze", y, ctx.constLongs(toArray(shrink)));
        }
        if (!newAxes.isEmpty()) {
            y = ctx.op1("Unsqueeze", y, ctx.constLongs(toArray(newAxes)));
        }
        ctx.emit("Identity", ctx.out(0), y);
    }

    private static long[] ones(int n) {
        long[] v = new long[n];
        java.util.Arrays.fill(v, 1);
        return v;
    }

    private static long[] toArray(List<Long> l) {
        return l.stream().mapToLong(Long::longValue).toArray();
    }

}
