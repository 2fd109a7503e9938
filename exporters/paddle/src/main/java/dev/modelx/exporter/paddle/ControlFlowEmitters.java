package dev.modelx.exporter.paddle;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Node;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ONNX If and Loop as structured Paddle control flow: {@code cf.if} (Cond; two blocks yielding the results) and
 * {@code cf.while} (Cond, X initial values; one body block whose arguments are the loop variables, named like
 * the results, and which yields the next condition and the next values). The legacy writer lowers them to
 * conditional_block/select_input and while ({@link LegacyControlFlow}); the PIR writer writes them as
 * pd_op.if and pd_op.while with nested regions. A Loop's trip count becomes a loop-carried int64 counter;
 * its scan outputs are tensor arrays the body writes at the counter (write_to_array), stacked after the loop
 * (tensor_array_to_tensor) - legacy programs only, and a loop of zero iterations has no elements to stack.
 */
final class ControlFlowEmitters {

    static final String IF = "cf.if";
    static final String WHILE = "cf.while";

    private ControlFlowEmitters() {
    }

    static boolean handles(Node n) {
        return n.opType().equals("If") || n.opType().equals("Loop");
    }

    static boolean isStructured(PaddleOp op) {
        return op.type().equals(IF) || op.type().equals(WHILE);
    }

    static void emit(ProgramBuilder b, ExportContext c, Node n) {
        if (n.opType().equals("If")) {
            emitIf(b, c, n);
        } else {
            emitLoop(b, c, n);
        }
    }

    private static void emitIf(ProgramBuilder b, ExportContext c, Node n) {
        Graph[] branches = {n.attribute("then_branch").asGraph(), n.attribute("else_branch").asGraph()};
        for (Graph g : branches) {
            if (g.outputs().size() != n.outputs().size()) {
                throw new IllegalArgumentException("branch '" + g.name() + "' has " + g.outputs().size() + " outputs for "
                        + n.outputs().size() + " results");
            }
            requireTensors(g.outputs());
        }
        String cond = c.var(n.input(0));
        List<String> outs = new ArrayList<>();
        for (int k = 0; k < n.outputs().size(); k++) {
            outs.add(result(c, n.output(k), branches[0].outputs().get(k)));
        }
        PaddleOp op = new PaddleOp(IF).in("Cond", cond).out("Out", outs);
        for (Graph g : branches) {
            ExportContext bc = c.child(g);
            op.block(new SubBlock(bc, List.of(), body(b, bc, g)));
        }
        c.add(op);
    }

    private static void emitLoop(ProgramBuilder b, ExportContext c, Node n) {
        Graph body = n.attribute("body").asGraph();
        String m = optional(n, 0), cond = optional(n, 1);
        int nv = n.inputs().size() - 2;
        if (body.inputs().size() != nv + 2) {
            throw new IllegalArgumentException("Loop body takes " + body.inputs().size() + " inputs for " + nv + " loop-carried values");
        }
        int scans = body.outputs().size() - nv - 1;
        if (scans < 0) {
            throw new IllegalArgumentException("Loop body has " + body.outputs().size() + " outputs for " + nv + " loop-carried values");
        }
        requireTensors(body.outputs());
        requireTensors(body.inputs());
        boolean counter = m != null || scans > 0 || reads(body, body.inputs().get(0).name());
        List<String> xs = new ArrayList<>(), outs = new ArrayList<>();
        String i0 = null;
        if (counter) {
            i0 = c.temp("fill_constant", DataType.INT64, new long[0]);
            c.add(ConstantOps.fillConstant(c, i0, DataType.INT64, new long[0], 0));
            xs.add(i0);
            outs.add(c.temp("increment", DataType.INT64, new long[0]));
        }
        String c0 = condition(c, cond == null ? null : c.var(cond), m == null ? null : lessThan(c, i0, c.var(m)));
        for (int k = 0; k < nv; k++) {
            xs.add(c.var(n.input(k + 2)));
            outs.add(result(c, k < n.outputs().size() ? n.output(k) : "", body.outputs().get(k + 1)));
        }
        // each scan output is collected in a tensor array, element i written at iteration i
        List<String> arrays = new ArrayList<>();
        for (int j = 0; j < scans; j++) {
            String v = body.outputs().get(1 + nv + j).name();
            arrays.add(c.tensorArray(c.types().dtype(v), c.types().dims(v)));
        }
        ExportContext bc = c.child(body);
        int off = counter ? 1 : 0;
        if (counter) {
            bc.alias(body.inputs().get(0).name(), outs.get(0));
        }
        if (reads(body, body.inputs().get(1).name())) {
            // the body runs only while the condition holds: its condition input is true
            String t = bc.temp("fill_constant", DataType.BOOL, new long[0]);
            bc.add(ConstantOps.fillConstant(bc, t, DataType.BOOL, new long[0], 1));
            bc.alias(body.inputs().get(1).name(), t);
        }
        for (int k = 0; k < nv; k++) {
            bc.alias(body.inputs().get(k + 2).name(), outs.get(k + off));
        }
        List<String> ys = body(b, bc, body);
        for (int j = 0; j < scans; j++) {
            bc.add(new PaddleOp("write_to_array").in("X", ys.get(1 + nv + j)).in("I", outs.get(0)).out("Out", arrays.get(j)));
        }
        String iNext = null;
        if (counter) {
            iNext = bc.temp("increment", DataType.INT64, new long[0]);
            bc.add(new PaddleOp("increment").in("X", outs.get(0)).out("Out", iNext).f("step", 1));
        }
        String next = condition(bc, cond == null ? null : ys.get(0), m == null ? null : lessThan(bc, iNext, bc.var(m)));
        List<String> yields = new ArrayList<>();
        yields.add(next);
        if (counter) {
            yields.add(iNext);
        }
        yields.addAll(ys.subList(1, 1 + nv));
        c.add(new PaddleOp(WHILE).in("Cond", c0).in("X", xs).out("Out", outs).block(new SubBlock(bc, outs, yields)));
        for (int j = 0; j < scans; j++) {
            int k = nv + j;
            String out = result(c, k < n.outputs().size() ? n.output(k) : "", body.outputs().get(1 + k));
            c.add(new PaddleOp("tensor_array_to_tensor").in("X", arrays.get(j)).out("Out", out)
                    .out("OutIndex", c.temp("tensor_array_to_tensor", DataType.INT32, new long[] {-1})).i("axis", 0).b("use_stack", true));
        }
    }

