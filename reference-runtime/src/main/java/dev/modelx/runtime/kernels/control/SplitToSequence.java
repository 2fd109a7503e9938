package dev.modelx.runtime.kernels.control;

import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.value.SequenceValue;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * SplitToSequence (11, 24): splits along 'axis' into parts of the sizes in 'split' (a 1-D list summing to
 * the dimension, or a scalar chunk size whose last chunk may be short); without 'split', into parts of
 * size 1, squeezed when keepdims is 0.
 */
public final class SplitToSequence {

    private SplitToSequence() {
    }

    public static void v11(OpContext ctx) {
        Tensor x = ctx.input(0);
        Tensor split = ctx.optionalInput(1);
        if (x.rank() == 0) {
            throw ctx.error("cannot split a scalar");
        }
        int axis = Shapes.axis(ctx, ctx.attrLong("axis", 0), x.rank());
        long dim = x.dim(axis);
        List<Value> items = new ArrayList<>();
        if (split == null) {
            boolean keep = ctx.attrLong("keepdims", 1) != 0;
            for (long i = 0; i < dim; i++) {
                items.add(new TensorValue(keep ? TensorOps.narrow(x, axis, i, 1) : TensorOps.take(x, axis, i)));
            }
        } else {
            if (!split.type().isInteger()) {
                throw ctx.error("split must be int32 or int64, got " + split.type().displayName());
            }
            long[] sizes = sizes(ctx, split, dim);
            long start = 0;
            for (long s : sizes) {
                items.add(new TensorValue(TensorOps.narrow(x, axis, start, s)));
                start += s;
            }
        }
        ctx.output(0, new SequenceValue(new Type.TensorType(x.type(), null), items));
    }

    private static long[] sizes(OpContext ctx, Tensor split, long dim) {
        long[] v = split.toLongArray();
        if (split.rank() == 0) {
            long chunk = v[0];
            if (chunk <= 0) {
                throw ctx.error("split size " + chunk + " must be positive");
            }
            int count = (int) ((dim + chunk - 1) / chunk);
            long[] out = new long[count];
            for (int i = 0; i < count; i++) {
                out[i] = Math.min(chunk, dim - i * chunk);
            }
            return out;
        }
        if (split.rank() != 1) {
            throw ctx.error("split must be a scalar or 1-D, got shape " + OpContext.shape(split.shape()));
        }
        long sum = 0;
        for (long s : v) {
            if (s < 0) {
                throw ctx.error("split sizes must be non-negative, got " + OpContext.shape(v));
            }
            sum += s;
        }
        if (sum != dim) {
            throw ctx.error("split sizes " + OpContext.shape(v) + " sum to " + sum + " but the dimension is " + dim);
        }
        return v;
    }
}
