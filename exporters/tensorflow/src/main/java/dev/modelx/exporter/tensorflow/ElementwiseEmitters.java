package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * Element-wise math, comparisons and logic. They work on whatever layout their operands are held in:
 * two operands in the same permuted layout (or one constant, permuted at export time) stay permuted.
 */
final class ElementwiseEmitters {

    private ElementwiseEmitters() {
    }

    static final Map<String, String> UNARY = Map.ofEntries(
            Map.entry("Relu", "Relu"), Map.entry("Sigmoid", "Sigmoid"), Map.entry("Tanh", "Tanh"), Map.entry("Exp", "Exp"),
            Map.entry("Log", "Log"), Map.entry("Sqrt", "Sqrt"), Map.entry("Abs", "Abs"), Map.entry("Neg", "Neg"),
            Map.entry("Floor", "Floor"), Map.entry("Ceil", "Ceil"), Map.entry("Round", "Round"), Map.entry("Sin", "Sin"),
            Map.entry("Cos", "Cos"), Map.entry("Tan", "Tan"), Map.entry("Asin", "Asin"), Map.entry("Acos", "Acos"),
            Map.entry("Atan", "Atan"), Map.entry("Sinh", "Sinh"), Map.entry("Cosh", "Cosh"), Map.entry("Asinh", "Asinh"),
            Map.entry("Acosh", "Acosh"), Map.entry("Atanh", "Atanh"), Map.entry("Erf", "Erf"), Map.entry("Sign", "Sign"),
            Map.entry("Reciprocal", "Reciprocal"), Map.entry("Softplus", "Softplus"), Map.entry("Softsign", "Softsign"),
            Map.entry("Identity", "Identity"), Map.entry("BitwiseNot", "Invert"));

    static final Map<String, String> BINARY = Map.ofEntries(
            Map.entry("Add", "AddV2"), Map.entry("Sub", "Sub"), Map.entry("Mul", "Mul"),
            Map.entry("BitwiseAnd", "BitwiseAnd"), Map.entry("BitwiseOr", "BitwiseOr"), Map.entry("BitwiseXor", "BitwiseXor"));

    static final Map<String, String> COMPARE = Map.of("Equal", "Equal", "Less", "Less", "Greater", "Greater",
            "LessOrEqual", "LessEqual", "GreaterOrEqual", "GreaterEqual");

    static final Map<String, String> LOGIC = Map.of("And", "LogicalAnd", "Or", "LogicalOr", "Xor", "NotEqual");

    static void register(Emitters r) {
        UNARY.forEach((onnx, tf) -> r.register(c -> c.out(0, unary(c, tf, c.require(0, "X"), null)), onnx));
        BINARY.forEach((onnx, tf) -> r.register(c -> c.out(0, binary(c, tf, c.require(0, "A"), c.require(1, "B"), null, true)), onnx));
        COMPARE.forEach((onnx, tf) -> r.register(c -> c.out(0, binary(c, tf, c.require(0, "A"), c.require(1, "B"), DataType.BOOL, true)), onnx));
        LOGIC.forEach((onnx, tf) -> r.register(c -> c.out(0, binary(c, tf, c.require(0, "A"), c.require(1, "B"), DataType.BOOL,
                tf.equals("NotEqual"))), onnx));
        r.register(c -> c.out(0, unary(c, "LogicalNot", c.require(0, "X"), DataType.BOOL, false)), "Not");
        r.register(c -> c.out(0, unary(c, "IsNan", c.require(0, "X"), DataType.BOOL)), "IsNaN");
        r.register(ElementwiseEmitters::isInf, "IsInf");
        r.register(ElementwiseEmitters::div, "Div");
        r.register(ElementwiseEmitters::pow, "Pow");
        r.register(ElementwiseEmitters::mod, "Mod");
        r.register(ElementwiseEmitters::bitShift, "BitShift");
        r.register(c -> c.out(0, variadic(c, "Maximum")), "Max");
        r.register(c -> c.out(0, variadic(c, "Minimum")), "Min");
        r.register(c -> c.out(0, variadic(c, "AddV2")), "Sum");
        r.register(ElementwiseEmitters::mean, "Mean");
        r.register(ElementwiseEmitters::where, "Where");
    }

    static Val unary(EmitContext c, String tfOp, Val x, DataType outType) {
        return unary(c, tfOp, x, outType, true);
    }

