package dev.modelx.passes.opset;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.List;

import static dev.modelx.passes.opset.Build.attrs;
import static dev.modelx.passes.opset.Build.i;
import static dev.modelx.passes.opset.Build.ints;

/**
 * Expansions of the whole-layer ops ({@link Expansions} has the rest): NegativeLogLikelihoodLoss, RotaryEmbedding,
 * CausalConvWithState, CumProd and CenterCropPad, each written with older ops where the target op set predates it.
 */
final class LayerExpansions {

    private LayerExpansions() {
    }

    static void register() {
        Adapters.expand("RotaryEmbedding", LayerExpansions::rotary);
        Adapters.expand("CausalConvWithState", LayerExpansions::causalConv);
        Adapters.expand("CumProd", LayerExpansions::cumProd);
        Adapters.expand("CenterCropPad", LayerExpansions::centerCropPad);
        Adapters.expand("NegativeLogLikelihoodLoss", LayerExpansions::nll);
    }

    /**
     * NegativeLogLikelihoodLoss: the log-probability of each target class (GatherElements from op set 11, a
     * one-hot product before), negated and weighted; ignored targets weigh nothing.
     */
    private static void nll(Step s) {
        Node n = s.node;
        DataType t = s.type(s.in(0));
        DataType it = s.type(s.in(1));
        long[] x = s.staticShape(s.in(0));
        if (t == null || it == null || !Consts.supported(t)) {
            s.block("NegativeLogLikelihoodLoss needs op set 12 (rewriting it needs the input and target types)");
            return;
        }
        if (s.target() < 11 && (x == null || s.target() < 9)) {
            s.block("NegativeLogLikelihoodLoss needs op set 12 (or 11; or 9 with a static input shape, for OneHot)");
            return;
        }
        Build b = new Build(s, 11, t);
        String reduction = n.attrString("reduction", "mean");
        boolean ignore = n.hasAttribute("ignore_index");
        String target = s.in(1);
        String keep = null;
        if (ignore) {
            String mask = b.op("Equal", target, b.c(it, n.attrLong("ignore_index", 0)));
            String notMask = b.op("Not", mask);
            target = b.op("Mul", target, b.cast(notMask, it));
            keep = b.cast(notMask, t);
        }
        String picked;
        if (s.target() >= 11) {
            String idx = b.op("Unsqueeze", attrs(ints("axes", 1)), target);
            String g = b.op("GatherElements", attrs(i("axis", 1)), s.in(0), idx);
            picked = b.op("Squeeze", attrs(ints("axes", 1)), g);
        } else {
            String depth = s.constant(Tensor.ofLongs(new long[]{1}, x[1]), s.out(0) + "_depth");
            String values = s.constant(Consts.vector(t, 0, 1), s.out(0) + "_onehot_values");
            String oh = b.op("OneHot", attrs(i("axis", 1)), target, depth, values);
            picked = b.op("ReduceSum", attrs(ints("axes", 1), i("keepdims", 0)), b.op("Mul", s.in(0), oh));
        }
        String loss = b.op("Neg", picked);
        String weight = keep;
        if (s.has(2)) {
            String wt = b.op("Gather", attrs(i("axis", 0)), s.in(2), target);
            weight = keep == null ? wt : b.op("Mul", wt, keep);
        }
        if (weight != null) {
            loss = b.op("Mul", loss, weight);
        }
        switch (reduction) {
            case "none" -> b.to(s.out(0), "Identity", loss);
            case "sum" -> b.to(s.out(0), "ReduceSum", attrs(i("keepdims", 0)), loss);
            default -> {
                if (weight == null) {
                    b.to(s.out(0), "ReduceMean", attrs(i("keepdims", 0)), loss);
                } else {
                    b.to(s.out(0), "Div", b.op("ReduceSum", attrs(i("keepdims", 0)), loss),
                            b.op("ReduceSum", attrs(i("keepdims", 0)), weight));
                }
            }
        }
        s.remove();
    }