    /** The variable for result {@code value} of a control-flow node (a fresh one when the result is unnamed). */
    private static String result(ExportContext c, String value, ValueInfo bodyOutput) {
        if (!value.isEmpty()) {
            return c.out(value);
        }
        DataType t = bodyOutput.type() instanceof Type.TensorType tt && tt.elementType() != DataType.UNDEFINED ? tt.elementType() : DataType.FLOAT;
        return c.temp("while", t, new long[0]);
    }

    /**
     * Translates a body into {@code bc} and returns the variables holding its outputs. An Identity that only
     * renames a value into a body output writes nothing (the value itself is yielded), and a Constant that is
     * yielded is written at its place in the body rather than at the end.
     */
    private static List<String> body(ProgramBuilder b, ExportContext bc, Graph g) {
        Set<String> outputs = new HashSet<>();
        g.outputs().forEach(o -> outputs.add(o.name()));
        Set<String> yielded = new HashSet<>(outputs);
        for (Node n : g.nodes()) {
            if (n.opType().equals("Identity") && outputs.contains(n.output(0)) && bc.consumers(n.output(0)).isEmpty()
                    && n.inputs().size() == 1 && !n.input(0).isEmpty()) {
                bc.absorb(n);
                bc.alias(n.output(0), n.input(0));
                yielded.add(n.input(0));
            }
        }
        for (Node n : g.nodes()) {
            if (n.opType().equals("Constant") && yielded.contains(n.output(0))) {
                bc.eager(n.output(0));
            }
        }
        b.emitBody(bc, g);
        List<String> ys = new ArrayList<>();
        for (ValueInfo o : g.outputs()) {
            ys.add(bc.var(o.name()));
        }
        return ys;
    }

    /** cond AND less_than(i, m), either part absent; a constant true when both are. */
    private static String condition(ExportContext c, String cond, String bound) {
        if (cond != null && bound != null) {
            String out = c.temp("logical_and", DataType.BOOL, new long[0]);
            c.add(new PaddleOp("logical_and").in("X", cond).in("Y", bound).out("Out", out));
            return out;
        }
        if (cond != null || bound != null) {
            return cond != null ? cond : bound;
        }
        String t = c.temp("fill_constant", DataType.BOOL, new long[0]);
        c.add(ConstantOps.fillConstant(c, t, DataType.BOOL, new long[0], 1));
        return t;
    }

    private static String lessThan(ExportContext c, String i, String m) {
        String out = c.temp("less_than", DataType.BOOL, new long[0]);
        c.add(new PaddleOp("less_than").in("X", i).in("Y", m).out("Out", out));
        return out;
    }

    private static String optional(Node n, int i) {
        return i < n.inputs().size() && !n.input(i).isEmpty() ? n.input(i) : null;
    }

    /** Whether a node of {@code g} (or of a body nested in it) reads {@code value}. */
    private static boolean reads(Graph g, String value) {
        boolean[] found = {false};
        Graphs.forEachNode(g, n -> found[0] |= n.inputs().contains(value));
        return found[0] || g.outputs().stream().anyMatch(o -> o.name().equals(value));
    }

    private static void requireTensors(List<ValueInfo> values) {
        for (ValueInfo v : values) {
            if (v.type() != null && !(v.type() instanceof Type.TensorType)) {
                throw new IllegalArgumentException("control-flow value '" + v.name() + "' is " + v.type()
                        + "; only tensors are written to Paddle control flow");
            }
        }
    }
}
