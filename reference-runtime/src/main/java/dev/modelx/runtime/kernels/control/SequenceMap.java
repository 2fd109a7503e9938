package dev.modelx.runtime.kernels.control;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Type;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.value.SequenceValue;
import dev.modelx.runtime.value.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * SequenceMap (17): runs the body once per element of the input sequence; further inputs are sequences of
 * the same length (iterated alongside) or values passed unchanged to every run. Each body output becomes
 * an output sequence.
 */
public final class SequenceMap {

    private SequenceMap() {
    }

    public static void v17(OpContext ctx) {
        Graph body = ctx.attrGraph("body");
        SequenceValue first = Values.sequence(ctx, 0);
        int n = first.items().size();
        int inputs = ctx.inputCount();
        if (body.inputs().size() != inputs) {
            throw ctx.error("body takes " + body.inputs().size() + " inputs but the node has " + inputs);
        }
        if (body.outputs().size() < ctx.outputCount()) {
            throw ctx.error("node has " + ctx.outputCount() + " outputs but the body yields " + body.outputs().size());
        }
        for (int i = 1; i < inputs; i++) {
            if (ctx.value(i) instanceof SequenceValue s && s.items().size() != n) {
                throw ctx.error("input sequence " + i + " has " + s.items().size() + " elements but input 0 has " + n);
            }
            if (ctx.value(i) == null) {
                throw ctx.error("input " + i + " is missing");
            }
        }
        int k = ctx.outputCount();
        List<List<Value>> outs = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            outs.add(new ArrayList<>());
        }
        for (int e = 0; e < n; e++) {
            List<Value> in = new ArrayList<>(inputs);
            for (int i = 0; i < inputs; i++) {
                Value v = ctx.value(i);
                in.add(v instanceof SequenceValue s ? s.items().get(e) : v);
            }
            List<Value> r = ctx.runSubgraph(body, in);
            for (int j = 0; j < k; j++) {
                outs.get(j).add(r.get(j));
            }
        }
        for (int j = 0; j < k; j++) {
            Type declared = body.outputs().get(j).type();
            Type elem = outs.get(j).isEmpty() ? declared : Values.typeOf(outs.get(j).get(0));
            if (elem instanceof Type.TensorType tt) {
                elem = new Type.TensorType(tt.elementType(), null);
            }
            ctx.output(j, new SequenceValue(elem, outs.get(j)));
        }
    }
}
