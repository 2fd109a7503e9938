package dev.modelx.importer.tensorflow;

import static dev.modelx.graph.DataType.BOOL;
import static dev.modelx.graph.DataType.DOUBLE;
import static dev.modelx.graph.DataType.FLOAT;
import static dev.modelx.graph.DataType.INT32;
import static dev.modelx.graph.DataType.INT64;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/** Unary and binary math, comparisons, logic, activations, softmax and bias. */
final class ElementwiseOracleCases {

    private ElementwiseOracleCases() {
    }

    private static final long[] S = {2, 3, 4};

    /** Unary float ops and the input range each is defined (and well conditioned) on. */
    private static final Object[][] UNARY = {
            {"Abs", -2, 2}, {"Acos", -0.95, 0.95}, {"Acosh", 1.05, 4}, {"Asin", -0.95, 0.95}, {"Asinh", -3, 3}, {"Atan", -3, 3},
            {"Atanh", -0.9, 0.9}, {"Ceil", -3, 3}, {"Cos", -3, 3}, {"Cosh", -3, 3}, {"Elu", -3, 3}, {"Erf", -2, 2}, {"Exp", -3, 3},
            {"Expm1", -2, 2}, {"Floor", -3, 3}, {"Inv", 0.2, 3}, {"Log", 0.05, 5}, {"Log1p", -0.9, 3}, {"Neg", -2, 2},
            {"Reciprocal", 0.2, 3}, {"Relu", -2, 2}, {"Relu6", -3, 9}, {"Rint", -4, 4}, {"Round", -4, 4}, {"Rsqrt", 0.1, 4},
            {"Selu", -3, 3}, {"Sigmoid", -5, 5}, {"Sign", -2, 2}, {"Sin", -3, 3}, {"Sinh", -3, 3}, {"Softplus", -5, 5},
            {"Softsign", -4, 4}, {"Sqrt", 0, 4}, {"Square", -3, 3}, {"Tan", -1.4, 1.4}, {"Tanh", -3, 3},
    };

    private static final String[] ARITH = {"Add", "AddV2", "Sub", "Mul", "Maximum", "Minimum", "SquaredDifference"};
    private static final String[] COMPARE = {"Less", "LessEqual", "Greater", "GreaterEqual", "Equal", "NotEqual"};

