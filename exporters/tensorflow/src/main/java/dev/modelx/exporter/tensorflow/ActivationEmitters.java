package dev.modelx.exporter.tensorflow;

import static dev.modelx.exporter.tensorflow.ElementwiseEmitters.binary;
import static dev.modelx.exporter.tensorflow.ElementwiseEmitters.unary;

import dev.modelx.graph.DataType;

/** Activations with attributes, written as TF's own op where it matches and as element-wise math otherwise. */
final class ActivationEmitters {

    private ActivationEmitters() {
    }

    private static final float SELU_ALPHA = 1.67326319217681884765625f;
    private static final float SELU_GAMMA = 1.05070102214813232421875f;

    static void register(Emitters r) {
        r.register(ActivationEmitters::leakyRelu, "LeakyRelu");
        r.register(ActivationEmitters::elu, "Elu");
        r.register(ActivationEmitters::selu, "Selu");
        r.register(ActivationEmitters::celu, "Celu");
        r.register(ActivationEmitters::thresholdedRelu, "ThresholdedRelu");
        r.register(c -> c.out(0, hardSigmoid(c, c.require(0, "X"), c.node.attrFloat("alpha", 0.2f), c.node.attrFloat("beta", 0.5f))),
                "HardSigmoid");
        r.register(c -> {
            Val x = c.require(0, "X");
            c.out(0, mul(c, x, hardSigmoid(c, x, 1f / 6, 0.5f)));
        }, "HardSwish");
        r.register(c -> {
            Val x = c.require(0, "X");
            c.out(0, mul(c, x, unary(c, "Tanh", unary(c, "Softplus", x, null), null)));
        }, "Mish");
        r.register(ActivationEmitters::gelu, "Gelu");
        r.register(ActivationEmitters::shrink, "Shrink");
        r.register(ActivationEmitters::prelu, "PRelu");
        r.register(ActivationEmitters::clip, "Clip");
        r.register(c -> softmax(c, "Softmax"), "Softmax");
        r.register(c -> softmax(c, "LogSoftmax"), "LogSoftmax");
        r.register(c -> softmax(c, "Hardmax"), "Hardmax");
        r.register(ActivationEmitters::swish, "Swish");
    }

    static Val k(Val like, double v) {
        return Val.constant(ConstTensors.scalar(like.type(), v));
    }

    static Val mul(EmitContext c, Val a, Val b) {
        return binary(c, "Mul", a, b, null, true);
    }

    static Val add(EmitContext c, Val a, Val b) {
        return binary(c, "AddV2", a, b, null, true);
    }

    private static Val select(EmitContext c, Val cond, Val x, Val y) {
        int[] p = ElementwiseEmitters.commonPerm(cond, x, y);
        String a = p == null ? c.t(cond) : ElementwiseEmitters.physical(c, cond, p);
        String b = p == null ? c.t(x) : ElementwiseEmitters.physical(c, x, p);
        String d = p == null ? c.t(y) : ElementwiseEmitters.physical(c, y, p);
        return new Val(Ops.select(c, a, b, d, x.type()), x.type(), Shapes.broadcast(cond.shape(), x.shape(), y.shape()), p, null,
                c.frame);
    }

    private static void leakyRelu(EmitContext c) {
        Val x = c.require(0, "X");
        Val y = unary(c, "LeakyRelu", x, null);
        c.ops.get(c.ops.size() - 1).f("alpha", c.node.attrFloat("alpha", 0.01f));
        c.out(0, y);
    }

    private static void elu(EmitContext c) {
        Val x = c.require(0, "X");
        float alpha = c.node.attrFloat("alpha", 1f);
        Val elu = eluOp(c, x);
        if (alpha == 1f) {
            c.out(0, elu);
            return;
        }
        c.out(0, select(c, binary(c, "Greater", x, k(x, 0), DataType.BOOL, true), x, mul(c, elu, k(x, alpha))));
    }

    /** x * sigmoid(alpha * x). */
    private static void swish(EmitContext c) {
        Val x = c.require(0, "X");
        float alpha = c.node.attrFloat("alpha", 1f);
        Val ax = alpha == 1f ? x : mul(c, x, k(x, alpha));
        c.out(0, mul(c, x, unary(c, "Sigmoid", ax, null)));
    }

