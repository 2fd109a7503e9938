package dev.modelx.runtime.kernels.control;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.value.SequenceValue;
import dev.modelx.runtime.value.Value;

import java.util.ArrayList;
import java.util.List;

/** ConcatFromSequence (11): concatenates (new_axis=0) or stacks (new_axis=1) a sequence's tensors along 'axis'. */
public final class ConcatFromSequence {

    private ConcatFromSequence() {
    }

    public static void v11(OpContext ctx) {
        SequenceValue s = Values.sequence(ctx, 0);
        if (!ctx.hasAttr("axis")) {
            throw ctx.error("attribute 'axis' is required");
        }
        if (s.items().isEmpty()) {
            throw ctx.error("cannot concatenate an empty sequence");
        }
        List<Tensor> parts = new ArrayList<>();
        for (Value v : s.items()) {
            parts.add(Values.tensor(ctx, v, "sequence element"));
        }
        boolean newAxis = ctx.attrLong("new_axis", 0) != 0;
        int rank = parts.get(0).rank();
        long axisAttr = ctx.attrLong("axis", 0);
        if (newAxis) {
            ctx.output(0, TensorOps.stack(ctx, parts, Shapes.axis(ctx, axisAttr, rank + 1)));
        } else {
            if (rank == 0) {
                throw ctx.error("cannot concatenate scalars without new_axis=1");
            }
            ctx.output(0, TensorOps.concat(ctx, parts, Shapes.axis(ctx, axisAttr, rank)));
        }
    }
}
