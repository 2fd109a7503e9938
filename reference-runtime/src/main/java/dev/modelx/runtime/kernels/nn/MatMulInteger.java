package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

/** MatMulInteger (op set 10): (A - a_zero_point) x (B - b_zero_point) in int32. */
public final class MatMulInteger {

    private MatMulInteger() {
    }

    public static void v10(OpContext c) {
        Tensor a = c.input(0);
        Tensor b = c.input(1);
        requireByte(c, a, "A");
        requireByte(c, b, "B");
        MatMulPlan p = MatMulPlan.of(c, a.shape(), b.shape());
        Tensor.checkAllocatable(p.outSize(), DataType.INT64);
        double[] av = ZeroPoints.subtract(c, a, c.optionalInput(2), true, "a_zero_point");
        double[] bv = ZeroPoints.subtract(c, b, c.optionalInput(3), false, "b_zero_point");
        // sums of products of 9-bit values are exact in double far beyond any int32 result
        c.output(0, Tensors.fromDoubles(DataType.INT32, p.outShape, p.run(av, bv)));
    }

    static void requireByte(OpContext c, Tensor t, String what) {
        if (t.type() != DataType.INT8 && t.type() != DataType.UINT8) {
            throw c.error(what + " must be int8 or uint8, got " + t.type().displayName());
        }
    }
}
