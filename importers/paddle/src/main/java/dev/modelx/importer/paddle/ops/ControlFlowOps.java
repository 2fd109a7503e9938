package dev.modelx.importer.paddle.ops;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.importer.paddle.ConvertContext;
import dev.modelx.importer.paddle.OpRegistry;
import dev.modelx.importer.paddle.SourceBlock;
import dev.modelx.importer.paddle.SourceOp;
import dev.modelx.importer.paddle.Tensors;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Control flow to ONNX Loop and If. Legacy while/conditional_block run a sub-block that writes variables in
 * place; the variables it writes that exist before the op become loop-carried values / If outputs. PIR
 * pd_op.if and pd_op.while (mapped to "pir.if"/"pir.while") pass values explicitly through block arguments
 * and cf.yield.
 */
public final class ControlFlowOps {

    private ControlFlowOps() {
    }

    public static void register(OpRegistry r) {
        r.add("while", ControlFlowOps::legacyWhile);
        r.add("conditional_block", ControlFlowOps::conditionalBlock);
        r.add("select_input", ControlFlowOps::selectInput);
        // select_output routes X to Out[Mask]; the other outputs are read only by branches that do not run, so
        // every output may carry X
        r.add("select_output", (c, op) -> {
            String x = c.in(op, "X");
            for (String v : op.outputs("Out")) {
                if (!v.isEmpty()) {
                    c.emit("Identity", c.define(v), x);
                }
            }
        });
        r.add("pir.if", ControlFlowOps::pirIf);
        r.add("pir.while", ControlFlowOps::pirWhile);
    }

    private static String scalarBool(ConvertContext c, String v) {
        return c.op1("Reshape", c.cast(v, DataType.BOOL), c.constant(Tensor.ofLongs(new long[] {0})));
    }

    /** The condition variable {@code var} as a one-element bool: as it is when it is declared so, else cast and reshaped to 0-D. */
    private static String condition(ConvertContext c, String var) {
        long[] dims = c.info(var).dims();
        boolean oneElementBool = c.info(var).dtype() == DataType.BOOL && dims != null
                && java.util.Arrays.stream(dims).allMatch(d -> d == 1);
        return oneElementBool ? c.value(var) : scalarBool(c, c.value(var));
    }

    private static ValueInfo typed(ConvertContext c, String name, String var) {
        DataType t = var == null ? null : c.info(var).dtype();
        if (var != null && c.info(var).isTensorArray()) {
            return new ValueInfo(name, TensorArrayOps.sequenceOf(t == null ? DataType.FLOAT : t));
        }
        return new ValueInfo(name, t == null ? null : new Type.TensorType(t, null));
    }

    /** Variables the ops of {@code b} write (their output slots), in first-write order. */
    private static List<String> written(SourceBlock b) {
        Set<String> out = new LinkedHashSet<>();
        for (SourceOp op : b.ops()) {
            op.outputs().values().forEach(out::addAll);
        }
        out.remove("");
        return new ArrayList<>(out);
    }

    private static void legacyWhile(ConvertContext c, SourceOp op) {
        SourceBlock body = op.blocks().get(0);
        String condVar = op.input("Condition");
        List<String> carried = new ArrayList<>();
        for (String v : written(body)) {
            // tensor arrays the body writes are carried too, starting empty when nothing wrote them before
            if (!v.equals(condVar) && (c.isDefined(v) && !c.info(v).isArrayLike() || c.info(v).isTensorArray())) {
                carried.add(v);
            }
        }
        Graph g = new Graph(c.fresh("while_body"));
        ConvertContext bc = c.child(g);
        String iter = c.fresh("while_iter"), condIn = c.fresh("while_cond_in");
        g.input(ValueInfo.tensor(iter, DataType.INT64));
        g.input(ValueInfo.tensor(condIn, DataType.BOOL));
        List<String> initial = new ArrayList<>();
        for (String v : carried) {
            String in = c.fresh(v + "_in");
            g.input(typed(c, in, v));
            bc.bind(v, in);
            initial.add(c.isDefined(v) ? c.value(v) : TensorArrayOps.empty(c, v));
        }
        bc.convertAll(body.ops());
        String condOut = c.fresh("while_cond_out");
        bc.emit("Identity", condOut, scalarBool(bc, bc.value(condVar)));
        g.output(ValueInfo.tensor(condOut, DataType.BOOL));
        for (String v : carried) {
            String o = c.fresh(v + "_out");
            bc.emit("Identity", o, bc.value(v));
            g.output(typed(c, o, v));
        }
        List<String> ins = new ArrayList<>();
        ins.add("");
        ins.add(scalarBool(c, c.value(condVar)));
        ins.addAll(initial);
        List<String> outs = new ArrayList<>();
        for (String v : carried) {
            outs.add(c.define(v));
        }
        if (outs.isEmpty()) {
            throw new IllegalArgumentException("while loop writes no variable defined before it");
        }
        c.emit("Loop", ins, outs).attr(Attribute.of("body", g));
        // after the loop the condition is false
        c.emit("Identity", c.define(condVar), c.constant(Tensor.ofBooleans(new long[] {1}, false)));
    }

