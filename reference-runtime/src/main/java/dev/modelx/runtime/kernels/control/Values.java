package dev.modelx.runtime.kernels.control;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.value.MapValue;
import dev.modelx.runtime.value.OptionalValue;
import dev.modelx.runtime.value.SequenceValue;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

/** Small helpers over runtime values shared by the control-flow, sequence and optional kernels. */
public final class Values {

    private Values() {
    }

    /** The type of a concrete value, as precise as the value tells. */
    public static Type typeOf(Value v) {
        if (v instanceof TensorValue tv) {
            return new Type.TensorType(tv.tensor().type(), Shape.of(tv.tensor().shape()));
        }
        if (v instanceof SequenceValue sv) {
            Type e = sv.elementType();
            if (e == null && !sv.items().isEmpty()) {
                e = typeOf(sv.items().get(0));
            }
            return new Type.SequenceType(e);
        }
        if (v instanceof OptionalValue ov) {
            return new Type.OptionalType(ov.elementType() != null ? ov.elementType() : ov.value() == null ? null : typeOf(ov.value()));
        }
        MapValue m = (MapValue) v;
        return new Type.MapType(m.keys().type(), typeOf(m.values()));
    }

    /** The sequence at input {@code i}; an error when missing or of another kind. */
    public static SequenceValue sequence(OpContext ctx, int i) {
        Value v = ctx.value(i);
        if (v == null) {
            throw ctx.error("input " + i + " (a sequence) is required but missing");
        }
        if (!(v instanceof SequenceValue s)) {
            throw ctx.error("input " + i + " must be a sequence, got " + v.describe());
        }
        return s;
    }

    /** The tensor inside a value that must be a tensor (e.g. a sequence element or sub-graph output). */
    public static Tensor tensor(OpContext ctx, Value v, String what) {
        if (!(v instanceof TensorValue tv)) {
            throw ctx.error(what + " must be a tensor, got " + (v == null ? "nothing" : v.describe()));
        }
        return tv.tensor();
    }

    /** A scalar (or one-element) integer tensor's value, e.g. a position or trip count. */
    public static long scalarLong(OpContext ctx, Tensor t, String what) {
        if (t.size() != 1) {
            throw ctx.error(what + " must hold a single value, got shape " + OpContext.shape(t.shape()));
        }
        if (!t.type().isInteger()) {
            throw ctx.error(what + " must be an integer tensor, got " + t.type().displayName());
        }
        return t.getLong(0);
    }

    /** A scalar (or one-element) bool tensor's value. */
    public static boolean scalarBool(OpContext ctx, Tensor t, String what) {
        if (t.size() != 1) {
            throw ctx.error(what + " must hold a single value, got shape " + OpContext.shape(t.shape()));
        }
        return t.getDouble(0) != 0;
    }

    /** The element type named by an integer attribute (a TensorProto.DataType code), or {@code dflt} when absent. */
    public static DataType dtype(OpContext ctx, String attr, DataType dflt) {
        if (!ctx.hasAttr(attr)) {
            return dflt;
        }
        long code = ctx.attrLong(attr, 0);
        try {
            return DataType.fromCode((int) code);
        } catch (IllegalArgumentException e) {
            throw ctx.error("attribute '" + attr + "' names unknown data type " + code);
        }
    }

    public static Value wrap(Tensor t) {
        return new TensorValue(t);
    }
}
