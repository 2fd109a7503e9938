package dev.modelx.runtime.kernels.control;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.value.OptionalValue;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * Loop: runs the body while the trip count and the condition allow, threading N loop-carried values
 * (tensors, sequences or optionals) and stacking K scan outputs along a new first axis. As in the ONNX
 * reference and onnxruntime, the body's condition output is honoured even when the cond input is omitted.
 */
public final class Loop {

    private Loop() {
    }

    /** Versions 1, 11, 13, 16, 19, 21, 23, 24, 25 share these semantics (later ones add value kinds). */
    public static void v1(OpContext ctx) {
        Graph body = ctx.attrGraph("body");
        Tensor m = ctx.optionalInput(0);
        Tensor condIn = ctx.optionalInput(1);
        long maxTrips = m == null ? Long.MAX_VALUE : Values.scalarLong(ctx, m, "trip count M");
        boolean cond = condIn == null || Values.scalarBool(ctx, condIn, "cond");
        int n = Math.max(0, ctx.inputCount() - 2);
        if (body.inputs().size() != n + 2) {
            throw ctx.error("body takes " + body.inputs().size() + " inputs but the node carries " + n
                    + " values (the body needs 2 + " + n + ")");
        }
        int k = body.outputs().size() - 1 - n;
        if (k < 0) {
            throw ctx.error("body has " + body.outputs().size() + " outputs, fewer than 1 + " + n + " carried values");
        }
        if (ctx.outputCount() > n + k) {
            throw ctx.error("node has " + ctx.outputCount() + " outputs but the body yields " + n + " carried values and "
                    + k + " scan outputs");
        }
        List<Value> carried = new ArrayList<>(n == 0 ? List.of() : ctx.values().subList(2, 2 + n));
        List<List<Tensor>> scans = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            scans.add(new ArrayList<>());
        }
        for (long it = 0; it < maxTrips && cond; it++) {
            List<Value> in = new ArrayList<>(n + 2);
            in.add(new TensorValue(Tensor.scalar(it)));
            in.add(new TensorValue(Tensor.ofBooleans(new long[0], cond)));
            for (int j = 0; j < n; j++) {
                in.add(asDeclared(body.inputs().get(2 + j), carried.get(j)));
            }
            List<Value> out = ctx.runSubgraph(body, in);
            cond = Values.scalarBool(ctx, Values.tensor(ctx, out.get(0), "body condition output"), "body condition output");
            for (int j = 0; j < n; j++) {
                carried.set(j, out.get(1 + j));
            }
            for (int j = 0; j < k; j++) {
                scans.get(j).add(Values.tensor(ctx, out.get(1 + n + j), "scan output " + j));
            }
        }
        for (int j = 0; j < n && j < ctx.outputCount(); j++) {
            if (carried.get(j) == null) {
                throw ctx.error("loop-carried value " + j + " has no value (its initial input is omitted)");
            }
            ctx.output(j, carried.get(j));
        }
        for (int j = 0; j < k && n + j < ctx.outputCount(); j++) {
            List<Tensor> parts = scans.get(j);
            ctx.output(n + j, parts.isEmpty() ? emptyScan(body.outputs().get(1 + n + j)) : TensorOps.stack(ctx, parts, 0));
        }
    }

    /**
     * A carried value as the body input declares it: a body that takes an optional may get back a plain
     * tensor or sequence from its own output, which is then the optional's content.
     */
    static Value asDeclared(ValueInfo input, Value v) {
        if (v != null && input.type() instanceof Type.OptionalType ot && !(v instanceof OptionalValue)) {
            return new OptionalValue(ot.elementType(), v);
        }
        return v;
    }

    static Tensor emptyScan(ValueInfo declared) {
        return emptyScan(declared, 0);
    }

    /**
     * A scan output after zero iterations: the declared element shape with a 0 inserted at {@code axis}
     * (a negative axis counts from the back of the result), or [0] when the body does not declare it.
     */
    static Tensor emptyScan(ValueInfo declared, long axis) {
        DataType type = DataType.FLOAT;
        long[] shape = {0};
        if (declared.type() instanceof Type.TensorType tt) {
            if (tt.elementType() != DataType.UNDEFINED) {
                type = tt.elementType();
            }
            if (tt.shape() != null && tt.shape().isStatic()) {
                long[] elem = tt.shape().toArray();
                int a = (int) (axis < 0 ? axis + elem.length + 1 : axis);
                if (a >= 0 && a <= elem.length) {
                    shape = TensorOps.insert(elem, a, 0);
                }
            }
        }
        return Tensor.zeros(type, shape);
    }
}