    private static void conditionalBlock(ConvertContext c, SourceOp op) {
        SourceBlock block = op.blocks().get(0);
        String cond;
        if (op.b("is_scalar_condition", false)) {
            cond = condition(c, op.input("Cond"));
        } else {
            // non-scalar form: run when every Cond tensor is non-empty
            String all = null;
            for (String v : c.ins(op, "Cond")) {
                String nonEmpty = c.op1("Not", c.op1("Equal", c.op1("Size", v), c.scalarI64(0)));
                all = all == null ? nonEmpty : c.op1("And", all, nonEmpty);
            }
            cond = all;
        }
        List<String> outVars = new ArrayList<>();
        for (String v : op.outputs("Out")) {
            if (!v.isEmpty() && !c.info(v).isArrayLike()) {
                outVars.add(v);
            }
        }
        Graph then = new Graph(c.fresh("cond_then"));
        ConvertContext tc = c.child(then);
        tc.convertAll(block.ops());
        Graph other = new Graph(c.fresh("cond_else"));
        ConvertContext ec = c.child(other);
        for (String v : outVars) {
            branchOutput(tc, then, v, tc.isDefined(v) ? tc.value(v) : null);
            branchOutput(ec, other, v, c.isDefined(v) ? c.value(v) : null);
        }
        List<String> outs = new ArrayList<>();
        for (String v : outVars) {
            outs.add(c.define(v));
        }
        c.emit("If", List.of(cond), outs).attr(Attribute.of("then_branch", then)).attr(Attribute.of("else_branch", other));
    }

    /** A branch output for {@code var}: its value, or an empty tensor of its type when the branch never sets it. */
    private static void branchOutput(ConvertContext bc, Graph g, String var, String value) {
        String o = bc.fresh(var + "_branch");
        if (value == null) {
            DataType t = bc.dtype(var);
            bc.emit("Identity", o, bc.constant(Tensors.filled(t, new long[] {0}, 0)));
        } else {
            bc.emit("Identity", o, value);
        }
        g.output(typed(bc, o, var));
    }

    /** Out = X[Mask]; a chain of Ifs so the branches may have different shapes. */
    private static void selectInput(ConvertContext c, SourceOp op) {
        List<String> xs = c.ins(op, "X");
        String mask = c.op1("Reshape", c.cast(c.in(op, "Mask"), DataType.INT64), c.constant(Tensor.ofLongs(new long[] {0})));
        String result = xs.get(0);
        for (int i = 1; i < xs.size(); i++) {
            String cond = c.op1("Equal", mask, c.scalarI64(i));
            boolean last = i == xs.size() - 1;
            String out = last ? c.out(op, "Out") : c.fresh(op.output("Out") + "_sel" + i);
            Graph then = new Graph(c.fresh("select_then"));
            ConvertContext tc = c.child(then);
            branchOutput(tc, then, op.output("Out"), xs.get(i));
            Graph other = new Graph(c.fresh("select_else"));
            ConvertContext ec = c.child(other);
            branchOutput(ec, other, op.output("Out"), result);
            c.emit("If", List.of(cond), List.of(out)).attr(Attribute.of("then_branch", then)).attr(Attribute.of("else_branch", other));
            result = out;
        }
        if (xs.size() == 1) {
            c.emit("Identity", c.out(op, "Out"), result);
        }
    }

    private static void pirIf(ConvertContext c, SourceOp op) {
        String cond = condition(c, op.input("Cond"));
        List<String> outVars = op.outputs("Out");
        Graph[] branches = new Graph[2];
        for (int b = 0; b < 2; b++) {
            SourceBlock block = op.blocks().get(b);
            Graph g = new Graph(c.fresh(b == 0 ? "if_true" : "if_false"));
            ConvertContext bc = c.child(g);
            bc.convertAll(block.ops());
            if (block.yields().size() != outVars.size()) {
                throw new IllegalArgumentException("branch " + b + " yields " + block.yields().size() + " values for " + outVars.size() + " results");
            }
            for (int i = 0; i < outVars.size(); i++) {
                branchOutput(bc, g, outVars.get(i), bc.value(block.yields().get(i)));
            }
            branches[b] = g;
        }
        List<String> outs = new ArrayList<>();
        for (String v : outVars) {
            outs.add(c.define(v));
        }
        c.emit("If", List.of(cond), outs).attr(Attribute.of("then_branch", branches[0])).attr(Attribute.of("else_branch", branches[1]));
    }

    /** pd_op.while(cond, x...): body args take x..., body yields (cond', x'...), results are the final x. */
    private static void pirWhile(ConvertContext c, SourceOp op) {
        SourceBlock body = op.blocks().get(0);
        List<String> xs = op.inputs("X");
        if (body.args().size() != xs.size() || body.yields().size() != xs.size() + 1) {
            throw new IllegalArgumentException("while body has " + body.args().size() + " args and " + body.yields().size()
                    + " yields for " + xs.size() + " loop values");
        }
        Graph g = new Graph(c.fresh("while_body"));
        ConvertContext bc = c.child(g);
        g.input(ValueInfo.tensor(c.fresh("while_iter"), DataType.INT64));
        g.input(ValueInfo.tensor(c.fresh("while_cond_in"), DataType.BOOL));
        for (String arg : body.args()) {
            String in = c.fresh(arg + "_in");
            g.input(typed(c, in, arg));
            bc.bind(arg, in);
        }
        bc.convertAll(body.ops());
        String condOut = c.fresh("while_cond_out");
        bc.emit("Identity", condOut, scalarBool(bc, bc.value(body.yields().get(0))));
        g.output(ValueInfo.tensor(condOut, DataType.BOOL));
        for (int i = 0; i < xs.size(); i++) {
            String o = c.fresh(body.args().get(i) + "_out");
            bc.emit("Identity", o, bc.value(body.yields().get(i + 1)));
            g.output(typed(c, o, body.args().get(i)));
        }
        List<String> ins = new ArrayList<>();
        ins.add("");
        ins.add(condition(c, op.input("Cond")));
        ins.addAll(c.ins(op, "X"));
        List<String> outs = new ArrayList<>();
        for (String v : op.outputs("Out")) {
            outs.add(c.define(v));
        }
        c.emit("Loop", ins, outs).attr(Attribute.of("body", g));
    }
}
