package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.Arrays;

/**
 * CenterCropPad (op set 18) for a static input shape and a constant target shape: each listed axis is
 * cropped around its centre (Slice from (size - target) / 2) or zero-padded ((target - size) / 2 before).
 */
final class CenterCropPadEmitter {

    private CenterCropPadEmitter() {
    }

    static void emit(EmitContext c) {
        Val x = c.require(0, "input_data");
        Val shape = c.require(1, "shape");
        int rank = c.rank(x, "the input");
        if (!x.hasStaticShape()) {
            throw c.error("CenterCropPad needs a static input shape, got " + Arrays.toString(x.shape()));
        }
        long[] axes = c.node.attrLongs("axes", null);
        if (axes == null) {
            axes = new long[rank];
            for (int i = 0; i < rank; i++) {
                axes[i] = i;
            }
        }
        long[] target = ConstTensors.longValues(shape);
        if (target == null) {
            computed(c, x, shape, axes);
            return;
        }
        if (axes.length != target.length) {
            throw c.error("shape " + Arrays.toString(target) + " must have one entry per axis in " + Arrays.toString(axes));
        }
        long[] s = x.shape();
        long[] begin = new long[rank];
        long[] size = s.clone();
        long[] pads = new long[2 * rank];
        boolean crop = false;
        boolean pad = false;
        for (int i = 0; i < axes.length; i++) {
            int a = Shapes.axis(axes[i], rank);
            if (target[i] < 0) {
                throw c.error("negative size " + target[i] + " in shape " + Arrays.toString(target));
            }
            if (target[i] <= s[a]) {
                begin[a] = (s[a] - target[i]) / 2;
                size[a] = target[i];
                crop |= target[i] < s[a];
            } else {
                pads[2 * a] = (target[i] - s[a]) / 2;
                pads[2 * a + 1] = target[i] - s[a] - pads[2 * a];
                pad = true;
            }
        }
        DataType t = x.type();
        String y = c.t(x);
        if (crop) {
            y = c.op("Slice", "crop").in(y).in(c.longs(begin)).in(c.longs(size)).type("T", t).type("Index", DataType.INT64).out();
        }
        if (pad) {
            y = c.op("Pad", "pad").in(y).in(c.constant(Tensor.ofLongs(new long[]{rank, 2}, pads))).type("T", t)
                    .type("Tpaddings", DataType.INT64).out();
        }
        if (!crop && !pad) {
            y = Ops.identity(c, y, t);
        }
        long[] out = s.clone();
        for (int i = 0; i < axes.length; i++) {
            out[Shapes.axis(axes[i], rank)] = target[i];
        }
        c.out(0, c.val(y, t, out));
    }

    /**
     * A computed target shape: per listed axis, crop begin max(size - target, 0) / 2 and pads
     * max(target - size, 0) split with the smaller half first, scattered into full-rank Slice and Pad operands.
     */
    private static void computed(EmitContext c, Val x, Val shape, long[] axes) {
        int rank = x.rank();
        DataType l = DataType.INT64;
        long[] s = x.shape();
        long[] sizes = new long[axes.length];
        long[] where = new long[axes.length];
        long[] outShape = s.clone();
        for (int i = 0; i < axes.length; i++) {
            int a = Shapes.axis(axes[i], rank);
            sizes[i] = s[a];
            where[i] = a;
            outShape[a] = -1;
        }
        String idx = c.constant(Tensor.ofLongs(new long[]{axes.length, 1}, where));
        String t = Ops.reshape(c, Ops.cast(c, c.t(shape), shape.type(), l), l, c.longs(-1));
        String diff = Ops.bin(c, "Sub", c.longs(sizes), t, l);
        String zero = c.constant(Tensor.scalar(0L));
        String two = c.constant(Tensor.scalar(2L));
        String cropBegin = Ops.bin(c, "FloorDiv", Ops.bin(c, "Maximum", diff, zero, l), two, l);
        String keep = Ops.bin(c, "Minimum", c.longs(sizes), t, l);
        String padTotal = Ops.bin(c, "Maximum", Ops.un(c, "Neg", diff, l), zero, l);
        String padBegin = Ops.bin(c, "FloorDiv", padTotal, two, l);
        String padEnd = Ops.bin(c, "Sub", padTotal, padBegin, l);
        String begin = scatter(c, idx, cropBegin, c.longs(rank));
        String size = Ops.bin(c, "AddV2", c.longs(s), scatter(c, idx, Ops.bin(c, "Sub", keep, c.longs(sizes), l), c.longs(rank)), l);
        String pairs = c.op("Pack", "pads").in(padBegin).in(padEnd).type("T", l).i("N", 2).i("axis", 1).out();
        String paddings = scatter(c, idx, pairs, c.longs(rank, 2));
        DataType dt = x.type();
        String y = c.op("Slice", "crop").in(c.t(x)).in(begin).in(size).type("T", dt).type("Index", l).out();
        y = c.op("Pad", "pad").in(y).in(paddings).type("T", dt).type("Tpaddings", l).out();
        c.out(0, c.val(y, dt, outShape));
    }

    private static String scatter(EmitContext c, String indices, String updates, String shape) {
        return c.op("ScatterNd", "scatter").in(indices).in(updates).in(shape).type("T", DataType.INT64).type("Tindices", DataType.INT64).out();
    }
}
