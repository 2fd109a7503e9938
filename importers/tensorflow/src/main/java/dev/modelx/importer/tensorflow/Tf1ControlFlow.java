package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TF1 dataflow control flow. A while frame (Enter -> Merge -> Switch(LoopCond) -> body -> NextIteration,
 * Switch:0 -> Exit) becomes one ONNX Loop, built when its first Exit is converted. Outside loops, a
 * Switch passes its data through on both outputs and a Merge is a cond ({@link Tf1Cond}).
 */
final class Tf1ControlFlow {

    private Tf1ControlFlow() {
    }

    static void register(OpRegistry r) {
        r.register(Tf1ControlFlow::exit, "Exit", "RefExit");
        r.register(Tf1Cond::merge, "Merge", "RefMerge");
        r.register((n, s) -> {
            s.out(n, 0, s.in(n, 0));
            s.out(n, 1, s.in(n, 0));
        }, "Switch", "RefSwitch");
        // These only occur inside a frame, where the loop builder binds or reads them.
        r.register(Tf1ControlFlow::insideFrame, "Enter", "RefEnter", "NextIteration", "RefNextIteration", "LoopCond");
    }

    private static void insideFrame(TfNode n, Scope s) {
        if (n.op().equals("LoopCond")) {
            s.out(n, 0, s.in(n, 0));
            return;
        }
        throw new TfImportException(n.describe() + " is used outside the while loop that owns it");
    }

    /** One loop-carried variable of a frame; {@code sw} is null when nothing reads it, {@code exit} when no caller does. */
    record Var(TfNode enter, TfNode merge, TfNode sw, TfNode next, TfNode exit) {
    }

    record Frame(TfNode loopCond, List<Var> vars, List<TfNode> invariants) {
    }

    /**
     * The frame an Exit leaves. Its loop variables are every Merge of an Enter of that frame and a
     * NextIteration, whether or not a Switch reads it: a variable the body never reads (the condition
     * flag of a loop whose body computes it afresh) has no Switch, and one no caller reads has no Exit.
     */
    static Frame analyze(TfNode exit, Scope s) {
        TfSource src = s.source;
        TfNode sw = src.node(exit.input(0).node());
        if (sw == null || !sw.op().endsWith("Switch") || sw.inputCount() < 2) {
            throw new TfImportException(exit.describe() + ": input is not a Switch");
        }
        TfNode lc = src.node(sw.input(1).node());
        if (lc == null || !lc.op().equals("LoopCond")) {
            throw new TfImportException(exit.describe() + ": its Switch is not controlled by a LoopCond");
        }
        String frame = frameOf(sw, src);
        Map<String, TfNode> switchOf = new HashMap<>();
        Map<String, TfNode> exitOf = new HashMap<>();
        for (TfNode n : src.nodes().values()) {
            if (n.op().endsWith("Switch") && n.inputCount() >= 2 && n.input(1).node().equals(lc.name())) {
                switchOf.putIfAbsent(n.input(0).node(), n);
            } else if (n.op().endsWith("Exit") && n.inputCount() >= 1 && n.input(0).index() == 0) {
                exitOf.putIfAbsent(n.input(0).node(), n);
            }
        }
        List<Var> vars = new ArrayList<>();
        for (TfNode n : src.nodes().values()) {
            TfNode[] en = n.op().endsWith("Merge") ? enterAndNext(n, src) : null;
            if (en == null || !en[0].s("frame_name", "").equals(frame)) {
                continue;
            }
            TfNode nsw = switchOf.remove(n.name());
            vars.add(new Var(en[0], n, nsw, en[1], nsw == null ? null : exitOf.get(nsw.name())));
        }
        if (!switchOf.isEmpty()) {
            TfNode bad = switchOf.values().iterator().next();
            throw new TfImportException(bad.describe() + ": loop switch input is not a two-input Merge of an Enter of frame '"
                    + frame + "' and a NextIteration");
        }
        Set<String> varEnters = new HashSet<>();
        vars.forEach(v -> varEnters.add(v.enter().name()));
        List<TfNode> invariants = new ArrayList<>();
        for (TfNode n : src.nodes().values()) {
            if (n.op().endsWith("Enter") && n.s("frame_name", "").equals(frame) && !varEnters.contains(n.name())) {
                invariants.add(n);
            }
        }
        return new Frame(lc, vars, invariants);
    }

    /** The frame_name of the Enter feeding a loop Switch's Merge. */
    private static String frameOf(TfNode sw, TfSource src) {
        TfNode merge = src.node(sw.input(0).node());
        TfNode[] en = merge != null && merge.op().endsWith("Merge") ? enterAndNext(merge, src) : null;
        if (en == null) {
            throw new TfImportException(sw.describe() + ": loop switch input is not a two-input Merge of an Enter and a NextIteration");
        }
        return en[0].s("frame_name", "");
    }

