package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Loop and If as TF1 control flow (Enter/Merge/Switch/LoopCond/NextIteration/Exit, and Switch/Merge
 * conds): plain GraphDef nodes that need no function library, which TF's graph runtime executes.
 */
final class ControlFlowEmitters {

    private ControlFlowEmitters() {
    }

    static void register(Emitters r) {
        r.register(ControlFlowEmitters::loop, "Loop");
        r.register(ControlFlowEmitters::ifOp, "If");
    }

    private record LoopVar(String init, DataType type, long[] shape) {
    }

    /**
     * while (iter < M && cond) { cond, v..., s... = body(iter, cond, v...); iter++ } with loop variables
     * iter (int64), cond (bool), the carried values and one TensorArray flow per scan output: each
     * iteration writes its scan values at index iter, and after the loop the arrays are stacked.
     */
    static void loop(EmitContext c) {
        Node loop = c.node;
        Graph body = loop.attribute("body").asGraph();
        int carried = loop.inputs().size() - 2;
        int scans = body.outputs().size() - carried - 1;
        if (scans < 0) {
            throw c.error("the body has " + body.outputs().size() + " outputs for " + carried + " carried values");
        }
        if (body.inputs().size() != carried + 2) {
            throw c.error("the body has " + body.inputs().size() + " inputs for " + carried + " carried values");
        }
        Frame outer = c.frame;
        Val m = c.in(0);
        Val cond = c.in(1);
        List<LoopVar> vars = new ArrayList<>();
        vars.add(new LoopVar(c.constant(Tensor.scalar(0L)), DataType.INT64, new long[0]));
        vars.add(new LoopVar(cond == null ? c.constant(Tensor.ofBooleans(new long[0], true)) : c.t(cond), DataType.BOOL, new long[0]));
        for (int i = 0; i < carried; i++) {
            Val v = c.require(2 + i, "v_initial");
            vars.add(new LoopVar(c.t(v), v.type(), v.shape() == null ? null : Shapes.unknown(v.rank())));
        }
        String[] arrays = new String[scans];
        for (int k = 0; k < scans; k++) {
            arrays[k] = c.unique(c.base() + "/while/scan_" + k);
            vars.add(new LoopVar(arrays[k] + ":1", DataType.FLOAT, new long[0]));
        }
        String frameName = c.unique(c.base() + "/while");
        String mEnter = m == null ? null : c.op("Enter", "while/max_trip").in(c.t(m)).type("T", m.type())
                .s("frame_name", frameName).b("is_constant", true).i("parallel_iterations", 1).out();
        int n = vars.size();
        String[] merge = new String[n];
        String[] next = new String[n];
        for (int j = 0; j < n; j++) {
            LoopVar v = vars.get(j);
            next[j] = c.unique(c.base() + "/while/next_" + j);
            String enter = c.op("Enter", "while/enter_" + j).in(v.init).type("T", v.type).s("frame_name", frameName)
                    .b("is_constant", false).i("parallel_iterations", 1).out();
            merge[j] = c.op("Merge", "while/merge_" + j).in(enter).in(next[j]).type("T", v.type).i("N", 2).out();
        }
        c.frame = Frame.loop(outer, frameName, merge[0]);
        String pred = merge[1];
        if (m != null) {
            String mm = m.type() == DataType.INT64 ? mEnter : Ops.cast(c, mEnter, m.type(), DataType.INT64);
            pred = c.op("LogicalAnd", "while/pred").in(Ops.bin(c, "Less", merge[0], mm, DataType.INT64)).in(pred).out();
        }
        String lc = c.op("LoopCond", "while/loop_cond").in(pred).out();
        String[] exit = new String[n];
        String[] inside = new String[n];
        for (int j = 0; j < n; j++) {
            TfOp sw = c.op("Switch", "while/switch_" + j).in(merge[j]).in(lc).type("T", vars.get(j).type);
            c.frame = outer;
            exit[j] = c.op("Exit", "while/exit_" + j).in(sw.out(0)).type("T", vars.get(j).type).out();
            inside[j] = c.op("Identity", "while/body_" + j).in(sw.out(1)).type("T", vars.get(j).type).out();
        }
        Frame bodyFrame = Frame.loop(outer, frameName, inside[0]);
        c.frame = bodyFrame;
        for (int j = 0; j < carried + 2; j++) {
            c.define(body.inputs().get(j).name(), c.val(inside[j], vars.get(j).type, vars.get(j).shape));
        }
        String[] results = emitBody(c, body);
        c.begin(loop);
        c.frame = bodyFrame;
        String nextIter = Ops.bin(c, "AddV2", inside[0], c.constant(Tensor.scalar(1L)), DataType.INT64);
        c.opNamed("NextIteration", next[0]).in(nextIter).type("T", DataType.INT64);
        for (int j = 1; j < carried + 2; j++) {
            c.opNamed("NextIteration", next[j]).in(results[j - 1]).type("T", vars.get(j).type);
        }
        Val[] scanned = new Val[scans];
        long[][] elementShapes = new long[scans][];
        String index = scans == 0 ? null : Ops.cast(c, inside[0], DataType.INT64, DataType.INT32);
        for (int k = 0; k < scans; k++) {
            int j = carried + 2 + k;
            ValueInfo declared = body.outputs().get(1 + carried + k);
            scanned[k] = c.lookup(bodyFrame, declared.name());
            TfExportTypes.require(c, scanned[k].type(), "scan output " + k + " has element type");
            elementShapes[k] = elementShape(scanned[k], declared);
            String handle = TensorArrays.enter(c, arrays[k], frameName);
            String flow = TensorArrays.write(c, handle, index, results[j - 1], scanned[k].type(), inside[j]);
            c.opNamed("NextIteration", next[j]).in(flow).type("T", DataType.FLOAT);
        }
        c.frame = outer;
        for (int i = 0; i < carried; i++) {
            c.out(i, c.val(exit[i + 2], vars.get(i + 2).type, vars.get(i + 2).shape));
        }
        for (int k = 0; k < scans; k++) {
            DataType t = scanned[k].type();
            TensorArrays.create(c, arrays[k], t, elementShapes[k]);
            String stacked = TensorArrays.stack(c, arrays[k], exit[carried + 2 + k], t, elementShapes[k]);
            c.out(carried + k, c.val(stacked, t, stackedShape(elementShapes[k])));
        }
    }

