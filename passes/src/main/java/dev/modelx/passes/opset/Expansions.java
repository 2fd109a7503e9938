package dev.modelx.passes.opset;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static dev.modelx.passes.opset.Build.attrs;
import static dev.modelx.passes.opset.Build.f;
import static dev.modelx.passes.opset.Build.i;
import static dev.modelx.passes.opset.Build.ints;

/**
 * Replacements of ops by older ones, used where the target op set predates the op: the normalizations
 * (LayerNormalization, GroupNormalization, RMSNormalization, MeanVarianceNormalization), activations (Gelu,
 * Mish, HardSwish, Celu, Swish, Shrink, ThresholdedRelu, Sign, hyperbolic functions), comparisons
 * (GreaterOrEqual, LessOrEqual), CastLike, Trilu, Expand, ScatterElements, and ops whose inputs are constants
 * (ConstantOfShape, Range), which become initializers. Most are the ops' own ONNX function bodies, written at
 * op set 17 (or the op set noted) and then converted on to the target like any other node.
 */
final class Expansions {

    private Expansions() {
    }

    static void register() {
        Adapters.expand("CastLike", s -> {
            DataType t = s.type(s.in(1));
            if (t == null) {
                s.block("CastLike needs op set 15 (the target type's input has an unknown element type)");
                return;
            }
            Node c = s.make("Cast", s.in(0), s.out(0)).attr("to", (long) t.code());
            Attribute sat = s.node.attribute("saturate");
            if (sat != null) {
                c.attr(sat);
            }
            Attribute round = s.node.attribute("round_mode");
            if (round != null) {
                c.attr(round);
            }
            s.before(c, s.from);
            s.remove();
        });
        Adapters.expand("LayerNormalization", Expansions::layerNorm);
        Adapters.expand("GroupNormalization", Expansions::groupNorm);
        Adapters.expand("RMSNormalization", Expansions::rmsNorm);
        Adapters.expand("Gelu", s -> unary(s, (b, x) -> {
            String approx = s.node.attrString("approximate", "none");
            String half = b.op("Mul", b.c(0.5), x);
            if (approx.equals("tanh")) {
                String cube = b.op("Mul", x, b.op("Mul", x, x));
                String inner = b.op("Mul", b.c(Math.sqrt(2 / Math.PI)), b.op("Add", x, b.op("Mul", b.c(0.044715), cube)));
                b.to(s.out(0), "Mul", half, b.op("Add", b.c(1), b.op("Tanh", inner)));
            } else {
                String erf = b.op("Erf", b.op("Div", x, b.c(Math.sqrt(2))));
                b.to(s.out(0), "Mul", half, b.op("Add", b.c(1), erf));
            }
        }));
        Adapters.expand("Mish", s -> unary(s, (b, x) -> b.to(s.out(0), "Mul", x, b.op("Tanh", b.op("Softplus", x)))));
        Adapters.expand("HardSwish", s -> unary(s, (b, x) ->
                b.to(s.out(0), "Mul", x, b.op("HardSigmoid", attrs(f("alpha", 1f / 6), f("beta", 0.5f)), x))));
        Adapters.expand("Celu", s -> unary(s, (b, x) -> {
            float alpha = s.node.attrFloat("alpha", 1f);
            String neg = b.op("Mul", b.c(alpha), b.op("Sub", b.op("Exp", b.op("Div", x, b.c(alpha))), b.c(1)));
            b.to(s.out(0), "Add", b.op("Max", b.c(0), x), b.op("Min", b.c(0), neg));
        }));
        Adapters.expand("Swish", s -> unary(s, (b, x) -> {
            float alpha = s.node.attrFloat("alpha", 1f);
            String ax = alpha == 1f ? x : b.op("Mul", b.c(alpha), x);
            b.to(s.out(0), "Mul", x, b.op("Sigmoid", ax));
        }));
        Adapters.expand("ThresholdedRelu", s -> unary(s, 9, (b, x) -> {
            float alpha = s.node.attrFloat("alpha", 1f);
            String mask = b.cast(b.op("Greater", x, b.c(alpha)), b.type);
            b.to(s.out(0), "Mul", x, mask);
        }));
        Adapters.expand("Shrink", s -> unary(s, 8, (b, x) -> {
            float lambd = s.node.attrFloat("lambd", 0.5f);
            float bias = s.node.attrFloat("bias", 0f);
            String hi = b.cast(b.op("Greater", x, b.c(lambd)), b.type);
            String lo = b.cast(b.op("Less", x, b.c(-lambd)), b.type);
            String a = b.op("Mul", b.op("Sub", x, b.c(bias)), hi);
            String c = b.op("Mul", b.op("Add", x, b.c(bias)), lo);
            b.to(s.out(0), "Add", a, c);
        }));
        Adapters.expand("Sign", s -> unary(s, 8, (b, x) -> {
            String pos = b.cast(b.op("Greater", x, b.c(0)), b.type);
            if (b.type.isUnsigned()) {
                b.to(s.out(0), "Identity", pos);
                return;
            }
            b.to(s.out(0), "Sub", pos, b.cast(b.op("Less", x, b.c(0)), b.type));
        }));
        Adapters.expand("Sinh", s -> unary(s, 8, (b, x) ->
                b.to(s.out(0), "Div", b.op("Sub", b.op("Exp", x), b.op("Exp", b.op("Neg", x))), b.c(2))));
        Adapters.expand("Cosh", s -> unary(s, 8, (b, x) ->
                b.to(s.out(0), "Div", b.op("Add", b.op("Exp", x), b.op("Exp", b.op("Neg", x))), b.c(2))));
        Adapters.expand("Asinh", s -> unary(s, 8, (b, x) ->
                b.to(s.out(0), "Log", b.op("Add", x, b.op("Sqrt", b.op("Add", b.op("Mul", x, x), b.c(1)))))));
        Adapters.expand("Acosh", s -> unary(s, 8, (b, x) ->
                b.to(s.out(0), "Log", b.op("Add", x, b.op("Sqrt", b.op("Sub", b.op("Mul", x, x), b.c(1)))))));
        Adapters.expand("Atanh", s -> unary(s, 8, (b, x) ->
                b.to(s.out(0), "Mul", b.c(0.5), b.op("Log", b.op("Div", b.op("Add", b.c(1), x), b.op("Sub", b.c(1), x))))));
        Adapters.expand("MeanVarianceNormalization", s -> unary(s, 8, (b, x) -> {
            long[] axes = s.node.attrLongs("axes", new long[]{0, 2, 3});
            String mean = b.op("ReduceMean", attrs(ints("axes", axes)), x);
            String sqMean = b.op("ReduceMean", attrs(ints("axes", axes)), b.op("Mul", x, x));
            String std = b.op("Sqrt", b.op("Sub", sqMean, b.op("Mul", mean, mean)));
            b.to(s.out(0), "Div", b.op("Sub", x, mean), b.op("Add", std, b.c(1e-9)));
        }));
        for (String op : List.of("GreaterOrEqual", "LessOrEqual")) {
            Adapters.expand(op, s -> {
                Build b = new Build(s, 11, null);
                String strict = b.op(op.equals("GreaterOrEqual") ? "Greater" : "Less", s.in(0), s.in(1));
                b.to(s.out(0), "Or", strict, b.op("Equal", s.in(0), s.in(1)));
                s.remove();
            });
        }
        Adapters.expand("ScatterElements", s -> {
            if (!s.node.attrString("reduction", "none").equals("none")) {
                s.block("ScatterElements reduction needs op set 16");
                return;
            }
            if (s.target() < 9) {
                s.block("ScatterElements needs op set 9 (as Scatter) or 11");
                return;
            }
            Node n = s.make("Scatter", s.node.inputs(), s.node.outputs());
            Attribute axis = s.node.attribute("axis");
            if (axis != null) {
                n.attr(axis);
            }
            s.before(n, 10);
            s.remove();
        });
        Adapters.expand("Trilu", Expansions::trilu);
        Adapters.expand("Expand", s -> {
            long[] shape = s.constantLongs(s.in(1));
            DataType t = s.type(s.in(0));
            if (shape == null || t == null || !Consts.supported(t) || t == DataType.BOOL) {
                s.block("Expand needs op set 8 (rewriting it as an addition needs a constant shape and a numeric input)");
                return;
            }
            String zeros = s.constant(Consts.filled(t, shape, 0), s.out(0) + "_zeros");
            s.before(s.make("Add", List.of(s.in(0), zeros), List.of(s.out(0))), 7);
            s.remove();
        });
        Adapters.expand("ConstantOfShape", s -> {
            Attribute v = s.node.attribute("value");
            Tensor value = v == null ? Tensor.ofFloats(new long[]{1}, 0f) : v.asTensor();
            long[] shape = s.constantLongs(s.in(0));
            if (shape != null && !s.scope.function) {
                Tensor t = fill(value, shape);
                if (t != null && t.size() <= 1 << 20) {
                    s.engine.addConstant(s.scope, s.out(0), t, s);
                    s.remove();
                    return;
                }
            }
            if (s.target() >= 8 && value.type().bits() >= 8) {
                String scalar = s.constant(value.reshape(), s.out(0) + "_value");
                s.before(s.make("Expand", List.of(scalar, s.in(0)), List.of(s.out(0))), 8);
                s.remove();
                return;
            }
            s.block(shape == null ? "ConstantOfShape with a computed shape needs op set 9 (or 8, as Expand)"
                    : "ConstantOfShape of " + Tensor.elementCount(shape) + " elements (too large to store as an initializer) "
                    + "needs op set 9 (or 8, as Expand)");
        });
        Adapters.expand("Mod", Expansions::mod);
        Adapters.expand("SwiGLU", s -> {
            DataType t = s.type(s.in(0));
            if (t == null || !Consts.supported(t)) {
                s.block("SwiGLU needs op set 28 (rewriting it needs the input's element type)");
                return;
            }
            Build b = new Build(s, 17, t);
            float alpha = s.node.attrFloat("alpha", 1f);
            String a = s.in(0);
            String gate = b.op("Sigmoid", alpha == 1f ? a : b.op("Mul", b.c(alpha), a));
            b.to(s.out(0), "Mul", b.op("Mul", a, gate), s.in(1));
            s.remove();
        });
        Adapters.expand("RotaryEmbedding", Expansions::rotary);
        Adapters.expand("CausalConvWithState", Expansions::causalConv);
        Adapters.expand("CumProd", Expansions::cumProd);
        Adapters.expand("CenterCropPad", Expansions::centerCropPad);
        Adapters.expand("NegativeLogLikelihoodLoss", Expansions::nll);
        Adapters.expand("SoftmaxCrossEntropyLoss", s -> {
            Node n = s.node;
            Build b = new Build(s, 13, null);
            String logp = b.op("LogSoftmax", attrs(i("axis", 1)), s.in(0));
            List<String> ins = new java.util.ArrayList<>(List.of(logp, s.in(1)));
            if (s.has(2)) {
                ins.add(s.in(2));
            }
            Node loss = s.make("NegativeLogLikelihoodLoss", ins, List.of(n.output(0)));
            for (String a : List.of("reduction", "ignore_index")) {
                if (n.hasAttribute(a)) {
                    loss.attr(n.attribute(a));
                }
            }
            s.before(loss, 13);
            if (!n.output(1).isEmpty()) {
                b.to(n.output(1), "Identity", logp);
            }
            s.remove();
        });
        Adapters.down("Equal", 11, s -> {
            DataType t = s.type(s.in(0));
            if (t == null || !t.isFloatingPoint()) {
                return;
            }
            if (s.target() < 9) {
                s.block("Equal on " + t.displayName() + " needs op set 11 (or 9, where IsNaN can rewrite it)");
                return;
            }
            // a == b  <=>  not (a < b or a > b or a is NaN or b is NaN)
            Build b = new Build(s, s.to, t);
            String differ = b.op("Or", b.op("Less", s.in(0), s.in(1)), b.op("Greater", s.in(0), s.in(1)));
            String nan = b.op("Or", b.op("IsNaN", s.in(0)), b.op("IsNaN", s.in(1)));
            b.to(s.out(0), "Not", b.op("Or", differ, nan));
            s.remove();
        });
        Adapters.expand("Range", s -> {
            Tensor start = s.constant(s.in(0));
            Tensor limit = s.constant(s.in(1));
            Tensor delta = s.constant(s.in(2));
            if (start == null || limit == null || delta == null || s.scope.function) {
                rangeLoop(s);
                return;
            }
            DataType t = start.type();
            double a = start.getDouble(0);
            double l = limit.getDouble(0);
            double d = delta.getDouble(0);
            long n = Math.max((long) Math.ceil((l - a) / d), 0);
            if (n > 1 << 20 || !Consts.supported(t)) {
                s.block("Range needs op set 11 (its output is too large, or of a type, to store as a constant)");
                return;
            }
            double[] values = new double[(int) n];
            for (int k = 0; k < n; k++) {
                values[k] = t.isInteger() ? start.getLong(0) + k * delta.getLong(0) : a + k * d;
            }
            if (t == DataType.FLOAT) {
                float acc = (float) a;
                for (int k = 0; k < n; k++) {
                    values[k] = acc;
                    acc = acc + (float) d;
                }
            }
            s.engine.addConstant(s.scope, s.out(0), Consts.of(t, new long[]{n}, values), s);
            s.remove();
        });
    }

