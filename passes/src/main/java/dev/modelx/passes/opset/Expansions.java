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
 * Replacements of ops by older ones, used where the target op set predates the op: MeanVarianceNormalization,
 * activations (Gelu, Mish, HardSwish, Celu, Swish, Shrink, ThresholdedRelu, Sign, hyperbolic functions),
 * comparisons (GreaterOrEqual, LessOrEqual), CastLike, Trilu, Mod, Expand, ScatterElements,
 * SoftmaxCrossEntropyLoss, and ops whose inputs are constants (ConstantOfShape, Range), which become initializers.
 * Most are the ops' own ONNX function bodies, written at op set 17 (or the op set noted) and then converted on to
 * the target like any other node. The other normalizations are in {@link NormExpansions}; NegativeLogLikelihoodLoss,
 * RotaryEmbedding, CausalConvWithState, CumProd and CenterCropPad in {@link LayerExpansions}.
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
        NormExpansions.register();
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
        LayerExpansions.register();
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
