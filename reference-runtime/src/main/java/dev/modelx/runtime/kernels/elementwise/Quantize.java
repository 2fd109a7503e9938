package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.SmallFloats;
import dev.modelx.graph.DataType;
import dev.modelx.graph.FloatFormats;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

/** QuantizeLinear and DequantizeLinear: per-tensor, per-axis (op set 13+) and blocked (21+) granularity. */
public final class Quantize {

    private Quantize() {
    }

    /** y = saturate(round_half_even(x / scale) + zero_point), or a float8/float4 cast of x / scale + zero_point. */
    public static void quantizeLinear(OpContext c) {
        Tensor x = c.input(0);
        Tensor scale = c.input(1);
        Tensor zp = c.optionalInput(2);
        if (!Ew.isFloat(x.type()) && x.type() != DataType.INT32) {
            throw c.error("x must be float, float16, bfloat16 or int32, got " + x.type().displayName());
        }
        DataType out = outputType(c, zp);
        DataType precision = precisionType(c, scale);
        boolean saturate = c.attrLong("saturate", 1) != 0;
        int[] pi = QuantLayout.paramIndex(c, x.shape(), scale, zp);
        int n = pi.length;
        double[] xs = x.toDoubleArray();
        double[] sc = scale.toDoubleArray();
        double[] z = zp == null ? new double[sc.length] : zp.toDoubleArray();
        if (SmallFloats.isSmall(out)) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                double q = roundTo(precision, roundTo(precision, xs[i] / sc[pi[i]]) + z[pi[i]]);
                b[i] = (byte) SmallFloats.encode(out, q, saturate);
            }
            c.output(0, Tensor.of(out, x.shape(), b));
            return;
        }
        long lo = out.isUnsigned() ? 0 : -(1L << (out.bits() - 1));
        long hi = out.isUnsigned() ? (1L << out.bits()) - 1 : (1L << (out.bits() - 1)) - 1;
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            double q = Math.rint(roundTo(precision, xs[i] / sc[pi[i]])) + z[pi[i]];
            v[i] = Double.isNaN(q) ? 0 : (long) Math.max(lo, Math.min(hi, q));
        }
        c.output(0, Tensors.fromLongs(out, x.shape(), v));
    }

    private static DataType outputType(OpContext c, Tensor zp) {
        long code = c.opset() >= 21 ? c.attrLong("output_dtype", 0) : 0;
        DataType out;
        if (code != 0) {
            out = Cast.dataType(c, code, "output_dtype");
            if (zp != null && zp.type() != out) {
                throw c.error("output_dtype " + out.displayName() + " differs from the zero point's type " + zp.type().displayName());
            }
        } else {
            out = zp == null ? DataType.UINT8 : zp.type();
        }
        boolean ok = switch (out) {
            case INT8, UINT8, INT16, UINT16, INT4, UINT4, INT2, UINT2,
                 FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT4E2M1 -> true;
            default -> false;
        };
        if (!ok) {
            throw c.error("cannot quantize to " + out.displayName());
        }
        return out;
    }

    /** The type the division x / scale is carried out in: 'precision' (op set 23+) or the scale's type. */
    private static DataType precisionType(OpContext c, Tensor scale) {
        long code = c.opset() >= 23 ? c.attrLong("precision", 0) : 0;
        DataType t = code != 0 ? Cast.dataType(c, code, "precision") : scale.type();
        return Ew.isFloat(t) ? t : DataType.FLOAT;
    }

    static double roundTo(DataType t, double v) {
        return switch (t) {
            case FLOAT -> (float) v;
            case FLOAT16 -> FloatFormats.halfToFloat(SmallFloats.toHalf(v));
            case BFLOAT16 -> FloatFormats.bfloat16ToFloat(SmallFloats.toBfloat16(v));
            default -> v;
        };
    }

    /** y = (x - zero_point) * scale, in the output type (output_dtype from op set 21, else the scale's type). */
    public static void dequantizeLinear(OpContext c) {
        Tensor x = c.input(0);
        Tensor scale = c.input(1);
        Tensor zp = c.optionalInput(2);
        if (zp != null) {
            Ew.requireSameType(c, x, zp, "x and x_zero_point");
        }
        if (!x.type().isInteger() && !SmallFloats.isSmall(x.type())) {
            throw c.error("x must be a quantized integer or float8/float4 tensor, got " + x.type().displayName());
        }
        long code = c.opset() >= 21 ? c.attrLong("output_dtype", 0) : 0;
        DataType out = code != 0 ? Cast.dataType(c, code, "output_dtype") : scale.type();
        if (!Ew.isFloat(out)) {
            if (code != 0) {
                throw c.error("output_dtype must be a float type, got " + out.displayName());
            }
            out = DataType.FLOAT;
        }
        int[] pi = QuantLayout.paramIndex(c, x.shape(), scale, zp);
        double[] xs = x.toDoubleArray();
        double[] sc = scale.toDoubleArray();
        double[] z = zp == null ? new double[sc.length] : zp.toDoubleArray();
        double[] y = new double[pi.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (xs[i] - z[pi[i]]) * sc[pi[i]];
        }
        c.output(0, Ew.fromDoubles(out, x.shape(), y));
    }
}