    /** RotaryEmbedding on static shapes: rotate the first rotary_embedding_dim features of each head. */
    private static void rotary(Step s) {
        Node n = s.node;
        long[] x = s.staticShape(s.in(0));
        DataType t = s.type(s.in(0));
        if (x == null || t == null || (x.length != 3 && x.length != 4) || !Consts.supported(t)) {
            s.block("RotaryEmbedding needs op set 23 (rewriting it needs the input's static shape and element type)");
            return;
        }
        boolean fourD = x.length == 4;
        long batch = x[0];
        long heads = fourD ? x[1] : n.attrLong("num_heads", 0);
        long seq = fourD ? x[2] : x[1];
        if (heads <= 0) {
            s.block("RotaryEmbedding on a 3-D input needs num_heads");
            return;
        }
        long head = fourD ? x[3] : x[2] / heads;
        long rd = n.attrLong("rotary_embedding_dim", 0);
        long dim = rd == 0 ? head : rd;
        long half = dim / 2;
        boolean interleaved = n.attrLong("interleaved", 0) != 0;
        Build b = new Build(s, 17, t);
        // Work in [B, H, S, D] (4-D) or [B, S, H, D] (3-D input, split into heads).
        String xw = fourD ? s.in(0) : b.op("Reshape", s.in(0), b.longs(batch, seq, heads, head));
        long[] shape = fourD ? new long[]{batch, heads, seq, head} : new long[]{batch, seq, heads, head};
        String cos;
        String sin;
        if (s.has(3)) {
            cos = b.op("Gather", attrs(i("axis", 0)), s.in(1), s.in(3));
            sin = b.op("Gather", attrs(i("axis", 0)), s.in(2), s.in(3));
        } else {
            cos = s.in(1);
            sin = s.in(2);
        }
        String headAxis = b.longs(fourD ? 1 : 2);
        cos = b.op("Unsqueeze", cos, headAxis);
        sin = b.op("Unsqueeze", sin, headAxis);
        DataType ct = s.type(s.in(1));
        if (ct != null && ct != t) {
            cos = b.cast(cos, t);
            sin = b.cast(sin, t);
        }
        String last = b.longs(-1);
        String rot = dim == head ? xw : b.op("Slice", xw, b.longs(0), b.longs(dim), last);
        String x1;
        String x2;
        long[] halfShape = shape.clone();
        halfShape[3] = half;
        if (interleaved) {
            long[] pairs = {shape[0], shape[1], shape[2], half, 2};
            String pr = b.op("Reshape", rot, b.longs(pairs));
            x1 = b.op("Reshape", b.op("Slice", pr, b.longs(0), b.longs(1), last), b.longs(halfShape));
            x2 = b.op("Reshape", b.op("Slice", pr, b.longs(1), b.longs(2), last), b.longs(halfShape));
        } else {
            x1 = b.op("Slice", rot, b.longs(0), b.longs(half), last);
            x2 = b.op("Slice", rot, b.longs(half), b.longs(dim), last);
        }
        String o1 = b.op("Sub", b.op("Mul", cos, x1), b.op("Mul", sin, x2));
        String o2 = b.op("Add", b.op("Mul", sin, x1), b.op("Mul", cos, x2));
        String rotated;
        if (interleaved) {
            long[] pairs = {shape[0], shape[1], shape[2], half, 1};
            String c = b.op("Concat", attrs(i("axis", -1)), b.op("Reshape", o1, b.longs(pairs)), b.op("Reshape", o2, b.longs(pairs)));
            long[] rs = shape.clone();
            rs[3] = dim;
            rotated = b.op("Reshape", c, b.longs(rs));
        } else {
            rotated = b.op("Concat", attrs(i("axis", -1)), o1, o2);
        }
        String y = dim == head ? rotated
                : b.op("Concat", attrs(i("axis", -1)), rotated, b.op("Slice", xw, b.longs(dim), b.longs(head), last));
        if (fourD) {
            b.to(s.out(0), "Identity", y);
        } else {
            b.to(s.out(0), "Reshape", y, b.longs(x));
        }
        s.remove();
    }

    /**
     * CausalConvWithState: the past state (or zeros) concatenated before the input, a depthwise Conv without
     * padding, the optional SiLU, and the last k - 1 positions of the concatenation as the present state.
     */
    private static void causalConv(Step s) {
        Node n = s.node;
        long[] x = s.staticShape(s.in(0));
        long[] w = s.staticShape(s.in(1));
        DataType t = s.type(s.in(0));
        if (x == null || w == null || t == null || x.length != 3 || w.length != 3 || !Consts.supported(t)) {
            s.block("CausalConvWithState needs op set 27 (rewriting it needs static shapes and the element type)");
            return;
        }
        long k = w[2];
        Build b = new Build(s, 17, t);
        String past = s.has(3) ? s.in(3) : s.constant(Consts.filled(t, new long[]{x[0], x[1], k - 1}, 0), s.out(0) + "_zeros");
        String padded = b.op("Concat", attrs(i("axis", 2)), past, s.in(0));
        java.util.List<String> convIn = new java.util.ArrayList<>(List.of(padded, s.in(1)));
        if (s.has(2)) {
            convIn.add(s.in(2));
        }
        String act = n.attrString("activation", "none");
        boolean silu = act.equals("silu") || act.equals("swish");
        String conv = silu ? s.tmp("conv") : s.out(0);
        Node c = s.make("Conv", convIn, List.of(conv)).attr("group", x[1]).attr(Attribute.ints("kernel_shape", k));
        s.before(c, 17);
        if (silu) {
            b.to(s.out(0), "Mul", conv, b.op("Sigmoid", conv));
        }
        if (!n.output(1).isEmpty()) {
            long len = x[2] + k - 1;
            b.to(n.output(1), "Slice", padded, b.longs(len - (k - 1)), b.longs(len), b.longs(2));
        }
        s.remove();
    }

