package dev.modelx.runtime.kernels.control;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.value.SequenceValue;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.util.ArrayList;
import java.util.List;

/** The basic sequence ops of op set 11: SequenceEmpty, SequenceConstruct, SequenceAt, SequenceInsert, SequenceErase, SequenceLength. */
public final class Sequences {

    private Sequences() {
    }

    public static void empty(OpContext ctx) {
        DataType dtype = Values.dtype(ctx, "dtype", DataType.FLOAT);
        ctx.output(0, new SequenceValue(new Type.TensorType(dtype, null), List.of()));
    }

    public static void construct(OpContext ctx) {
        List<Value> items = new ArrayList<>();
        DataType type = null;
        for (int i = 0; i < ctx.inputCount(); i++) {
            Tensor t = ctx.input(i);
            if (type != null && t.type() != type) {
                throw ctx.error("input " + i + " is " + t.type().displayName() + " but input 0 is " + type.displayName()
                        + "; sequence elements share one type");
            }
            type = t.type();
            items.add(new TensorValue(t));
        }
        if (type == null) {
            throw ctx.error("SequenceConstruct needs at least one input");
        }
        ctx.output(0, new SequenceValue(new Type.TensorType(type, null), items));
    }

    public static void at(OpContext ctx) {
        SequenceValue s = Values.sequence(ctx, 0);
        int pos = position(ctx, ctx.input(1), s.items().size(), false);
        ctx.output(0, s.items().get(pos));
    }

    public static void insert(OpContext ctx) {
        SequenceValue s = Values.sequence(ctx, 0);
        Tensor t = ctx.input(1);
        checkElementType(ctx, s, t);
        List<Value> items = new ArrayList<>(s.items());
        Tensor p = ctx.optionalInput(2);
        int pos = p == null ? items.size() : position(ctx, p, items.size(), true);
        items.add(pos, new TensorValue(t));
        ctx.output(0, new SequenceValue(elementType(s, t), items));
    }

    public static void erase(OpContext ctx) {
        SequenceValue s = Values.sequence(ctx, 0);
        List<Value> items = new ArrayList<>(s.items());
        Tensor p = ctx.optionalInput(1);
        if (items.isEmpty()) {
            throw ctx.error("cannot erase from an empty sequence");
        }
        int pos = p == null ? items.size() - 1 : position(ctx, p, items.size(), false);
        items.remove(pos);
        ctx.output(0, new SequenceValue(s.elementType(), items));
    }

    public static void length(OpContext ctx) {
        SequenceValue s = Values.sequence(ctx, 0);
        ctx.output(0, Tensor.scalar((long) s.items().size()));
    }

    /**
     * A position in [-n, n-1] (or [-n, n] when inserting) mapped to [0, n-1] (or [0, n]); an error naming
     * the position and length otherwise.
     */
    static int position(OpContext ctx, Tensor p, int n, boolean inserting) {
        long pos = Values.scalarLong(ctx, p, "position");
        long hi = inserting ? n : n - 1;
        if (pos < -n || pos > hi) {
            throw ctx.error("position " + pos + " is out of range [" + (-n) + ", " + hi + "] for a sequence of length " + n);
        }
        return (int) (pos < 0 ? pos + n : pos);
    }

    private static void checkElementType(OpContext ctx, SequenceValue s, Tensor t) {
        DataType declared = null;
        if (s.elementType() instanceof Type.TensorType tt && tt.elementType() != DataType.UNDEFINED) {
            declared = tt.elementType();
        }
        if (!s.items().isEmpty() && s.items().get(0) instanceof TensorValue tv) {
            declared = tv.tensor().type();
        }
        if (declared != null && declared != t.type()) {
            throw ctx.error("cannot insert a " + t.type().displayName() + " tensor into a sequence of "
                    + declared.displayName());
        }
    }

    private static Type elementType(SequenceValue s, Tensor t) {
        return s.elementType() != null ? s.elementType() : new Type.TensorType(t.type(), null);
    }
}