    /** A loop Merge's Enter and NextIteration inputs (either order); null for any other Merge. */
    private static TfNode[] enterAndNext(TfNode merge, TfSource src) {
        if (merge.inputCount() != 2) {
            return null;
        }
        TfNode a = src.node(merge.input(0).node());
        TfNode b = src.node(merge.input(1).node());
        if (a == null || b == null) {
            return null;
        }
        if (a.op().endsWith("Enter") && b.op().endsWith("NextIteration")) {
            return new TfNode[]{a, b};
        }
        if (b.op().endsWith("Enter") && a.op().endsWith("NextIteration")) {
            return new TfNode[]{b, a};
        }
        return null;
    }

    /** What a frame needs from outside: the inputs of its Enter nodes. */
    static List<TfRef> outerInputs(TfNode exit, Scope s) {
        Frame f = analyze(exit, s);
        List<TfRef> out = new ArrayList<>();
        f.vars().forEach(v -> out.add(v.enter().input(0)));
        f.invariants().forEach(e -> out.add(e.input(0)));
        return out;
    }

    private static void exit(TfNode n, Scope s) {
        if (s.isBound(TfRef.of(n.name(), 0))) {
            return;
        }
        Frame f = analyze(n, s);
        String base = s.prefix() + f.loopCond().name() + "/";
        List<String> init = new ArrayList<>();
        f.vars().forEach(v -> init.add(s.value(v.enter().input(0))));
        TfRef condRef = f.loopCond().input(0);

        Scope c0 = s.child(s.source, s.graph, base + "cond_init/");
        bindInvariants(c0, f, s);
        for (int i = 0; i < init.size(); i++) {
            c0.bind(TfRef.of(f.vars().get(i).merge().name(), 0), init.get(i));
        }
        String condInit = c0.cast(c0.convert(List.of(condRef)).get(0), DataType.BOOL);

        Graph g = new Graph(f.loopCond().name() + "_body");
        g.input(ValueInfo.tensor(s.session.fresh(base + "iteration"), DataType.INT64));
        g.input(ValueInfo.tensor(s.session.fresh(base + "cond_in"), DataType.BOOL));
        Scope b = s.child(s.source, g, base + "body/");
        bindInvariants(b, f, s);
        List<TfRef> nextRefs = new ArrayList<>();
        for (int i = 0; i < f.vars().size(); i++) {
            Var v = f.vars().get(i);
            String name = s.session.fresh(base + "var_" + i);
            DataType t = v.enter().type("T").orElse(null);
            s.sameKind(init.get(i), name);
            if (t != null && !s.session.sequences.containsKey(name)) {
                s.setType(name, t);
            }
            g.input(new ValueInfo(name, s.valueType(name)));
            b.bind(TfRef.of(v.merge().name(), 0), name);
            if (v.sw() != null) {
                b.bind(TfRef.of(v.sw().name(), 1), name);
            }
            nextRefs.add(v.next().input(0));
        }
        List<String> next = b.convert(nextRefs);
        Scope c1 = s.child(s.source, g, base + "cond/");
        bindInvariants(c1, f, s);
        for (int i = 0; i < next.size(); i++) {
            c1.bind(TfRef.of(f.vars().get(i).merge().name(), 0), next.get(i));
        }
        String condOut = c1.cast(c1.convert(List.of(condRef)).get(0), DataType.BOOL);
        g.output(FunctionalOps.outputOf(c1, condOut, base + "cond_out"));
        for (int i = 0; i < next.size(); i++) {
            g.output(FunctionalOps.outputOf(b, next.get(i), base + "var_out_" + i));
        }
        List<String> ins = new ArrayList<>(List.of("", condInit));
        ins.addAll(init);
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < f.vars().size(); i++) {
            Var v = f.vars().get(i);
            outs.add(s.session.fresh(s.prefix() + (v.exit() != null ? v.exit().name() : base + "unused_" + i)));
            s.sameKind(init.get(i), outs.get(i));
        }
        s.add(Node.of("Loop").inputs(ins).outputs(outs).attr("body", g));
        for (int i = 0; i < f.vars().size(); i++) {
            if (f.vars().get(i).exit() != null) {
                s.out(f.vars().get(i).exit(), 0, outs.get(i));
            }
        }
    }

    private static void bindInvariants(Scope inner, Frame f, Scope outer) {
        for (TfNode e : f.invariants()) {
            inner.bind(TfRef.of(e.name(), 0), outer.value(e.input(0)));
        }
    }
}