    /** CumProd as a Scan along the axis carrying the running product. */
    private static void cumProd(Step s) {
        Node n = s.node;
        long[] x = s.staticShape(s.in(0));
        DataType t = s.type(s.in(0));
        long[] axisV = s.constantLongs(s.in(1));
        if (x == null || t == null || axisV == null || !Consts.supported(t) || x.length == 0) {
            s.block("CumProd needs op set 26 (rewriting it as a Scan needs a static shape, the element type and a constant axis)");
            return;
        }
        if (s.target() < 9) {
            s.block("CumProd needs op set 26 (or 9, for Scan)");
            return;
        }
        int axis = (int) (axisV[0] < 0 ? axisV[0] + x.length : axisV[0]);
        boolean exclusive = n.attrLong("exclusive", 0) != 0;
        boolean reverse = n.attrLong("reverse", 0) != 0;
        long[] stateShape = new long[x.length - 1];
        for (int d = 0, j = 0; d < x.length; d++) {
            if (d != axis) {
                stateShape[j++] = x[d];
            }
        }
        String ones = s.constant(Consts.filled(t, stateShape, 1), s.out(0) + "_ones");
        dev.modelx.graph.Graph body = new dev.modelx.graph.Graph(s.out(0) + "_cumprod_body");
        String state = s.fresh(s.out(0) + "_state");
        String item = s.fresh(s.out(0) + "_item");
        String next = s.fresh(s.out(0) + "_next");
        String emitted = s.fresh(s.out(0) + "_emitted");
        body.input(state, t, stateShape).input(item, t, stateShape);
        body.add(new Node("", "Mul", "").inputs(state, item).outputs(next));
        body.add(new Node("", "Identity", "").inputs(exclusive ? state : next).outputs(emitted));
        body.output(dev.modelx.graph.ValueInfo.tensor(next, t, stateShape));
        body.output(dev.modelx.graph.ValueInfo.tensor(emitted, t, stateShape));
        s.registerSubgraph(body, 17);
        Node scan = s.make("Scan", List.of(ones, s.in(0)), List.of(s.tmp("cumprod_final"), s.out(0))).attr("body", body)
                .attr("num_scan_inputs", 1L).attr(Attribute.ints("scan_input_axes", axis))
                .attr(Attribute.ints("scan_output_axes", axis));
        if (reverse) {
            scan.attr(Attribute.ints("scan_input_directions", 1)).attr(Attribute.ints("scan_output_directions", 1));
        }
        s.before(scan, 17);
        s.remove();
    }

    /** CenterCropPad on a static shape: Slice the axes that shrink, Pad the ones that grow, both centred. */
    private static void centerCropPad(Step s) {
        Node n = s.node;
        long[] x = s.staticShape(s.in(0));
        long[] target = s.constantLongs(s.in(1));
        if (x == null || target == null) {
            s.block("CenterCropPad needs op set 18 (rewriting it needs the input's static shape and a constant shape)");
            return;
        }
        long[] axes = n.attrLongs("axes", null);
        if (axes == null) {
            axes = new long[x.length];
            for (int k = 0; k < x.length; k++) {
                axes[k] = k;
            }
        }
        Build b = new Build(s, 17, null);
        java.util.List<Long> cropAxes = new java.util.ArrayList<>();
        java.util.List<Long> starts = new java.util.ArrayList<>();
        java.util.List<Long> ends = new java.util.ArrayList<>();
        long[] pads = new long[2 * x.length];
        boolean pad = false;
        for (int k = 0; k < axes.length; k++) {
            int a = (int) (axes[k] < 0 ? axes[k] + x.length : axes[k]);
            long in = x[a];
            long out = target[k];
            if (out < in) {
                long st = (in - out) / 2;
                cropAxes.add((long) a);
                starts.add(st);
                ends.add(st + out);
            } else if (out > in) {
                long before = (out - in) / 2;
                pads[a] = before;
                pads[a + x.length] = out - in - before;
                pad = true;
            }
        }
        String y = s.in(0);
        if (!cropAxes.isEmpty()) {
            y = b.op("Slice", y, b.longs(unbox(starts)), b.longs(unbox(ends)), b.longs(unbox(cropAxes)));
        }
        if (pad) {
            y = b.op("Pad", y, b.longs(pads));
        }
        b.to(s.out(0), "Identity", y);
        s.remove();
    }

    private static long[] unbox(java.util.List<Long> l) {
        return l.stream().mapToLong(Long::longValue).toArray();
    }
}
