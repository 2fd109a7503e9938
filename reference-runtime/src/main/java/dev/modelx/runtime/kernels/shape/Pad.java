package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * Pad: modes constant/reflect/edge (wrap from op set 19). Pads and value are attributes before op set 11
 * ('paddings' in op set 1), inputs after; the axes input arrives in 18. Negative pads crop.
 */
final class Pad {

    private Pad() {
    }

    static void v1(OpContext c) {
        attrs(c, "paddings");
    }

    static void v2(OpContext c) {
        attrs(c, "pads");
    }

    static void v11(OpContext c) {
        Tensor x = c.input(0);
        long[] pads = Data.ints(c, c.input(1), "pads");
        Tensor value = c.optionalInput(2);
        if (value != null && value.size() != 1) {
            throw c.error("constant_value must hold one value, got shape " + Arrays.toString(value.shape()));
        }
        if (value != null && value.type() != x.type()) {
            throw c.error("constant_value is " + value.type().displayName() + " but data is " + x.type().displayName());
        }
        Tensor axes = c.opset() >= 18 ? c.optionalInput(3) : null;
        pads = expandAxes(c, pads, axes == null ? null : Data.ints(c, axes, "axes"), x.rank());
        c.output(0, pad(c, x, pads, c.attrString("mode", "constant"), value));
    }

    private static void attrs(OpContext c, String padsName) {
        Tensor x = c.input(0);
        long[] pads = c.attrLongs(padsName, null);
        if (pads == null) {
            throw c.error("attribute '" + padsName + "' is required");
        }
        Tensor value = null;
        float v = c.attrFloat("value", 0f);
        if (v != 0f && x.type() != DataType.STRING) {
            value = Tensors.fromDoubles(x.type(), new long[] {1}, new double[] {v});
        }
        c.output(0, pad(c, x, pads, c.attrString("mode", "constant"), value));
    }

    /** Spreads pads given for {@code axes} into a full begin/end list for every axis. */
    static long[] expandAxes(OpContext c, long[] pads, long[] axesIn, int rank) {
        if (axesIn == null) {
            return pads;
        }
        int[] axes = Data.axes(c, axesIn, rank);
        if (pads.length != 2 * axes.length) {
            throw c.error("pads " + Arrays.toString(pads) + " must have two entries per axis in " + Arrays.toString(axesIn));
        }
        long[] full = new long[2 * rank];
        for (int i = 0; i < axes.length; i++) {
            full[axes[i]] = pads[i];
            full[rank + axes[i]] = pads[axes.length + i];
        }
        return full;
    }

    static Tensor pad(OpContext c, Tensor x, long[] pads, String mode, Tensor value) {
        long[] s = x.shape();
        int rank = s.length;
        if (pads.length != 2 * rank) {
            throw c.error("pads " + Arrays.toString(pads) + " must have " + 2 * rank + " entries for shape " + Arrays.toString(s));
        }
        if (!mode.equals("constant") && !mode.equals("reflect") && !mode.equals("edge") && !(mode.equals("wrap") && c.opset() >= 19)) {
            throw c.error("unsupported mode '" + mode + "'");
        }
        long[] out = new long[rank];
        for (int d = 0; d < rank; d++) {
            out[d] = s[d] + pads[d] + pads[rank + d];
            if (out[d] < 0) {
                throw c.error("pads " + Arrays.toString(pads) + " crop more than axis " + d + " of shape " + Arrays.toString(s) + " holds");
            }
            if (!mode.equals("constant") && s[d] == 0 && out[d] > 0) {
                throw c.error("mode '" + mode + "' cannot pad the empty axis " + d);
            }
        }
        int n = Data.count(c, out, x.type());
        long[] strides = Data.strides(s);
        int[] idx = new int[n];
        long[] ix = new long[rank];
        for (int i = 0; i < n; i++) {
            Data.unravel(i, out, ix);
            long pos = 0;
            for (int d = 0; d < rank; d++) {
                long v = source(ix[d] - pads[d], s[d], mode);
                if (v < 0) {
                    pos = -1;
                    break;
                }
                pos += v * strides[d];
            }
            idx[i] = (int) pos;
        }
        return Data.take(x, out, idx, value);
    }

    /** The input coordinate for padded coordinate {@code i} of an axis of size {@code n}, or -1 for the constant. */
    private static long source(long i, long n, String mode) {
        if (i >= 0 && i < n) {
            return i;
        }
        return switch (mode) {
            case "edge" -> i < 0 ? 0 : n - 1;
            case "wrap" -> Math.floorMod(i, n);
            case "reflect" -> {
                if (n == 1) {
                    yield 0;
                }
                long period = 2 * (n - 1);
                long m = Math.floorMod(i, period);
                yield m >= n ? period - m : m;
            }
            default -> -1;
        };
    }
}