    /** A layout-agnostic unary op: it runs on the operand's physical layout, which the result keeps. */
    static Val unary(EmitContext c, String tfOp, Val x, DataType outType, boolean typeAttr) {
        String in = x.isConstant() ? c.t(x) : x.tensor();
        TfOp o = c.op(tfOp).in(in);
        if (typeAttr) {
            o.type("T", x.type());
        }
        return new Val(o.out(), outType == null ? x.type() : outType, x.shape(), x.isConstant() ? null : x.perm(), null, c.frame);
    }

    /**
     * A broadcasting binary op. When one operand is held permuted and the other has the same permutation
     * (or is a constant or a scalar that can be permuted here), the op runs in that layout.
     */
    static Val binary(EmitContext c, String tfOp, Val a, Val b, DataType outType, boolean typeAttr) {
        long[] shape = Shapes.broadcast(a.shape(), b.shape());
        int[] p = commonPerm(a, b);
        String x = p == null ? c.t(a) : physical(c, a, p);
        String y = p == null ? c.t(b) : physical(c, b, p);
        TfOp o = c.op(tfOp).in(x).in(y);
        if (typeAttr) {
            o.type("T", a.type());
        }
        return new Val(o.out(), outType == null ? a.type() : outType, shape, p, null, c.frame);
    }

    /** The permuted layout both operands can be given without a Transpose of a computed tensor, or null. */
    static int[] commonPerm(Val... vals) {
        int[] p = null;
        int rank = -1;
        for (Val v : vals) {
            if (!v.isConstant() && v.perm() != null) {
                if (p != null && !Arrays.equals(p, v.perm())) {
                    return null;
                }
                p = v.perm();
                rank = v.rank();
            }
        }
        if (p == null) {
            return null;
        }
        for (Val v : vals) {
            boolean same = !v.isConstant() && Arrays.equals(p, v.perm()) && v.rank() == rank;
            boolean scalar = v.rank() == 0 || v.shape() != null && Shapes.product(v.shape(), 0, v.rank()) == 1 && v.rank() <= rank;
            boolean constant = v.isConstant() && v.rank() <= rank;
            if (!same && !scalar && !constant) {
                return null;
            }
        }
        return p;
    }

    /** {@code v} laid out by {@code p}: broadcast-compatible constants and scalars are padded to full rank first. */
    static String physical(EmitContext c, Val v, int[] p) {
        if (!v.isConstant() && Arrays.equals(v.perm(), p)) {
            return v.tensor();
        }
        if (v.rank() == 0 || v.rank() < 0) {
            return c.t(v);
        }
        if (v.isConstant()) {
            Tensor t = v.constant().reshape(Shapes.padLeft(v.constant().shape(), p.length));
            return c.constant(ConstTensors.transpose(t, p));
        }
        // a computed tensor of one element: reshape to all-ones of full rank, whose layout does not matter
        long[] ones = new long[p.length];
        Arrays.fill(ones, 1);
        return Ops.reshape(c, c.t(v), v.type(), c.longs(ones));
    }

    private static void isInf(EmitContext c) {
        Val x = c.require(0, "X");
        boolean pos = c.node.attrLong("detect_positive", 1) != 0;
        boolean neg = c.node.attrLong("detect_negative", 1) != 0;
        Val inf = unary(c, "IsInf", x, DataType.BOOL);
        if (pos && neg) {
            c.out(0, inf);
            return;
        }
        Val zero = Val.constant(ConstTensors.scalar(x.type(), 0));
        Val side = binary(c, pos ? "Greater" : "Less", x, zero, DataType.BOOL, true);
        if (!pos && !neg) {
            side = binary(c, "LogicalAnd", side, unary(c, "LogicalNot", side, DataType.BOOL, false), DataType.BOOL, false);
        }
        c.out(0, binary(c, "LogicalAnd", inf, side, DataType.BOOL, false));
    }

    /** Integer division truncates toward zero, as TruncateDiv does. */
    private static void div(EmitContext c) {
        Val a = c.require(0, "A");
        String op = a.type().isFloatingPoint() ? "RealDiv" : "TruncateDiv";
        c.out(0, binary(c, op, a, c.require(1, "B"), null, true));
    }

    /** TF's Pow needs one type: the exponent is cast to the base's type. */
    private static void pow(EmitContext c) {
        Val x = c.require(0, "X");
        Val y = c.require(1, "Y");
        if (y.type() != x.type()) {
            if (y.isConstant()) {
                y = Val.constant(castConstant(y.constant(), x.type()));
            } else {
                y = new Val(Ops.cast(c, y.tensor(), y.type(), x.type()), x.type(), y.shape(), y.perm(), null, c.frame);
            }
        }
        c.out(0, binary(c, "Pow", x, y, null, true));
    }