    /**
     * TF's Elu kernel computes exp(x) - 1 in the element type: for 16-bit floats the exp is rounded before
     * the subtraction (1 ulp off ONNX's single rounding near zero), so they are computed in float32.
     */
    private static Val eluOp(EmitContext c, Val x) {
        DataType t = x.type();
        if (t == DataType.FLOAT16 || t == DataType.BFLOAT16) {
            return ElementwiseEmitters.castVal(c, unary(c, "Elu", ElementwiseEmitters.castVal(c, x, DataType.FLOAT), null), t);
        }
        return unary(c, "Elu", x, null);
    }

    private static void selu(EmitContext c) {
        Val x = c.require(0, "X");
        float alpha = c.node.attrFloat("alpha", SELU_ALPHA);
        float gamma = c.node.attrFloat("gamma", SELU_GAMMA);
        if (alpha == SELU_ALPHA && gamma == SELU_GAMMA && x.type() == DataType.FLOAT) {
            c.out(0, unary(c, "Selu", x, null));
            return;
        }
        Val neg = mul(c, unary(c, "Expm1", x, null), k(x, alpha));
        c.out(0, mul(c, select(c, binary(c, "Greater", x, k(x, 0), DataType.BOOL, true), x, neg), k(x, gamma)));
    }

    /** max(0, x) + min(0, alpha * (exp(x / alpha) - 1)). */
    private static void celu(EmitContext c) {
        Val x = c.require(0, "X");
        float alpha = c.node.attrFloat("alpha", 1f);
        Val e = mul(c, unary(c, "Expm1", binary(c, "RealDiv", x, k(x, alpha), null, true), null), k(x, alpha));
        c.out(0, add(c, binary(c, "Maximum", x, k(x, 0), null, true), binary(c, "Minimum", e, k(x, 0), null, true)));
    }

    private static void thresholdedRelu(EmitContext c) {
        Val x = c.require(0, "X");
        float alpha = c.node.attrFloat("alpha", 1f);
        c.out(0, select(c, binary(c, "Greater", x, k(x, alpha), DataType.BOOL, true), x, k(x, 0)));
    }

    static Val hardSigmoid(EmitContext c, Val x, float alpha, float beta) {
        Val lin = add(c, mul(c, x, k(x, alpha)), k(x, beta));
        return binary(c, "Maximum", binary(c, "Minimum", lin, k(x, 1), null, true), k(x, 0), null, true);
    }

    private static void gelu(EmitContext c) {
        Val x = c.require(0, "X");
        String approx = c.node.attrString("approximate", "none");
        Val inner;
        if (approx.equals("tanh")) {
            Val cube = mul(c, mul(c, x, x), x);
            Val arg = mul(c, add(c, x, mul(c, cube, k(x, 0.044715))), k(x, Math.sqrt(2 / Math.PI)));
            inner = unary(c, "Tanh", arg, null);
        } else if (approx.equals("none")) {
            inner = unary(c, "Erf", mul(c, x, k(x, 1 / Math.sqrt(2))), null);
        } else {
            throw c.error("Gelu approximate='" + approx + "' is not 'none' or 'tanh'");
        }
        c.out(0, mul(c, mul(c, x, k(x, 0.5)), add(c, inner, k(x, 1))));
    }

    private static void shrink(EmitContext c) {
        Val x = c.require(0, "X");
        float bias = c.node.attrFloat("bias", 0f);
        float lambd = c.node.attrFloat("lambd", 0.5f);
        Val below = binary(c, "Less", x, k(x, -lambd), DataType.BOOL, true);
        Val above = binary(c, "Greater", x, k(x, lambd), DataType.BOOL, true);
        Val inner = select(c, above, binary(c, "Sub", x, k(x, bias), null, true), k(x, 0));
        c.out(0, select(c, below, add(c, x, k(x, bias)), inner));
    }

    /** slope broadcasts to x (unidirectionally); before op set 7 a 1-D slope of length C is per channel (axis 1). */
    private static void prelu(EmitContext c) {
        Val x = c.require(0, "X");
        Val slope = c.require(1, "slope");
        int opset = c.node.opsetVersion();
        if (opset > 0 && opset < 7 && slope.rank() == 1 && x.rank() >= 2 && slope.dim(0) == x.dim(1) && slope.dim(0) > 1) {
            long[] s = new long[x.rank() - 1];
            java.util.Arrays.fill(s, 1);
            s[0] = slope.dim(0);
            slope = slope.isConstant() ? Val.constant(slope.constant().reshape(s))
                    : c.val(Ops.reshape(c, c.t(slope), slope.type(), c.longs(s)), slope.type(), s);
        }
        c.out(0, select(c, binary(c, "Less", x, k(x, 0), DataType.BOOL, true), mul(c, x, slope), x));
    }

