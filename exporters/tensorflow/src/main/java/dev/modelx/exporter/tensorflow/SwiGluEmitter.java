package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;

/** SwiGLU: A * sigmoid(alpha * A) * B. */
final class SwiGluEmitter {

    private SwiGluEmitter() {
    }

    static void register(Emitters r) {
        r.register(SwiGluEmitter::emit, "SwiGLU");
    }

    private static void emit(EmitContext c) {
        Val a = c.require(0, "A");
        Val b = c.require(1, "B");
        DataType t = a.type();
        String x = c.t(a);
        double alpha = c.node.attrFloat("alpha", 1f);
        String scaled = alpha == 1 ? x : Ops.bin(c, "Mul", x, c.scalar(t, alpha), t);
        String gate = Ops.bin(c, "Mul", x, Ops.un(c, "Sigmoid", scaled, t), t);
        c.out(0, c.val(Ops.bin(c, "Mul", gate, c.t(b), t), t, a.shape()));
    }
}