    static void add(OracleCases c) {
        for (Object[] u : UNARY) {
            String op = (String) u[0];
            double lo = ((Number) u[1]).doubleValue();
            double hi = ((Number) u[2]).doubleValue();
            c.add(op, "float", g -> g.fetch(g.op(op, g.in(lo, hi, S))));
        }
        c.add("Exp", "double", g -> g.fetch(g.op("Exp", g.in(g.uniform(DOUBLE, -3, 3, S)))));
        c.add("Abs", "int32", g -> g.fetch(g.op("Abs", g.in(INT32, S))));
        c.add("Neg", "int64", g -> g.fetch(g.op("Neg", g.in(INT64, S))));
        c.add("Sign", "int32", g -> g.fetch(g.op("Sign", g.in(INT32, S))));
        c.add("Square", "int32", g -> g.fetch(g.op("Square", g.in(INT32, S))));
        c.add("Round", "halves", g -> g.fetch(g.op("Round", g.in(Tensor.ofFloats(new long[]{6}, -2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f)))));
        c.add("LeakyRelu", "alpha 0.1", g -> g.fetch(g.op("LeakyRelu", g.in(FLOAT, S)).attr("alpha", 0.1f)));
        c.add("LeakyRelu", "default alpha", g -> g.fetch(g.op("LeakyRelu", g.in(FLOAT, S))));
        Tensor special = Tensor.ofFloats(new long[]{6}, 1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 3e38f);
        for (String op : new String[]{"IsNan", "IsInf", "IsFinite"}) {
            c.add(op, "nan/inf", g -> g.fetch(g.op(op, g.in(special))));
        }
        c.add("LogicalNot", "bool", g -> g.fetch(g.op("LogicalNot", g.in(BOOL, S))));
        c.add("Invert", "int32", g -> g.fetch(g.op("Invert", g.in(INT32, S))));

        for (String op : ARITH) {
            c.add(op, "float broadcast [2,3,4]x[4]", g -> g.fetch(g.op(op, g.in(FLOAT, S), g.in(FLOAT, 4))));
            c.add(op, "int32 broadcast [2,1,4]x[3,1]", g -> g.fetch(g.op(op, g.in(INT32, 2, 1, 4), g.in(INT32, 3, 1))));
        }
        c.add("Add", "int64", g -> g.fetch(g.op("Add", g.in(INT64, S), g.in(INT64, S))));
        c.add("Mul", "double", g -> g.fetch(g.op("Mul", g.in(DOUBLE, S), g.in(DOUBLE, S))));
        c.add("RealDiv", "float", g -> g.fetch(g.op("RealDiv", g.in(FLOAT, S), g.in(0.5, 3, 4))));
        c.add("Div", "float", g -> g.fetch(g.op("Div", g.in(FLOAT, S), g.in(0.5, 3, 4))));
        c.add("Div", "int32 (negative operands)", g -> g.fetch(g.op("Div", g.in(g.integers(INT32, -9, 9, 12)), nonZero(g, INT32, 12))));
        c.add("TruncateDiv", "int32", g -> g.fetch(g.op("TruncateDiv", g.in(g.integers(INT32, -9, 9, 12)), nonZero(g, INT32, 12))));
        c.add("FloorDiv", "float", g -> g.fetch(g.op("FloorDiv", g.in(-5, 5, 12), g.in(0.5, 3, 12))));
        c.add("FloorDiv", "int32", g -> g.fetch(g.op("FloorDiv", g.in(g.integers(INT32, -9, 9, 12)), nonZero(g, INT32, 12))));
        c.add("FloorDiv", "int64", g -> g.fetch(g.op("FloorDiv", g.in(g.integers(INT64, -9, 9, 12)), nonZero(g, INT64, 12))));
        c.add("FloorMod", "float", g -> g.fetch(g.op("FloorMod", g.in(-5, 5, 12), g.in(g.uniform(FLOAT, -3, -0.5, 12)))));
        c.add("FloorMod", "int32", g -> g.fetch(g.op("FloorMod", g.in(g.integers(INT32, -9, 9, 12)), nonZero(g, INT32, 12))));
        c.add("TruncateMod", "int32", g -> g.fetch(g.op("TruncateMod", g.in(g.integers(INT32, -9, 9, 12)), nonZero(g, INT32, 12))));
        c.add("TruncateMod", "float", g -> g.fetch(g.op("TruncateMod", g.in(-5, 5, 12), g.in(0.5, 3, 12))));
        c.add("Mod", "int32", g -> g.fetch(g.op("Mod", g.in(g.integers(INT32, -9, 9, 12)), nonZero(g, INT32, 12))));
        c.add("Pow", "float", g -> g.fetch(g.op("Pow", g.in(0.1, 3, S), g.in(-2, 2, S))));
        c.add("Pow", "int32", g -> g.fetch(g.op("Pow", g.in(g.integers(INT32, -3, 3, 12)), g.in(g.integers(INT32, 0, 4, 12)))));
        c.add("DivNoNan", "zeros in divisor", g -> g.fetch(g.op("DivNoNan", g.in(FLOAT, 6),
                g.in(Tensor.ofFloats(new long[]{6}, 0, 2, -1, 0, 0.5f, 3)))));
        for (String op : COMPARE) {
            c.add(op, "float broadcast", g -> g.fetch(g.op(op, g.in(g.integers(INT32, -2, 2, 2, 3)), g.in(g.integers(INT32, -2, 2, 3)))));
            c.add(op, "float", g -> g.fetch(g.op(op, g.in(FLOAT, S), g.in(FLOAT, S))));
        }
        c.add("Equal", "bool", g -> g.fetch(g.op("Equal", g.in(BOOL, S), g.in(BOOL, S))));
        for (String op : new String[]{"LogicalAnd", "LogicalOr"}) {
            c.add(op, "bool broadcast", g -> g.fetch(g.op(op, g.in(BOOL, S), g.in(BOOL, 4))));
        }
        for (String op : new String[]{"BitwiseAnd", "BitwiseOr", "BitwiseXor"}) {
            c.add(op, "int32", g -> g.fetch(g.op(op, g.in(g.integers(INT32, -100, 100, 12)), g.in(g.integers(INT32, -100, 100, 12)))));
        }
        c.add("AddN", "three float", g -> g.fetch(g.op("AddN").list(g.in(FLOAT, S), g.in(FLOAT, S), g.in(FLOAT, S))));
        c.add("AddN", "one int32", g -> g.fetch(g.op("AddN").list(g.in(INT32, S))));
        c.add("SelectV2", "broadcast condition", g -> g.fetch(g.op("SelectV2", g.in(BOOL, 3, 1), g.in(FLOAT, 2, 3, 4), g.in(FLOAT, 4))));
        c.add("Select", "same shape", g -> g.fetch(g.op("Select", g.in(BOOL, S), g.in(FLOAT, S), g.in(FLOAT, S))));
        c.add("Select", "vector condition picks rows", g -> g.fetch(g.op("Select", g.in(BOOL, 2), g.in(FLOAT, S), g.in(FLOAT, S))));
        c.add("ClipByValue", "scalar bounds", g -> g.fetch(g.op("ClipByValue", g.in(FLOAT, S), g.f32s(-0.5f), g.f32s(0.7f))));
        c.add("ClipByValue", "tensor bounds", g -> g.fetch(g.op("ClipByValue", g.in(FLOAT, S), g.in(-2, -0.5, S), g.in(0.5, 2, S))));
        c.add("Softmax", "rank 2", g -> g.fetch(g.op("Softmax", g.in(-4, 4, 3, 5))));
        c.add("Softmax", "rank 3", g -> g.fetch(g.op("Softmax", g.in(-4, 4, S))));
        c.add("LogSoftmax", "rank 2", g -> g.fetch(g.op("LogSoftmax", g.in(-4, 4, 3, 5))));
        c.add("BiasAdd", "NHWC", g -> g.fetch(g.op("BiasAdd", g.in(FLOAT, 2, 3, 3, 4), g.in(FLOAT, 4))));
        c.add("BiasAdd", "NCHW", g -> g.fetch(g.op("BiasAdd", g.in(FLOAT, 2, 4, 3, 3), g.in(FLOAT, 4)).attr("data_format", "NCHW")));
        c.add("BiasAdd", "rank 2", g -> g.fetch(g.op("BiasAdd", g.in(FLOAT, 3, 4), g.in(FLOAT, 4))));
        c.add("BiasAddV1", "rank 3", g -> g.fetch(g.op("BiasAddV1", g.in(FLOAT, S), g.in(FLOAT, 4))));
    }

    /** Integers in [-4, 4] without zero (divisors). */
    static org.tensorflow.Output<?> nonZero(OracleGraph g, DataType t, long... shape) {
        Tensor v = g.integers(t, 1, 4, shape);
        Tensor sign = g.integers(t, 0, 1, shape);
        long[] a = v.toLongArray();
        long[] s = sign.toLongArray();
        for (int i = 0; i < a.length; i++) {
            a[i] = s[i] == 0 ? -a[i] : a[i];
        }
        if (t == INT64) {
            return g.in(Tensor.ofLongs(shape, a));
        }
        int[] w = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            w[i] = (int) a[i];
        }
        return g.in(Tensor.ofInts(shape, w));
    }
}
