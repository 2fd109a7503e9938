package dev.modelx.importer.tflite;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/**
 * TFLite's integer kernel arithmetic as ONNX int64 ops, for converters that must reproduce a kernel bit for bit
 * rather than approximate it in float. Values are int64 tensors; per-channel constants run along the last axis.
 * ONNX integer Div truncates toward zero, so every division here divides a non-negative dividend.
 */
final class IntegerArithmetic {

    private static final long TWO_30 = 1L << 30;
    private static final long TWO_31 = 1L << 31;
    private static final long TWO_62 = 1L << 62;

    private IntegerArithmetic() {
    }

    static String toInt64(OpContext ctx, String x) {
        return cast(ctx, x, DataType.INT64);
    }

    static String cast(OpContext ctx, String x, DataType to) {
        return ctx.op1Node("Cast", x).attr("to", to.code()).outputs().get(0);
    }

    static String constLongs(OpContext ctx, long[] v) {
        return v.length == 1 ? ctx.constLongScalar(v[0]) : ctx.constLongs(v);
    }

    /**
     * MultiplyByQuantizedMultiplier over the last axis, channel k scaled by {@code m[k]} (one entry: all). The
     * doubling high multiply round(x * M / 2^31) is floor((x * M + 2^30) / 2^31); adding 2^62 first keeps the
     * dividend non-negative (|x * M| &lt; 2^62 for int32 x) so that the truncating Div floors.
     */
    static String multiplyByQuantizedMultiplier(OpContext ctx, String x, QuantizedMultiplier[] m) {
        long[] left = new long[m.length];
        long[] mult = new long[m.length];
        long[] right = new long[m.length];
        boolean anyLeft = false;
        for (int k = 0; k < m.length; k++) {
            left[k] = 1L << m[k].leftShift();
            mult[k] = m[k].multiplier();
            right[k] = m[k].rightShift();
            anyLeft |= m[k].leftShift() > 0;
        }
        String v = anyLeft ? ctx.op1("Mul", x, constLongs(ctx, left)) : x;
        v = ctx.op1("Mul", v, constLongs(ctx, mult));
        v = ctx.op1("Add", v, ctx.constLongScalar(TWO_62 + TWO_30));
        v = ctx.op1("Sub", ctx.op1("Div", v, ctx.constLongScalar(TWO_31)), ctx.constLongScalar(TWO_62 / TWO_31));
        return roundingDivideByPot(ctx, v, right);
    }

    /** gemmlowp RoundingDivideByPOT by {@code exponents} (last axis, or one for all): sign(x) floor((|x| + 2^(e-1)) / 2^e). */
    static String roundingDivideByPot(OpContext ctx, String x, long... exponents) {
        long[] half = new long[exponents.length];
        long[] divisor = new long[exponents.length];
        boolean any = false;
        for (int k = 0; k < exponents.length; k++) {
            long e = exponents[k];
            if (e < 0 || e > 62) {
                throw ctx.error("rounding shift " + e + " outside 0..62");
            }
            half[k] = e == 0 ? 0 : 1L << (e - 1);
            divisor[k] = 1L << e;
            any |= e > 0;
        }
        if (!any) {
            return x;
        }
        String magnitude = ctx.op1("Div", ctx.op1("Add", ctx.op1("Abs", x), constLongs(ctx, half)), constLongs(ctx, divisor));
        return ctx.op1("Mul", magnitude, ctx.op1("Sign", x));
    }

    static String clip(OpContext ctx, String x, long lo, long hi) {
        return ctx.op1("Clip", x, ctx.constLongScalar(lo), ctx.constLongScalar(hi));
    }

    static String clipInt16(OpContext ctx, String x) {
        return clip(ctx, x, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    /** table[x + 32768] for int64 x in the int16 range, as int64; the table is one shared constant per graph. */
    static String lookupInt16(OpContext ctx, String x, String tableKey, java.util.function.Supplier<short[]> table) {
        String t = ctx.sharedConstant(tableKey, () -> {
            short[] v = table.get();
            return Tensor.of(DataType.INT16, new long[] {v.length}, v);
        });
        String index = ctx.op1("Add", x, ctx.constLongScalar(-Short.MIN_VALUE));
        String y = ctx.op1Node("Gather", t, index).attr("axis", 0L).outputs().get(0);
        return toInt64(ctx, y);
    }
}
