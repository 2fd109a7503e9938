package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import java.util.Map;

/** Unary and binary element-wise math, comparisons, logic, activations (TF broadcasting = ONNX's). */
final class ElementwiseOps {

    private ElementwiseOps() {
    }

    private static final Map<String, String> UNARY = Map.ofEntries(
            Map.entry("Relu", "Relu"), Map.entry("Sigmoid", "Sigmoid"), Map.entry("Tanh", "Tanh"), Map.entry("Exp", "Exp"),
            Map.entry("Log", "Log"), Map.entry("Sqrt", "Sqrt"), Map.entry("Abs", "Abs"),
            Map.entry("Neg", "Neg"), Map.entry("Floor", "Floor"), Map.entry("Ceil", "Ceil"), Map.entry("Round", "Round"),
            Map.entry("Rint", "Round"), Map.entry("Sin", "Sin"), Map.entry("Cos", "Cos"), Map.entry("Tan", "Tan"),
            Map.entry("Asin", "Asin"), Map.entry("Acos", "Acos"), Map.entry("Atan", "Atan"), Map.entry("Sinh", "Sinh"),
            Map.entry("Cosh", "Cosh"), Map.entry("Asinh", "Asinh"), Map.entry("Acosh", "Acosh"), Map.entry("Atanh", "Atanh"),
            Map.entry("Erf", "Erf"), Map.entry("Sign", "Sign"), Map.entry("Reciprocal", "Reciprocal"), Map.entry("Inv", "Reciprocal"),
            Map.entry("Softplus", "Softplus"), Map.entry("Softsign", "Softsign"), Map.entry("Elu", "Elu"), Map.entry("Selu", "Selu"),
            Map.entry("IsNan", "IsNaN"), Map.entry("LogicalNot", "Not"), Map.entry("Invert", "BitwiseNot"));

    private static final Map<String, String> BINARY = Map.ofEntries(
            Map.entry("Add", "Add"), Map.entry("AddV2", "Add"), Map.entry("Sub", "Sub"), Map.entry("Mul", "Mul"),
            Map.entry("RealDiv", "Div"), Map.entry("Div", "Div"), Map.entry("TruncateDiv", "Div"), Map.entry("Maximum", "Max"),
            Map.entry("Minimum", "Min"), Map.entry("Pow", "Pow"), Map.entry("Less", "Less"), Map.entry("LessEqual", "LessOrEqual"),
            Map.entry("Greater", "Greater"), Map.entry("GreaterEqual", "GreaterOrEqual"), Map.entry("Equal", "Equal"),
            Map.entry("LogicalAnd", "And"), Map.entry("LogicalOr", "Or"), Map.entry("BitwiseAnd", "BitwiseAnd"),
            Map.entry("BitwiseOr", "BitwiseOr"), Map.entry("BitwiseXor", "BitwiseXor"));

    static void register(OpRegistry r) {
        for (Map.Entry<String, String> e : UNARY.entrySet()) {
            r.register((n, s) -> s.out(n, 0, s.op(e.getValue(), s.in(n, 0))), e.getKey());
        }
        for (Map.Entry<String, String> e : BINARY.entrySet()) {
            r.register((n, s) -> s.out(n, 0, s.op(e.getValue(), s.in(n, 0), s.in(n, 1))), e.getKey());
        }
        r.register(ElementwiseOps::relu6, "Relu6");
        r.register((n, s) -> s.out(n, 0, s.add(s.node("LeakyRelu", s.in(n, 0)).attr("alpha", n.f("alpha", 0.2f))).output(0)),
                "LeakyRelu");
        r.register((n, s) -> s.out(n, 0, s.op("Reciprocal", s.op("Sqrt", s.in(n, 0)))), "Rsqrt");
        r.register((n, s) -> s.out(n, 0, s.op("Mul", s.in(n, 0), s.in(n, 0))), "Square");
        r.register((n, s) -> {
            String d = s.op("Sub", s.in(n, 0), s.in(n, 1));
            s.out(n, 0, s.op("Mul", d, d));
        }, "SquaredDifference");
        r.register((n, s) -> s.out(n, 0, s.op("Log", s.op("Add", s.in(n, 0), one(n, s)))), "Log1p");
        r.register((n, s) -> s.out(n, 0, s.op("Sub", s.op("Exp", s.in(n, 0)), one(n, s))), "Expm1");
        r.register((n, s) -> s.out(n, 0, s.op("Not", s.op("Equal", s.in(n, 0), s.in(n, 1)))), "NotEqual");
        r.register((n, s) -> s.out(n, 0, s.op("IsInf", s.in(n, 0))), "IsInf");
        r.register((n, s) -> s.out(n, 0, s.op("Not", s.op("Or", s.op("IsInf", s.in(n, 0)), s.op("IsNaN", s.in(n, 0))))), "IsFinite");
        r.register(ElementwiseOps::floorDiv, "FloorDiv");
        r.register(ElementwiseOps::floorMod, "FloorMod");
        r.register((n, s) -> s.out(n, 0, s.add(s.node("Mod", s.in(n, 0), s.in(n, 1)).attr("fmod", 1L)).output(0)), "TruncateMod", "Mod");
        r.register(ElementwiseOps::divNoNan, "DivNoNan");
        r.register(ElementwiseOps::addN, "AddN");
        r.register((n, s) -> s.out(n, 0, s.op("Where", s.in(n, 0), s.in(n, 1), s.in(n, 2))), "SelectV2");
        r.register(ElementwiseOps::select, "Select");
        r.register((n, s) -> s.out(n, 0, s.op("Min", s.op("Max", s.in(n, 0), s.in(n, 1)), s.in(n, 2))), "ClipByValue");
        r.register(ElementwiseOps::softmax, "Softmax", "LogSoftmax");
        r.register(ElementwiseOps::biasAdd, "BiasAdd", "BiasAddV1");
    }

