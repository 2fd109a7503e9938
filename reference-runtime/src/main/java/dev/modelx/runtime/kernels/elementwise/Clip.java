package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

/**
 * Clip: bounds are attributes before op set 11, optional scalar inputs from 11 on (integers from 12).
 * The result is min(max(x, min), max), so min > max gives max everywhere, as numpy.clip does.
 */
public final class Clip {

    private Clip() {
    }

    public static void v1(OpContext c) {
        Tensor x = c.input(0);
        Ew.requireFloat(c, x, "input");
        double lo = c.hasAttr("min") ? c.attrFloat("min", 0) : Double.NEGATIVE_INFINITY;
        double hi = c.hasAttr("max") ? c.attrFloat("max", 0) : Double.POSITIVE_INFINITY;
        c.output(0, Ew.mapFloat(c, x, v -> Math.min(Math.max(v, lo), hi)));
    }

    public static void v11(OpContext c) {
        Tensor x = c.input(0);
        Tensor min = c.optionalInput(1);
        Tensor max = c.optionalInput(2);
        for (Tensor b : new Tensor[] {min, max}) {
            if (b != null) {
                Ew.requireSameType(c, x, b, "input and bounds");
                if (b.size() != 1) {
                    throw c.error("min and max must be scalars, got shape " + OpContext.shape(b.shape()));
                }
            }
        }
        if (Ew.isFloat(x.type())) {
            double lo = min == null ? Double.NEGATIVE_INFINITY : min.getDouble(0);
            double hi = max == null ? Double.POSITIVE_INFINITY : max.getDouble(0);
            c.output(0, Ew.mapFloat(c, x, v -> Math.min(Math.max(v, lo), hi)));
            return;
        }
        if (!Ew.isInt(x.type()) || c.opset() < 12) {
            throw c.error("input type " + x.type().displayName() + " is not supported at op set " + c.opset());
        }
        long flip = x.type() == DataType.UINT64 ? Long.MIN_VALUE : 0;
        long lo = min == null ? Long.MIN_VALUE : min.getLong(0) ^ flip;
        long hi = max == null ? Long.MAX_VALUE : max.getLong(0) ^ flip;
        long[] v = x.toLongArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.min(Math.max(v[i] ^ flip, lo), hi) ^ flip;
        }
        c.output(0, Tensors.fromLongs(x.type(), x.shape(), v));
    }
}
