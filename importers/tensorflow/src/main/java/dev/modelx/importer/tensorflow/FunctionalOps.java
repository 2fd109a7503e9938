package dev.modelx.importer.tensorflow;

import dev.modelx.format.tensorflow.TfDataTypes;
import dev.modelx.format.tensorflow.proto.AttrValue;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import java.util.ArrayList;
import java.util.List;

/** TF2 functional ops: calls are inlined; While becomes Loop, If becomes If, with function bodies as sub-graphs. */
final class FunctionalOps {

    private static final int MAX_CALL_DEPTH = 64;

    private FunctionalOps() {
    }

    static void register(OpRegistry r) {
        r.register(FunctionalOps::call, "PartitionedCall", "StatefulPartitionedCall");
        r.register(FunctionalOps::whileLoop, "While", "StatelessWhile");
        r.register(FunctionalOps::ifThenElse, "If", "StatelessIf");
    }

    /** Function names a node calls (for the unsupported-op check). */
    static List<String> calledFunctions(TfNode n) {
        List<String> out = new ArrayList<>();
        for (AttrValue v : n.def().getAttrMap().values()) {
            if (v.hasFunc()) {
                out.add(v.getFunc().getName());
            }
        }
        return out;
    }

    private static String functionName(TfNode n, String attr) {
        if (!n.has(attr) || !n.attr(attr).hasFunc()) {
            throw new TfImportException(n.describe() + " has no function attribute '" + attr + "'");
        }
        return n.attr(attr).getFunc().getName();
    }

    private static void checkDepth(Scope s, TfNode n) {
        if (s.prefix().chars().filter(c -> c == '/').count() > MAX_CALL_DEPTH) {
            throw new TfImportException(n.describe() + ": function calls nest deeper than " + MAX_CALL_DEPTH + " (recursion?)");
        }
    }

    /** Inlines the called function: its nodes join the caller's graph under the call's name. */
    static void call(TfNode n, Scope s) {
        checkDepth(s, n);
        String fname = n.op().endsWith("PartitionedCall") ? functionName(n, "f") : n.op();
        TfSource f = s.session.function(fname);
        Scope c = bindArgs(s, f, s.graph, s.prefix() + n.name() + "/", n, 0);
        List<String> outs = c.convert(f.results());
        for (int k = 0; k < outs.size(); k++) {
            s.out(n, k, outs.get(k));
        }
    }

    private static Scope bindArgs(Scope s, TfSource f, Graph target, String prefix, TfNode n, int firstInput) {
        if (f.args().size() != n.inputCount() - firstInput) {
            throw new TfImportException(n.describe() + ": function '" + f.name() + "' takes " + f.args().size()
                    + " arguments, the call passes " + (n.inputCount() - firstInput));
        }
        Scope c = s.child(f, target, prefix);
        for (int i = 0; i < f.args().size(); i++) {
            c.bindArg(f.args().get(i), s.in(n, firstInput + i));
        }
        return c;
    }

    private static List<DataType> types(TfNode n, String attr) {
        List<DataType> out = new ArrayList<>();
        if (n.has(attr)) {
            for (int code : n.attr(attr).getList().getTypeValueList()) {
                out.add(TfDataTypes.toDataType(code).orElse(null));
            }
        }
        return out;
    }

    private static String asBool(Scope s, String v) {
        return s.cast(v, DataType.BOOL);
    }

    /** Loop(M="", cond(init), init...) with body: v' = body(v); cond' = cond(v'). */
    private static void whileLoop(TfNode n, Scope s) {
        checkDepth(s, n);
        TfSource cond = s.session.function(functionName(n, "cond"));
        TfSource body = s.session.function(functionName(n, "body"));
        String base = s.prefix() + n.name() + "/";
        Scope c0 = bindArgs(s, cond, s.graph, base + "cond_init/", n, 0);
        String condInit = asBool(c0, c0.convert(cond.results()).get(0));

        List<DataType> ts = types(n, "T");
        Graph g = new Graph(n.name() + "_body");
        String iter = s.session.fresh(base + "iteration");
        String condIn = s.session.fresh(base + "cond_in");
        g.input(ValueInfo.tensor(iter, DataType.INT64));
        g.input(ValueInfo.tensor(condIn, DataType.BOOL));
        Scope b = s.child(body, g, base + "body/");
        List<String> vars = new ArrayList<>();
        for (int i = 0; i < n.inputCount(); i++) {
            String v = s.session.fresh(base + "var_" + i);
            DataType t = i < ts.size() ? ts.get(i) : s.type(s.in(n, i)).orElse(null);
            s.sameKind(s.in(n, i), v);
            if (t != null) {
                s.setType(v, t);
            }
            g.input(new ValueInfo(v, s.valueType(v)));
            vars.add(v);
            b.bindArg(body.args().get(i), v);
        }
        List<String> next = b.convert(body.results());
        Scope c1 = s.child(cond, g, base + "cond/");
        for (int i = 0; i < next.size(); i++) {
            c1.bindArg(cond.args().get(i), next.get(i));
        }
        String condOut = asBool(c1, c1.convert(cond.results()).get(0));
        g.output(outputOf(b, condOut, base + "cond_out"));
        for (int i = 0; i < next.size(); i++) {
            g.output(outputOf(b, next.get(i), base + "var_out_" + i));
        }
        List<String> loopIns = new ArrayList<>(List.of("", condInit));
        List<String> loopOuts = new ArrayList<>();
        for (int i = 0; i < n.inputCount(); i++) {
            loopIns.add(s.in(n, i));
            loopOuts.add(s.name(n, i));
            s.sameKind(s.in(n, i), loopOuts.get(i));
        }
        s.add(Node.of("Loop").inputs(loopIns).outputs(loopOuts).attr("body", g));
        for (int i = 0; i < loopOuts.size(); i++) {
            s.out(n, i, loopOuts.get(i));
        }
    }

    static ValueInfo outputOf(Scope s, String value, String hint) {
        String name = s.identityNamed(value, s.session.fresh(hint));
        s.sameKind(value, name);
        return new ValueInfo(name, s.valueType(name));
    }

    private static void ifThenElse(TfNode n, Scope s) {
        checkDepth(s, n);
        String cond = asBool(s, s.in(n, 0));
        String base = s.prefix() + n.name() + "/";
        Graph[] branches = new Graph[2];
        String[] attrs = {"then_branch", "else_branch"};
        for (int k = 0; k < 2; k++) {
            TfSource f = s.session.function(functionName(n, attrs[k]));
            Graph g = new Graph(n.name() + "_" + attrs[k]);
            Scope c = bindArgs(s, f, g, base + attrs[k] + "/", n, 1);
            List<String> outs = c.convert(f.results());
            for (int i = 0; i < outs.size(); i++) {
                g.output(outputOf(c, outs.get(i), base + attrs[k] + "_out_" + i));
            }
            branches[k] = g;
        }
        int count = branches[0].outputs().size();
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            outs.add(s.name(n, i));
            s.sameKind(branches[0].outputs().get(i).name(), outs.get(i));
        }
        s.add(Node.of("If").inputs(cond).outputs(outs).attr("then_branch", branches[0]).attr("else_branch", branches[1]));
        for (int i = 0; i < count; i++) {
            s.out(n, i, outs.get(i));
        }
    }
}
