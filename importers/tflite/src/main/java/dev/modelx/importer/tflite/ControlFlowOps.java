package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.ControlFlowOptions;
import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.ValueInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * WHILE to ONNX Loop and IF to ONNX If. TFLite's cond sub-graph runs before every iteration; ONNX Loop
 * takes the first condition as an input and the next one from its body, so the cond sub-graph is inlined
 * once before the Loop and once at the end of the body (after the body sub-graph).
 */
final class ControlFlowOps {

    private ControlFlowOps() {
    }

    static void register(OpRegistry r) {
        r.register("WHILE", ControlFlowOps::whileLoop);
        r.register("IF", ControlFlowOps::ifThenElse);
    }

    private static void whileLoop(OpContext ctx) {
        ControlFlowOptions.While o = ControlFlowOptions.While.of(ctx.op());
        int cond = o.condSubgraphIndex();
        int body = o.bodySubgraphIndex();
        int n = ctx.inputCount();
        if (ctx.outputCount() != n || ctx.subgraphInputCount(cond) != n || ctx.subgraphInputCount(body) != n
                || ctx.subgraphOutputCount(body) != n || ctx.subgraphOutputCount(cond) != 1) {
            throw ctx.error("WHILE with " + n + " inputs, " + ctx.outputCount() + " outputs does not match its cond sub-graph "
                    + cond + " and body sub-graph " + body);
        }
        List<String> initial = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            initial.add(ctx.in(k));
        }
        String firstCond = ctx.inlineSubgraph(cond, ctx.graph(), initial).get(0);
        firstCond = scalarBool(ctx, ctx.graph(), firstCond);

        Graph g = new Graph(ctx.fresh("loop_body"));
        String iter = ctx.fresh("iteration");
        String condIn = ctx.fresh("cond_in");
        g.input(ValueInfo.tensor(iter, DataType.INT64));
        g.input(ValueInfo.tensor(condIn, DataType.BOOL));
        List<String> vars = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            String v = ctx.fresh("loop_var" + k);
            g.input(ctx.subgraphInputInfo(body, k, v));
            vars.add(v);
        }
        List<String> next = ctx.inlineSubgraph(body, g, vars);
        String nextCond = scalarBool(ctx, g, ctx.inlineSubgraph(cond, g, next).get(0));
        g.output(ValueInfo.tensor(bodyOutput(ctx, g, nextCond, "cond_out"), DataType.BOOL));
        for (int k = 0; k < n; k++) {
            ValueInfo declared = ctx.subgraphInputInfo(body, k, bodyOutput(ctx, g, next.get(k), "loop_out" + k));
            g.output(declared);
        }
        List<String> ins = new ArrayList<>();
        ins.add("");
        ins.add(firstCond);
        ins.addAll(initial);
        List<String> outs = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            outs.add(ctx.out(k));
        }
        ctx.add("Loop", ins, outs).attr(Attribute.of("body", g));
    }

    /** A body output must be a value of the body itself: pass-through inputs get an Identity. */
    private static String bodyOutput(OpContext ctx, Graph g, String value, String hint) {
        String out = ctx.fresh(hint);
        g.add(dev.modelx.graph.Node.of("Identity").inputs(value).outputs(out).name(ctx.fresh("Identity"))
                .provenance(dev.modelx.graph.Provenance.of(SubgraphConverter.SOURCE_FORMAT, ctx.describe())));
        return out;
    }

    /** TFLite conditions may be [1]-shaped; Loop and If want a scalar. */
    private static String scalarBool(OpContext ctx, Graph g, String value) {
        String shape = ctx.fresh("scalar_shape");
        g.initializer(shape, dev.modelx.graph.Tensor.ofLongs(new long[] {0}));
        String out = ctx.fresh("cond_scalar");
        g.add(dev.modelx.graph.Node.of("Reshape").inputs(value, shape).outputs(out).name(ctx.fresh("Reshape"))
                .provenance(dev.modelx.graph.Provenance.of(SubgraphConverter.SOURCE_FORMAT, ctx.describe())));
        return out;
    }

    private static void ifThenElse(OpContext ctx) {
        ControlFlowOptions.If o = ControlFlowOptions.If.of(ctx.op());
        int n = ctx.inputCount() - 1;
        List<String> args = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            args.add(ctx.in(k));
        }
        Graph thenG = branch(ctx, o.thenSubgraphIndex(), args, "then_branch");
        Graph elseG = branch(ctx, o.elseSubgraphIndex(), args, "else_branch");
        List<String> outs = new ArrayList<>();
        for (int k = 0; k < ctx.outputCount(); k++) {
            outs.add(ctx.out(k));
        }
        ctx.add("If", List.of(scalarBool(ctx, ctx.graph(), ctx.in(0))), outs)
                .attr(Attribute.of("then_branch", thenG)).attr(Attribute.of("else_branch", elseG));
    }

    /** An If branch: the sub-graph with its inputs bound to the outer values (ONNX branches capture them). */
    private static Graph branch(OpContext ctx, int index, List<String> args, String name) {
        if (ctx.subgraphInputCount(index) != args.size() || ctx.subgraphOutputCount(index) != ctx.outputCount()) {
            throw ctx.error(name + " sub-graph " + index + " does not take " + args.size() + " inputs and give "
                    + ctx.outputCount() + " outputs");
        }
        Graph g = new Graph(ctx.fresh(name));
        List<String> outs = ctx.inlineSubgraph(index, g, args);
        for (int k = 0; k < outs.size(); k++) {
            ValueInfo vi = new ValueInfo(bodyOutput(ctx, g, outs.get(k), name + "_out" + k),
                    new dev.modelx.graph.Type.TensorType(ctx.outType(k), null));
            g.output(vi);
        }
        return g;
    }
}
