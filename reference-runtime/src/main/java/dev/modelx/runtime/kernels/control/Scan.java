package dev.modelx.runtime.kernels.control;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Scan: iterates the body over slices of M scan inputs, threading N state tensors and stacking K scan
 * outputs. Op set 8 has a leading batch axis (scan axis 1) and an optional sequence_lens input; op set 9
 * and later scan each input along its own axis and direction and place each output along its own axis.
 */
public final class Scan {

    private Scan() {
    }

    /** Op set 9 and later (9, 11, 16, 19, 21, 23, 24, 25). */
    public static void v9(OpContext ctx) {
        Graph body = ctx.attrGraph("body");
        int m = numScanInputs(ctx, ctx.inputCount());
        int n = ctx.inputCount() - m;
        int k = body.outputs().size() - n;
        checkArity(ctx, body, n, m, k);
        long[] inAxes = ctx.attrLongs("scan_input_axes", new long[m]);
        long[] inDirs = ctx.attrLongs("scan_input_directions", new long[m]);
        long[] outAxes = ctx.attrLongs("scan_output_axes", new long[k]);
        long[] outDirs = ctx.attrLongs("scan_output_directions", new long[k]);
        checkLength(ctx, "scan_input_axes", inAxes, m);
        checkLength(ctx, "scan_input_directions", inDirs, m);
        checkLength(ctx, "scan_output_axes", outAxes, k);
        checkLength(ctx, "scan_output_directions", outDirs, k);

        List<Value> states = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            states.add(new TensorValue(ctx.input(i)));
        }
        Tensor[] scanIn = new Tensor[m];
        int[] axes = new int[m];
        long length = -1;
        for (int i = 0; i < m; i++) {
            scanIn[i] = ctx.input(n + i);
            if (scanIn[i].rank() == 0) {
                throw ctx.error("scan input " + i + " is a scalar; it needs an axis to scan");
            }
            axes[i] = Shapes.axis(ctx, inAxes[i], scanIn[i].rank());
            long len = scanIn[i].shape()[axes[i]];
            if (length >= 0 && len != length) {
                throw ctx.error("scan input " + i + " has " + len + " steps along axis " + axes[i] + " but scan input 0 has "
                        + length);
            }
            length = len;
        }
        if (m == 0) {
            length = 0;
        }
        List<List<Tensor>> parts = newLists(k);
        for (long t = 0; t < length; t++) {
            List<Value> in = new ArrayList<>(states);
            for (int i = 0; i < m; i++) {
                long idx = inDirs[i] == 1 ? length - 1 - t : t;
                in.add(new TensorValue(TensorOps.take(scanIn[i], axes[i], idx)));
            }
            List<Value> out = ctx.runSubgraph(body, in);
            for (int i = 0; i < n; i++) {
                states.set(i, new TensorValue(Values.tensor(ctx, out.get(i), "state output " + i)));
            }
            for (int j = 0; j < k; j++) {
                parts.get(j).add(Values.tensor(ctx, out.get(n + j), "scan output " + j));
            }
        }
        for (int i = 0; i < n && i < ctx.outputCount(); i++) {
            ctx.output(i, states.get(i));
        }
        for (int j = 0; j < k && n + j < ctx.outputCount(); j++) {
            List<Tensor> p = parts.get(j);
            if (p.isEmpty()) {
                ctx.output(n + j, Loop.emptyScan(body.outputs().get(n + j), outAxes[j]));
                continue;
            }
            if (outDirs[j] == 1) {
                Collections.reverse(p);
            }
            int axis = Shapes.axis(ctx, outAxes[j], p.get(0).rank() + 1);
            ctx.output(n + j, TensorOps.stack(ctx, p, axis));
        }
    }

    /** Op set 8: inputs (sequence_lens?, states..., scans...) with batch axis 0 and sequence axis 1. */
    public static void v8(OpContext ctx) {
        Graph body = ctx.attrGraph("body");
        int total = ctx.inputCount() - 1;
        int m = numScanInputs(ctx, total);
        int n = total - m;
        int k = body.outputs().size() - n;
        checkArity(ctx, body, n, m, k);
        long[] dirs = ctx.attrLongs("directions", new long[m]);
        checkLength(ctx, "directions", dirs, m);
        Tensor[] init = new Tensor[n];
        Tensor[] scans = new Tensor[m];
        long batch = -1;
        long maxLen = -1;
        for (int i = 0; i < n + m; i++) {
            Tensor t = ctx.input(1 + i);
            int need = i < n ? 1 : 2;
            if (t.rank() < need) {
                throw ctx.error((i < n ? "state " + i : "scan input " + (i - n)) + " has shape " + OpContext.shape(t.shape())
                        + "; it needs a batch axis" + (i < n ? "" : " and a sequence axis"));
            }
            if (batch >= 0 && t.dim(0) != batch) {
                throw ctx.error("batch sizes differ: " + batch + " and " + t.dim(0));
            }
            batch = t.dim(0);
            if (i < n) {
                init[i] = t;
            } else {
                scans[i - n] = t;
                if (maxLen >= 0 && t.dim(1) != maxLen) {
                    throw ctx.error("scan inputs have different sequence lengths: " + maxLen + " and " + t.dim(1));
                }
                maxLen = t.dim(1);
            }
        }
        batch = Math.max(batch, 0);
        maxLen = Math.max(maxLen, 0);
        Tensor lens = ctx.optionalInput(0);
        if (lens != null && lens.size() != batch) {
            throw ctx.error("sequence_lens has " + lens.size() + " entries but the batch size is " + batch);
        }
        if (batch == 0) {
            throw ctx.error("batch size 0 is not supported: the output shapes would be unknown");
        }
        List<List<Tensor>> finalStates = newLists(n);
        List<List<Tensor>> scanOut = newLists(k);
        for (long b = 0; b < batch; b++) {
            long len = lens == null ? maxLen : lens.getLong((int) b);
            if (len < 0 || len > maxLen) {
                throw ctx.error("sequence_lens[" + b + "] = " + len + " is outside [0, " + maxLen + "]");
            }
            List<Value> states = new ArrayList<>();
            for (Tensor s : init) {
                states.add(new TensorValue(TensorOps.take(s, 0, b)));
            }
            Tensor[] seqs = new Tensor[m];
            for (int i = 0; i < m; i++) {
                seqs[i] = TensorOps.take(scans[i], 0, b);
            }
            List<List<Tensor>> steps = newLists(k);
            for (long t = 0; t < len; t++) {
                List<Value> in = new ArrayList<>(states);
                for (int i = 0; i < m; i++) {
                    in.add(new TensorValue(TensorOps.take(seqs[i], 0, dirs[i] == 1 ? len - 1 - t : t)));
                }
                List<Value> out = ctx.runSubgraph(body, in);
                for (int i = 0; i < n; i++) {
                    states.set(i, new TensorValue(Values.tensor(ctx, out.get(i), "state output " + i)));
                }
                for (int j = 0; j < k; j++) {
                    steps.get(j).add(Values.tensor(ctx, out.get(n + j), "scan output " + j));
                }
            }
            for (int i = 0; i < n; i++) {
                finalStates.get(i).add(((TensorValue) states.get(i)).tensor());
            }
            for (int j = 0; j < k; j++) {
                List<Tensor> s = steps.get(j);
                if (s.isEmpty()) {
                    throw ctx.error("batch entry " + b + " has no steps, so the shape of scan output " + j + " is unknown");
                }
                while (s.size() < maxLen) {
                    s.add(Tensor.zeros(s.get(0).type(), s.get(0).shape()));
                }
                scanOut.get(j).add(TensorOps.stack(ctx, s, 0));
            }
        }
        for (int i = 0; i < n && i < ctx.outputCount(); i++) {
            ctx.output(i, TensorOps.stack(ctx, finalStates.get(i), 0));
        }
        for (int j = 0; j < k && n + j < ctx.outputCount(); j++) {
            ctx.output(n + j, TensorOps.stack(ctx, scanOut.get(j), 0));
        }
    }

    private static int numScanInputs(OpContext ctx, int available) {
        if (!ctx.hasAttr("num_scan_inputs")) {
            throw ctx.error("attribute 'num_scan_inputs' is required");
        }
        long m = ctx.attrLong("num_scan_inputs", 0);
        if (m < 1 || m > available) {
            throw ctx.error("num_scan_inputs " + m + " must be in [1, " + available + "] (the number of state and scan inputs)");
        }
        return (int) m;
    }

    private static void checkArity(OpContext ctx, Graph body, int n, int m, int k) {
        if (body.inputs().size() != n + m) {
            throw ctx.error("body takes " + body.inputs().size() + " inputs but the node supplies " + n + " states and " + m
                    + " scan inputs");
        }
        if (k < 0) {
            throw ctx.error("body has " + body.outputs().size() + " outputs, fewer than its " + n + " states");
        }
        if (ctx.outputCount() > n + k) {
            throw ctx.error("node has " + ctx.outputCount() + " outputs but the body yields " + (n + k));
        }
    }

    private static void checkLength(OpContext ctx, String attr, long[] v, int expected) {
        if (v.length != expected) {
            throw ctx.error("attribute '" + attr + "' has " + v.length + " entries, expected " + expected);
        }
        if (attr.endsWith("directions")) {
            for (long d : v) {
                if (d != 0 && d != 1) {
                    throw ctx.error("attribute '" + attr + "' entries must be 0 or 1, got " + d);
                }
            }
        }
    }

    private static List<List<Tensor>> newLists(int count) {
        List<List<Tensor>> l = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            l.add(new ArrayList<>());
        }
        return l;
    }
}