    /** [unknown iteration count, element dims...]; null for an unknown element rank. */
    private static long[] stackedShape(long[] element) {
        if (element == null) {
            return null;
        }
        long[] s = new long[element.length + 1];
        s[0] = -1;
        System.arraycopy(element, 0, s, 1, element.length);
        return s;
    }

    /**
     * A scan value's shape as far as known (null: unknown rank): what the emitter inferred, or the body's
     * declared output shape when that is static, the inference is not, and the two agree where both know.
     * A fully known shape is what lets TF stack zero iterations into an empty [0, ...] tensor.
     */
    private static long[] elementShape(Val v, ValueInfo declared) {
        if (v.hasStaticShape() || !(declared.type() instanceof Type.TensorType tt) || tt.shape() == null
                || !tt.shape().isStatic()) {
            return v.shape();
        }
        long[] d = tt.shape().toArray();
        if (v.shape() == null) {
            return d;
        }
        if (v.shape().length != d.length) {
            return v.shape();
        }
        for (int i = 0; i < d.length; i++) {
            if (v.shape()[i] >= 0 && v.shape()[i] != d[i]) {
                return v.shape();
            }
        }
        return d;
    }

    /** Emits a sub-graph's nodes in the current frame; returns its outputs' logical tensors. */
    private static String[] emitBody(EmitContext c, Graph g) {
        for (var e : g.initializers().entrySet()) {
            c.nameConstant(e.getValue(), e.getKey());
            c.define(e.getKey(), Val.constant(e.getValue()));
        }
        TfGraphEmitter.emitNodes(c, g);
        String[] out = new String[g.outputs().size()];
        for (int i = 0; i < out.length; i++) {
            ValueInfo o = g.outputs().get(i);
            Val v = c.lookup(c.frame, o.name());
            out[i] = c.t(v);
        }
        return out;
    }

    /** Both branches run in Switch-guarded frames; Merge takes the live one. */
    private static void ifOp(EmitContext c) {
        Node node = c.node;
        Graph thenG = node.attribute("then_branch").asGraph();
        Graph elseG = node.attribute("else_branch").asGraph();
        Val cond = c.require(0, "cond");
        Frame outer = c.frame;
        String pred = c.t(cond);
        if (cond.type() != DataType.BOOL) {
            pred = Ops.cast(c, pred, cond.type(), DataType.BOOL);
        }
        if (cond.rank() != 0) {
            pred = Ops.reshape(c, pred, DataType.BOOL, c.longs());
        }
        TfOp sw = c.op("Switch", "cond/switch").in(pred).in(pred).type("T", DataType.BOOL);
        String pivotT = c.op("Identity", "cond/pivot_t").in(sw.out(1)).type("T", DataType.BOOL).name();
        String pivotF = c.op("Identity", "cond/pivot_f").in(sw.out(0)).type("T", DataType.BOOL).name();
        c.frame = Frame.branch(outer, pred, true, pivotT);
        String[] thenOut = emitBody(c, thenG);
        List<DataType> types = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        for (ValueInfo o : thenG.outputs()) {
            Val v = c.lookup(c.frame, o.name());
            types.add(v.type());
            shapes.add(v.shape());
        }
        c.begin(node);
        c.frame = Frame.branch(outer, pred, false, pivotF);
        String[] elseOut = emitBody(c, elseG);
        c.begin(node);
        c.frame = outer;
        if (thenOut.length != elseOut.length) {
            throw c.error("the branches have " + thenOut.length + " and " + elseOut.length + " outputs");
        }
        for (int i = 0; i < thenOut.length; i++) {
            String mg = c.op("Merge", "cond/merge_" + i).in(elseOut[i]).in(thenOut[i]).type("T", types.get(i)).i("N", 2).out();
            long[] s = shapes.get(i);
            c.out(i, c.val(mg, types.get(i), s == null ? null : Shapes.unknown(s.length)));
        }
    }
}