    /** Opset 11+: bounds are optional inputs; before, attributes. */
    private static void clip(EmitContext c) {
        Val x = c.require(0, "input");
        Val lo;
        Val hi;
        if (c.node.opsetVersion() > 0 && c.node.opsetVersion() < 11) {
            lo = k(x, c.node.attrFloat("min", -Float.MAX_VALUE));
            hi = k(x, c.node.attrFloat("max", Float.MAX_VALUE));
        } else {
            lo = c.in(1);
            hi = c.in(2);
        }
        Val y = x;
        if (lo != null) {
            y = binary(c, "Maximum", y, lo, null, true);
        }
        if (hi != null) {
            y = binary(c, "Minimum", y, hi, null, true);
        }
        if (y == x) {
            y = unary(c, "Identity", x, null);
        }
        c.out(0, y);
    }

    /**
     * Opset 13+: along {@code axis} (TF's Softmax works on the last axis, so another axis is moved last);
     * before 13 the input is seen as 2-D [prod(dims before axis), prod(rest)].
     */
    private static void softmax(EmitContext c, String tfOp) {
        Val x = c.require(0, "input");
        DataType t = x.type();
        if (t == DataType.FLOAT16 || t == DataType.BFLOAT16) {
            // TF's CPU kernel sums the exponentials in 16 bits; ONNX rounds the result once
            c.out(0, ElementwiseEmitters.castVal(c, softmax(c, tfOp, ElementwiseEmitters.castVal(c, x, DataType.FLOAT)), t));
        } else {
            c.out(0, softmax(c, tfOp, x));
        }
    }

    private static Val softmax(EmitContext c, String tfOp, Val x) {
        int opset = c.node.opsetVersion();
        int rank = c.rank(x, "the input");
        long axisAttr = c.node.attrLong("axis", opset > 0 && opset < 13 ? 1 : -1);
        int axis = Shapes.axis(axisAttr, rank);
        if (opset > 0 && opset < 13 && axis != rank - 1) {
            String in = c.t(x);
            String shape = Ops.shape(c, in, x.type());
            long inner = Shapes.product(x.shape(), axis, rank);
            String flat = Ops.reshape(c, in, x.type(), c.longs(-1, inner < 0 ? dynamicInnerError(c) : inner));
            String y = lastAxis(c, tfOp, flat, x.type());
            return c.val(Ops.reshape(c, y, x.type(), shape), x.type(), x.shape());
        }
        if (axis == rank - 1) {
            // the last logical axis: a permuted operand works when that axis is also last physically
            if (x.perm() != null && !x.isConstant() && x.perm()[rank - 1] == rank - 1) {
                return new Val(lastAxis(c, tfOp, x.tensor(), x.type()), x.type(), x.shape(), x.perm(), null, c.frame);
            }
            return c.val(lastAxis(c, tfOp, c.t(x), x.type()), x.type(), x.shape());
        }
        int[] p = Perms.identity(rank);
        p[axis] = rank - 1;
        p[rank - 1] = axis;
        String moved = c.phys(x, p);
        String y = lastAxis(c, tfOp, moved, x.type());
        return new Val(y, x.type(), x.shape(), p, null, c.frame);
    }

    /** Softmax/LogSoftmax over the last axis; Hardmax as a one-hot of the first maximum (TF's ArgMax takes the first). */
    private static String lastAxis(EmitContext c, String tfOp, String in, DataType t) {
        if (!tfOp.equals("Hardmax")) {
            return c.op(tfOp).in(in).type("T", t).out();
        }
        String last = c.constant(dev.modelx.graph.Tensor.scalar(-1L));
        String am = c.op("ArgMax", "argmax").in(in).in(last).type("T", t).type("Tidx", DataType.INT64)
                .type("output_type", DataType.INT64).out();
        String depth = Ops.reshape(c, Ops.slice1d(c, Ops.shape(c, in, t), DataType.INT64, -1, -1), DataType.INT64, c.longs());
        depth = Ops.cast(c, depth, DataType.INT64, DataType.INT32);
        return c.op("OneHot").in(am).in(depth).in(c.scalar(t, 1)).in(c.scalar(t, 0)).type("T", t).type("TI", DataType.INT64)
                .i("axis", -1).out();
    }

    private static long dynamicInnerError(EmitContext c) {
        throw c.error("the dimensions from 'axis' on must be static for an opset<13 Softmax");
    }
}