    /** Range as a Loop: n = max(ceil((limit - start) / delta), 0) iterations, each emitting the running value. */
    private static void rangeLoop(Step s) {
        DataType t = s.type(s.in(0));
        if (t == null || !Consts.supported(t) || t == DataType.BOOL) {
            s.block("Range with computed inputs needs op set 11 (rewriting it as a Loop needs the element type)");
            return;
        }
        int at = Math.min(s.to, 10);
        Build b = new Build(s, at, DataType.DOUBLE);
        String span = b.op("Sub", b.cast(s.in(1), DataType.DOUBLE), b.cast(s.in(0), DataType.DOUBLE));
        String count = b.op("Relu", b.op("Ceil", b.op("Div", span, b.cast(s.in(2), DataType.DOUBLE))));
        String trips = b.cast(count, DataType.INT64);
        dev.modelx.graph.Graph body = new dev.modelx.graph.Graph(s.out(0) + "_range_body");
        String iter = s.fresh(s.out(0) + "_i");
        String cond = s.fresh(s.out(0) + "_cond");
        String prev = s.fresh(s.out(0) + "_prev");
        String condOut = s.fresh(s.out(0) + "_cond_out");
        String next = s.fresh(s.out(0) + "_next");
        String value = s.fresh(s.out(0) + "_value");
        body.input(iter, DataType.INT64).input(cond, DataType.BOOL).input(prev, t);
        body.add(new Node("", "Identity", "").inputs(cond).outputs(condOut));
        body.add(new Node("", "Add", "").inputs(prev, s.in(2)).outputs(next));
        body.add(new Node("", "Identity", "").inputs(prev).outputs(value));
        body.output(dev.modelx.graph.ValueInfo.tensor(condOut, DataType.BOOL, new long[0]));
        body.output(new dev.modelx.graph.ValueInfo(next, dev.modelx.graph.Type.tensor(t, new long[0])));
        body.output(new dev.modelx.graph.ValueInfo(value, dev.modelx.graph.Type.tensor(t, new long[0])));
        s.registerSubgraph(body, at);
        Node loop = s.make("Loop", List.of(trips, "", s.in(0)), List.of(s.tmp("range_final"), s.out(0))).attr("body", body);
        s.before(loop, at);
        s.remove();
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

    /** Mod from truncating division: r = a - b * (a / b); the floor variant adds b where r and b differ in sign. */
    private static void mod(Step s) {
        DataType t = s.type(s.in(0));
        if (t == null || !Consts.supported(t) || t == DataType.BOOL) {
            s.block("Mod needs op set 10 (rewriting it needs the element type)");
            return;
        }
        boolean fmod = s.node.attrLong("fmod", 0) != 0;
        Build b = new Build(s, 9, t);
        String a = s.in(0);
        String d = s.in(1);
        if (t.isFloatingPoint()) {
            String q = b.op("Div", a, d);
            String whole;
            if (fmod) {
                whole = b.op("Mul", b.op("Sign", q), b.op("Floor", b.op("Abs", q)));
            } else {
                whole = b.op("Floor", q);
            }
            b.to(s.out(0), "Sub", a, b.op("Mul", d, whole));
            s.remove();
            return;
        }
        String r = b.op("Sub", a, b.op("Mul", b.op("Div", a, d), d));
        if (fmod || t.isUnsigned()) {
            b.to(s.out(0), "Identity", r);
        } else {
            String nonzero = b.op("Not", b.op("Equal", r, b.c(0)));
            String signs = b.op("Xor", b.op("Less", r, b.c(0)), b.op("Less", d, b.c(0)));
            String fix = b.cast(b.op("And", nonzero, signs), t);
            b.to(s.out(0), "Add", r, b.op("Mul", d, fix));
        }
        s.remove();
    }

    // ---- helpers ----

    private interface Body {
        void write(Build b, String x);
    }

    private static void unary(Step s, Body body) {
        unary(s, 17, body);
    }

    /** A single-input, single-output op written as {@code body} at op set {@code opset} in the input's type. */
    private static void unary(Step s, int opset, Body body) {
        DataType t = s.type(s.in(0));
        if (t == null || !Consts.supported(t)) {
            s.block(s.node.opType() + " needs op set " + s.fromSchema.since() + " (rewriting it needs the input's element "
                    + "type, which is " + (t == null ? "unknown" : t.displayName()) + ")");
            return;
        }
        body.write(new Build(s, opset, t), s.in(0));
        if (s.blocked == null) {
            s.remove();
        }
    }

    /** Axes [axis, ..., last] as negative indices when the rank is unknown; null when that cannot be said. */
    private static long[] trailingAxes(long axis, int rank) {
        if (axis < 0) {
            long[] a = new long[(int) -axis];
            for (int k = 0; k < a.length; k++) {
                a[k] = axis + k;
            }
            return a;
        }
        if (rank < 0) {
            return null;
        }
        long[] a = new long[(int) (rank - axis)];
        for (int k = 0; k < a.length; k++) {
            a[k] = axis + k;
        }
        return a;
    }

    private static void layerNorm(Step s) {
        Node n = s.node;
        DataType t = s.type(s.in(0));
        long axis = n.attrLong("axis", -1);
        long[] axes = trailingAxes(axis, s.rank(s.in(0)));
        if (t == null || axes == null) {
            s.block("LayerNormalization needs op set 17 (rewriting it needs the input's element type and, for axis >= 0, "
                    + "its rank)");
            return;
        }
        DataType u = DataType.fromCode((int) n.attrLong("stash_type", 1));
        float eps = n.attrFloat("epsilon", 1e-5f);
        Build b = new Build(s, 17, u);
        String x = t == u ? s.in(0) : b.cast(s.in(0), u);
        String mean = b.op("ReduceMean", attrs(ints("axes", axes)), x);
        String d = b.op("Sub", x, mean);
        String var = b.op("ReduceMean", attrs(ints("axes", axes)), b.op("Mul", d, d));
        String inv = b.op("Reciprocal", b.op("Sqrt", b.op("Add", var, b.c(eps))));
        String norm = b.op("Mul", d, inv);
        String normT = t == u ? norm : b.cast(norm, t);
        if (s.has(2)) {
            b.to(s.out(0), "Add", b.op("Mul", normT, s.in(1)), s.in(2));
        } else {
            b.to(s.out(0), "Mul", normT, s.in(1));
        }
        if (!n.output(1).isEmpty()) {
            b.to(n.output(1), "Identity", mean);
        }
        if (!n.output(2).isEmpty()) {
            b.to(n.output(2), "Identity", inv);
        }
        s.remove();
    }

    private static void rmsNorm(Step s) {
        Node n = s.node;
        DataType t = s.type(s.in(0));
        long axis = n.attrLong("axis", -1);
        long[] axes = trailingAxes(axis, s.rank(s.in(0)));
        if (t == null || axes == null) {
            s.block("RMSNormalization needs op set 23 (rewriting it needs the input's element type and, for axis >= 0, "
                    + "its rank)");
            return;
        }
        DataType u = DataType.fromCode((int) n.attrLong("stash_type", 1));
        float eps = n.attrFloat("epsilon", 1e-5f);
        Build b = new Build(s, 17, u);
        String x = t == u ? s.in(0) : b.cast(s.in(0), u);
        String ms = b.op("ReduceMean", attrs(ints("axes", axes)), b.op("Mul", x, x));
        String inv = b.op("Reciprocal", b.op("Sqrt", b.op("Add", ms, b.c(eps))));
        String norm = b.op("Mul", x, inv);
        String normT = t == u ? norm : b.cast(norm, t);
        b.to(s.out(0), "Mul", normT, s.in(1));
        s.remove();
    }

    private static void groupNorm(Step s) {
        Node n = s.node;
        boolean perGroup = s.fromSchema.since() < 21;
        DataType t = s.type(s.in(0));
        int rank = s.rank(s.in(0));
        long groups = n.attrLong("num_groups", -1);
        if (t == null || groups <= 0 || !perGroup && rank < 0) {
            s.block("GroupNormalization needs op set " + (perGroup ? 18 : 21) + " (rewriting it needs the input's element "
                    + "type and rank)");
            return;
        }
        DataType u = perGroup ? t : DataType.fromCode((int) n.attrLong("stash_type", 1));
        float eps = n.attrFloat("epsilon", 1e-5f);
        Build b = new Build(s, 17, u);
        String x = t == u ? s.in(0) : b.cast(s.in(0), u);
        String xr = b.op("Reshape", x, b.longs(0, groups, -1));
        String mean = b.op("ReduceMean", attrs(ints("axes", 2)), xr);
        String d = b.op("Sub", xr, mean);
        String var = b.op("ReduceMean", attrs(ints("axes", 2)), b.op("Mul", d, d));
        String norm = b.op("Div", d, b.op("Sqrt", b.op("Add", var, b.c(eps))));
        String normT = t == u ? norm : b.cast(norm, t);
        String shape = b.op("Shape", s.in(0));
        if (perGroup) {
            String sc = b.op("Reshape", s.in(1), b.longs(-1, 1));
            String bi = b.op("Reshape", s.in(2), b.longs(-1, 1));
            String y = b.op("Add", b.op("Mul", normT, sc), bi);
            b.to(s.out(0), "Reshape", y, shape);
        } else {
            long[] target = new long[rank - 1];
            target[0] = -1;
            java.util.Arrays.fill(target, 1, target.length, 1);
            String y0 = b.op("Reshape", normT, shape);
            String sc = b.op("Reshape", s.in(1), b.longs(target));
            String bi = b.op("Reshape", s.in(2), b.longs(target));
            b.to(s.out(0), "Add", b.op("Mul", y0, sc), bi);
        }
        s.remove();
    }

    private static void trilu(Step s) {
        Node n = s.node;
        long[] shape = s.staticShape(s.in(0));
        DataType t = s.type(s.in(0));
        long k = 0;
        boolean computedK = false;
        if (s.has(1)) {
            long[] kv = s.constantLongs(s.in(1));
            if (kv == null) {
                computedK = true;
            } else {
                k = kv[0];
            }
        }
        if (shape == null || shape.length < 2 || t == null || !Consts.supported(t)) {
            s.block("Trilu needs op set 14 (rewriting it needs the input's static shape and element type)");
            return;
        }
        if (s.target() < 9) {
            s.block("Trilu needs op set 14 (or 9, where Where can apply its mask)");
            return;
        }
        long m = shape[shape.length - 2];
        long cols = shape[shape.length - 1];
        boolean upper = n.attrLong("upper", 1) != 0;
        if (computedK) {
            // Keep (r, c) where c - r >= k (upper) or c - r <= k (lower), k known only at run time.
            long[] diff = new long[(int) (m * cols)];
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < cols; c++) {
                    diff[(int) (r * cols + c)] = c - r;
                }
            }
            Build b = new Build(s, 13, t);
            String d = s.constant(Tensor.ofLongs(new long[]{m, cols}, diff), s.out(0) + "_diff");
            String kk = s.type(s.in(1)) == DataType.INT64 ? s.in(1) : b.cast(s.in(1), DataType.INT64);
            String drop = b.op(upper ? "Less" : "Greater", d, kk);
            b.to(s.out(0), "Where", drop, b.c(0), s.in(0));
            s.remove();
            return;
        }
        boolean[] mask = new boolean[(int) (m * cols)];
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < cols; c++) {
                mask[(int) (r * cols + c)] = upper ? c - r >= k : c - r <= k;
            }
        }
        String maskName = s.constant(Tensor.ofBooleans(new long[]{m, cols}, mask), s.out(0) + "_mask");
        String zero = s.constScalar(s.out(0) + "_zero", t, 0);
        s.before(s.make("Where", List.of(maskName, s.in(0), zero), List.of(s.out(0))), 13);
        s.remove();
    }

    /** A tensor of {@code shape} holding the single element of {@code value}; null for sub-byte types. */
    static Tensor fill(Tensor value, long[] shape) {
        DataType t = value.type();
        long n = Tensor.elementCount(shape);
        if (t == DataType.STRING) {
            String[] a = new String[(int) n];
            java.util.Arrays.fill(a, value.strings()[0]);
            return Tensor.ofStrings(shape, a);
        }
        if (t.bits() < 8 || t.isComplex()) {
            return null;
        }
        int w = t.bits() / 8;
        ByteBuffer one = value.packedBytes();
        byte[] e = new byte[w];
        one.get(e);
        ByteBuffer out = ByteBuffer.allocate((int) (n * w)).order(ByteOrder.LITTLE_ENDIAN);
        for (long k = 0; k < n; k++) {
            out.put(e);
        }
        out.flip();
        return Tensor.fromPacked(t, shape, out);
    }
}