    static Tensor castConstant(Tensor t, DataType to) {
        double[] d = t.toDoubleArray();
        Tensor out = ConstTensors.filled(to, t.shape(), 0);
        Object arr = out.array();
        for (int i = 0; i < d.length; i++) {
            switch (to) {
                case FLOAT -> ((float[]) arr)[i] = (float) d[i];
                case DOUBLE -> ((double[]) arr)[i] = d[i];
                case INT64 -> ((long[]) arr)[i] = (long) d[i];
                case INT32 -> ((int[]) arr)[i] = (int) d[i];
                case INT16, UINT16 -> ((short[]) arr)[i] = (short) d[i];
                case INT8, UINT8 -> ((byte[]) arr)[i] = (byte) (long) d[i];
                case BOOL -> ((byte[]) arr)[i] = (byte) (d[i] != 0 ? 1 : 0);
                default -> throw new IllegalArgumentException("cannot cast a constant to " + to.displayName());
            }
        }
        return out;
    }

    /** fmod=0: the divisor's sign (FloorMod); fmod=1: the dividend's sign (TruncateMod, C fmod). */
    private static void mod(EmitContext c) {
        Val a = c.require(0, "A");
        boolean fmod = c.node.attrLong("fmod", 0) != 0;
        if (!fmod && a.type().isFloatingPoint()) {
            throw c.error("Mod with fmod=0 is for integers; floating-point operands need fmod=1");
        }
        Val b = c.require(1, "B");
        DataType t = a.type();
        if (!fmod || t == DataType.FLOAT || t == DataType.DOUBLE || t == DataType.INT32 || t == DataType.INT64) {
            c.out(0, binary(c, fmod ? "TruncateMod" : "FloorMod", a, b, null, true));
        } else if (t.isFloatingPoint() || t == DataType.INT8 || t == DataType.INT16) {
            // TF's CPU TruncateMod has float, double, int32 and int64 kernels only: compute wider, cast back (exact)
            DataType wide = t.isFloatingPoint() ? DataType.FLOAT : DataType.INT32;
            Val r = binary(c, "TruncateMod", castVal(c, a, wide), castVal(c, b, wide), null, true);
            c.out(0, castVal(c, r, t));
        } else {
            // unsigned operands: truncating and flooring remainders agree
            c.out(0, binary(c, "FloorMod", a, b, null, true));
        }
    }

    /** {@code v} cast to {@code to}, keeping its layout (constants are cast at export time when they can be). */
    static Val castVal(EmitContext c, Val v, DataType to) {
        if (v.type() == to) {
            return v;
        }
        if (v.isConstant()) {
            return new Val(Ops.cast(c, c.t(v), v.type(), to), to, v.shape(), null, null, c.frame);
        }
        return new Val(Ops.cast(c, v.tensor(), v.type(), to), to, v.shape(), v.perm(), null, c.frame);
    }

    private static void bitShift(EmitContext c) {
        String dir = c.node.attrString("direction", "");
        String op = switch (dir) {
            case "LEFT" -> "LeftShift";
            case "RIGHT" -> "RightShift";
            default -> throw c.error("BitShift direction '" + dir + "' is neither LEFT nor RIGHT");
        };
        c.out(0, binary(c, op, c.require(0, "X"), c.require(1, "Y"), null, true));
    }

    /** Max/Min/Sum of any number of broadcasting operands, as a chain of binary ops. */
    private static Val variadic(EmitContext c, String tfOp) {
        Val acc = c.require(0, "data_0");
        if (c.inputCount() == 1) {
            return unary(c, "Identity", acc, null);
        }
        for (int i = 1; i < c.inputCount(); i++) {
            acc = binary(c, tfOp, acc, c.require(i, "data_" + i), null, true);
        }
        return acc;
    }

    private static void mean(EmitContext c) {
        Val sum = variadic(c, "AddV2");
        Val n = Val.constant(ConstTensors.scalar(sum.type(), c.inputCount()));
        c.out(0, binary(c, "RealDiv", sum, n, null, true));
    }

    private static void where(EmitContext c) {
        Val cond = c.require(0, "condition");
        Val x = c.require(1, "X");
        Val y = c.require(2, "Y");
        long[] shape = Shapes.broadcast(cond.shape(), x.shape(), y.shape());
        String o = Ops.select(c, c.t(cond), c.t(x), c.t(y), x.type());
        c.out(0, c.val(o, x.type(), shape));
    }
}