    private static String one(TfNode n, Scope s) {
        return s.constant(Consts.scalar(n.requireType("T"), 1), "one");
    }

    private static void relu6(TfNode n, Scope s) {
        DataType t = n.requireType("T");
        s.out(n, 0, s.op("Clip", s.in(n, 0), s.constant(Consts.scalar(t, 0), "zero"), s.constant(Consts.scalar(t, 6), "six")));
    }

    /** floor(x / y); integers go through double so the quotient rounds toward negative infinity. */
    private static void floorDiv(TfNode n, Scope s) {
        DataType t = n.requireType("T");
        if (t.isFloatingPoint()) {
            s.out(n, 0, s.op("Floor", s.op("Div", s.in(n, 0), s.in(n, 1))));
            return;
        }
        String q = s.op("Floor", s.op("Div", s.cast(s.in(n, 0), DataType.DOUBLE), s.cast(s.in(n, 1), DataType.DOUBLE)));
        s.setType(q, DataType.DOUBLE);
        s.out(n, 0, s.cast(q, t));
    }

    /** Result takes the divisor's sign: ONNX Mod (fmod=0) for integers, x - floor(x/y)*y for floats. */
    private static void floorMod(TfNode n, Scope s) {
        DataType t = n.requireType("T");
        String x = s.in(n, 0);
        String y = s.in(n, 1);
        if (t.isFloatingPoint()) {
            s.out(n, 0, s.op("Sub", x, s.op("Mul", s.op("Floor", s.op("Div", x, y)), y)));
        } else {
            s.out(n, 0, s.op("Mod", x, y));
        }
    }

    private static void divNoNan(TfNode n, Scope s) {
        String y = s.in(n, 1);
        String zero = s.constant(Consts.scalar(n.requireType("T"), 0), "zero");
        s.out(n, 0, s.op("Where", s.op("Equal", y, zero), zero, s.op("Div", s.in(n, 0), y)));
    }

    private static void addN(TfNode n, Scope s) {
        if (n.inputCount() == 1) {
            s.out(n, 0, s.in(n, 0));
            return;
        }
        String[] ins = new String[n.inputCount()];
        for (int i = 0; i < ins.length; i++) {
            ins[i] = s.in(n, i);
        }
        s.out(n, 0, s.op("Sum", ins));
    }

    /** Select (v1): a rank-1 condition picks whole rows of higher-rank operands. */
    private static void select(TfNode n, Scope s) {
        String c = s.in(n, 0);
        String x = s.in(n, 1);
        var cr = s.rank(c);
        var xr = s.rank(x);
        if (cr.isPresent() && xr.isPresent() && cr.get() == 1 && xr.get() > 1) {
            long[] axes = new long[xr.get() - 1];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = i + 1;
            }
            c = s.op("Unsqueeze", c, s.constLongs("axes", axes));
        } else if (cr.isEmpty() || xr.isEmpty()) {
            if (!(cr.isPresent() && xr.isPresent() && cr.get().equals(xr.get()))) {
                // ranks unknown: TF requires equal ranks unless the condition is a vector; assume equal ranks.
                c = s.in(n, 0);
            }
        }
        s.out(n, 0, s.op("Where", c, x, s.in(n, 2)));
    }

    private static void softmax(TfNode n, Scope s) {
        String op = n.op().equals("Softmax") ? "Softmax" : "LogSoftmax";
        s.out(n, 0, s.add(s.node(op, s.in(n, 0)).attr("axis", -1L)).output(0));
    }

    /** NHWC: the bias broadcasts on the last axis; NCHW: on axis 1, so it is reshaped to [C, 1, ..., 1]. */
    private static void biasAdd(TfNode n, Scope s) {
        String x = s.in(n, 0);
        String b = s.in(n, 1);
        if (n.dataFormat().startsWith("NC")) {
            int rank = s.rank(x).orElse(4);
            long[] shape = new long[rank - 1];
            java.util.Arrays.fill(shape, 1);
            shape[0] = -1;
            b = s.op("Reshape", b, s.constLongs("bias_shape", shape));
        }
        s.out(n, 0, s.op("Add", x, b));
    }

}
