package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.ArithmeticOptions;
import dev.modelx.format.tflite.Operator;
import dev.modelx.format.tflite.Options;
import dev.modelx.graph.DataType;

import java.util.function.ToIntFunction;

/** Element-wise arithmetic, comparison and logic ops (numpy broadcasting in both TFLite and ONNX). */
final class ElementwiseOps {

    private ElementwiseOps() {
    }

    static void register(OpRegistry r) {
        r.register("ADD", fused("Add", op -> ArithmeticOptions.Add.of(op).fusedActivation()));
        r.register("SUB", fused("Sub", op -> ArithmeticOptions.Sub.of(op).fusedActivation()));
        r.register("MUL", fused("Mul", op -> ArithmeticOptions.Mul.of(op).fusedActivation()));
        r.register("DIV", fused("Div", op -> ArithmeticOptions.Div.of(op).fusedActivation()));
        binary(r, "MAXIMUM", "Max");
        binary(r, "MINIMUM", "Min");
        binary(r, "POW", "Pow");
        binary(r, "LESS", "Less");
        binary(r, "LESS_EQUAL", "LessOrEqual");
        binary(r, "GREATER", "Greater");
        binary(r, "GREATER_EQUAL", "GreaterOrEqual");
        binary(r, "EQUAL", "Equal");
        binary(r, "LOGICAL_AND", "And");
        binary(r, "LOGICAL_OR", "Or");
        binary(r, "BITWISE_XOR", "BitwiseXor");
        r.register("NOT_EQUAL", ctx -> ctx.emit("Not", ctx.out(0), ctx.op1("Equal", ctx.in(0), ctx.in(1))));
        r.register("SQUARED_DIFFERENCE", ctx -> {
            String d = ctx.op1("Sub", ctx.in(0), ctx.in(1));
            ctx.emit("Mul", ctx.out(0), d, d);
        });
        r.register("FLOOR_DIV", ElementwiseOps::floorDiv);
        r.register("FLOOR_MOD", ElementwiseOps::floorMod);
        r.register("ADD_N", ctx -> {
            String[] ins = new String[ctx.inputCount()];
            for (int i = 0; i < ins.length; i++) {
                ins[i] = ctx.in(i);
            }
            ctx.emit("Sum", ctx.out(0), ins);
        });
        unary(r, "ABS", "Abs");
        unary(r, "CEIL", "Ceil");
        unary(r, "COS", "Cos");
        unary(r, "SIN", "Sin");
        unary(r, "EXP", "Exp");
        unary(r, "FLOOR", "Floor");
        unary(r, "LOG", "Log");
        unary(r, "NEG", "Neg");
        unary(r, "ROUND", "Round");
        unary(r, "SQRT", "Sqrt");
        unary(r, "SIGN", "Sign");
        unary(r, "LOGICAL_NOT", "Not");
        r.register("RSQRT", ctx -> ctx.emit("Reciprocal", ctx.out(0), ctx.op1("Sqrt", ctx.in(0))));
        r.register("SQUARE", ctx -> ctx.emit("Mul", ctx.out(0), ctx.in(0), ctx.in(0)));
        r.register("CAST", ctx -> ctx.emit("Cast", ctx.out(0), ctx.in(0)).attr("to", ctx.outType(0).code()));
        r.register("ATAN2", ElementwiseOps::atan2);
    }

    static void binary(OpRegistry r, String tfl, String onnx) {
        r.register(tfl, ctx -> ctx.emit(onnx, ctx.out(0), ctx.in(0), ctx.in(1)));
    }

    static void unary(OpRegistry r, String tfl, String onnx) {
        r.register(tfl, ctx -> ctx.emit(onnx, ctx.out(0), ctx.in(0)));
    }

    private static OpConverter fused(String onnx, ToIntFunction<Operator> activation) {
        return ctx -> {
            int act = activation.applyAsInt(ctx.op());
            if (act == Options.ACT_NONE) {
                ctx.emit(onnx, ctx.out(0), ctx.in(0), ctx.in(1));
            } else {
                ctx.activation(act, ctx.op1(onnx, ctx.in(0), ctx.in(1)), ctx.out(0));
            }
        };
    }

    /** floor(a / b); integer operands go through double so the quotient rounds down, not toward zero. */
    private static void floorDiv(OpContext ctx) {
        DataType t = ctx.inType(0);
        if (t.isFloatingPoint()) {
            ctx.emit("Floor", ctx.out(0), ctx.op1("Div", ctx.in(0), ctx.in(1)));
            return;
        }
        String a = ctx.emit("Cast", ctx.fresh("a"), ctx.in(0)).attr("to", DataType.DOUBLE.code()).outputs().get(0);
        String b = ctx.emit("Cast", ctx.fresh("b"), ctx.in(1)).attr("to", DataType.DOUBLE.code()).outputs().get(0);
        String f = ctx.op1("Floor", ctx.op1("Div", a, b));
        ctx.emit("Cast", ctx.out(0), f).attr("to", t.code());
    }

    /** a - floor(a / b) * b (result takes the divisor's sign); integer Mod with fmod=0 has that meaning. */
    private static void floorMod(OpContext ctx) {
        if (!ctx.inType(0).isFloatingPoint()) {
            ctx.emit("Mod", ctx.out(0), ctx.in(0), ctx.in(1)).attr("fmod", 0L);
            return;
        }
        String q = ctx.op1("Floor", ctx.op1("Div", ctx.in(0), ctx.in(1)));
        ctx.emit("Sub", ctx.out(0), ctx.in(0), ctx.op1("Mul", q, ctx.in(1)));
    }

    /** atan2(y, x) = atan(y/x) corrected by pi for x < 0 with the sign of y; x = 0 gives +-pi/2. */
    private static void atan2(OpContext ctx) {
        String y = ctx.in(0);
        String x = ctx.in(1);
        String zero = ctx.constFloatScalar(0f);
        String pi = ctx.constFloatScalar((float) Math.PI);
        String halfPi = ctx.constFloatScalar((float) (Math.PI / 2));
        String base = ctx.op1("Atan", ctx.op1("Div", y, x));
        String xNeg = ctx.op1("Less", x, zero);
        String yNeg = ctx.op1("Less", y, zero);
        String shift = ctx.op1("Where", yNeg, ctx.op1("Neg", pi), pi);
        String corrected = ctx.op1("Where", xNeg, ctx.op1("Add", base, shift), base);
        String xZero = ctx.op1("Equal", x, zero);
        String axis = ctx.op1("Mul", ctx.op1("Sign", y), halfPi);
        ctx.emit("Where", ctx.out(0), xZero, axis, corrected);
    }
}
