package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

/**
 * QLinearMatMul (op sets 10, 21): matmul of the zero-point-shifted operands, rescaled by
 * a_scale * b_scale / y_scale (computed in the scales' precision, as the reference does), shifted by
 * y_zero_point, rounded half to even and saturated to the output type. Op set 21 adds float8 operands,
 * which are multiplied as real numbers and converted (saturating) to the output's float8 type.
 */
public final class QLinearMatMul {

    private QLinearMatMul() {
    }

    public static void run(OpContext c) {
        Tensor a = c.input(0);
        Tensor aScale = c.input(1);
        Tensor aZp = c.optionalInput(2);
        Tensor b = c.input(3);
        Tensor bScale = c.input(4);
        Tensor bZp = c.optionalInput(5);
        Tensor yScale = c.input(6);
        Tensor yZp = c.optionalInput(7);
        boolean fp8 = isFloat8(a.type());
        requireOperand(c, a, "a", fp8);
        requireOperand(c, b, "b", fp8);
        DataType st = aScale.type();
        Nn.requireFloat(c, aScale, "a_scale");
        if (bScale.type() != st || yScale.type() != st) {
            throw c.error("a_scale, b_scale and y_scale must share one type, got " + st.displayName() + ", "
                    + bScale.type().displayName() + " and " + yScale.type().displayName());
        }
        DataType outType = yZp != null ? yZp.type() : a.type();
        if (fp8 ? !isFloat8(outType) : outType != DataType.INT8 && outType != DataType.UINT8) {
            throw c.error("y_zero_point must be " + (fp8 ? "a float8 type" : "int8 or uint8") + ", got " + outType.displayName());
        }
        MatMulPlan p = MatMulPlan.of(c, a.shape(), b.shape());
        Tensor.checkAllocatable(p.outSize(), DataType.INT64);
        double[] acc = p.run(ZeroPoints.subtract(c, a, aZp, true, "a_zero_point"),
                ZeroPoints.subtract(c, b, bZp, false, "b_zero_point"));
        long[] full = p.fullShape;
        int[] ai = ZeroPoints.index(c, aScale, a.shape(), true, full, "a_scale");
        int[] bi = ZeroPoints.index(c, bScale, b.shape(), false, full, "b_scale");
        int[] yi = ZeroPoints.index(c, yScale, a.shape(), true, full, "y_scale");
        int[] zi = yZp == null ? null : ZeroPoints.index(c, yZp, a.shape(), true, full, "y_zero_point");
        double[] y = new double[acc.length];
        for (int i = 0; i < acc.length; i++) {
            double as = aScale.getDouble(ai[i]);
            double bs = bScale.getDouble(bi[i]);
            double ys = yScale.getDouble(yi[i]);
            double mult = Nn.roundTo(st, Nn.roundTo(st, as * bs) / ys);
            double v = acc[i] * mult + (zi == null ? 0 : yZp.getDouble(zi[i]));
            y[i] = fp8 ? v : saturate(outType, Math.rint(v));
        }
        c.output(0, Tensors.fromDoubles(outType, p.outShape, y));
    }

    private static double saturate(DataType t, double v) {
        double lo = t == DataType.INT8 ? -128 : 0;
        double hi = t == DataType.INT8 ? 127 : 255;
        return Math.max(lo, Math.min(hi, v));
    }

    private static boolean isFloat8(DataType t) {
        return t == DataType.FLOAT8E4M3FN || t == DataType.FLOAT8E4M3FNUZ || t == DataType.FLOAT8E5M2
                || t == DataType.FLOAT8E5M2FNUZ;
    }

    private static void requireOperand(OpContext c, Tensor t, String what, boolean fp8) {
        if (fp8 ? !isFloat8(t.type()) : t.type() != DataType.INT8 && t.type() != DataType.UINT8) {
            throw c.error(what + " must be " + (fp8 ? "a float8 type like a" : "int8 or uint8") + ", got " + t.type().displayName());
        }
    }
}
