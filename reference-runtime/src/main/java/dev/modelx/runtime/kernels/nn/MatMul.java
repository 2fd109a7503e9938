package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

/** MatMul (op sets 1, 9, 13): numpy matmul with batch broadcasting and 1-D promotion. */
public final class MatMul {

    private MatMul() {
    }

    public static void run(OpContext c) {
        Tensor a = c.input(0);
        Tensor b = c.input(1);
        Nn.requireNumeric(c, a, "A");
        if (a.type() != b.type()) {
            throw c.error("A and B must have the same type, got " + a.type().displayName() + " and " + b.type().displayName());
        }
        MatMulPlan p = MatMulPlan.of(c, a.shape(), b.shape());
        Tensor.checkAllocatable(p.outSize(), DataType.DOUBLE);
        DataType t = a.type();
        if (t == DataType.FLOAT) {
            c.output(0, Tensors.fromDoubles(t, p.outShape, p.run(a.floats(), b.floats())));
        } else if (t.isFloatingPoint()) {
            c.output(0, Tensors.fromDoubles(t, p.outShape, p.run(Nn.doubles(a), Nn.doubles(b))));
        } else {
            c.output(0, Tensors.fromLongs(t, p.outShape, p.run(a.toLongArray(), b.toLongArray())));
        }
    }
}
