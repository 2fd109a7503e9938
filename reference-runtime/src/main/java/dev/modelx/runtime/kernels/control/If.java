package dev.modelx.runtime.kernels.control;

import dev.modelx.graph.Graph;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.value.Value;

import java.util.List;

/** If: runs then_branch or else_branch (no inputs; they read the enclosing scope) and forwards its outputs. */
public final class If {

    private If() {
    }

    /** Every version (1, 11, 13, 16, 19, 21, 23, 24, 25): later ones only widen the accepted value types. */
    public static void v1(OpContext ctx) {
        boolean cond = Values.scalarBool(ctx, ctx.input(0), "condition");
        String branchName = cond ? "then_branch" : "else_branch";
        Graph branch = ctx.attrGraph(branchName);
        List<Value> outs = ctx.runSubgraph(branch, List.of());
        if (outs.size() != ctx.outputCount()) {
            throw ctx.error(branchName + " produces " + outs.size() + " outputs but the node has " + ctx.outputCount());
        }
        for (int i = 0; i < outs.size(); i++) {
            ctx.output(i, outs.get(i));
        }
    }
}
