package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.ActivationOptions;
import dev.modelx.format.tflite.Options;

/** Activation functions and the softmax/normalisation family. */
final class ActivationOps {

    /** The floor TFLite's L2_NORMALIZATION kernel puts under the norm. */
    private static final float L2_EPSILON = 1e-6f;

    private ActivationOps() {
    }

    static void register(OpRegistry r) {
        ElementwiseOps.unary(r, "LOGISTIC", "Sigmoid");
        ElementwiseOps.unary(r, "TANH", "Tanh");
        ElementwiseOps.unary(r, "RELU", "Relu");
        ElementwiseOps.unary(r, "ELU", "Elu");
        ElementwiseOps.unary(r, "HARD_SWISH", "HardSwish");
        r.register("RELU6", ctx -> ctx.activation(Options.ACT_RELU6, ctx.in(0), ctx.out(0)));
        r.register("RELU_N1_TO_1", ctx -> ctx.activation(Options.ACT_RELU_N1_TO_1, ctx.in(0), ctx.out(0)));
        r.register("RELU_0_TO_1", ctx -> ctx.emit("Clip", ctx.out(0), ctx.in(0), ctx.constFloatScalar(0f), ctx.constFloatScalar(1f)));
        r.register("LEAKY_RELU", ctx -> ctx.emit("LeakyRelu", ctx.out(0), ctx.in(0)).attr("alpha", ActivationOptions.LeakyRelu.of(ctx.op()).alpha()));
        r.register("PRELU", ctx -> ctx.emit("PRelu", ctx.out(0), ctx.in(0), ctx.in(1)));
        r.register("GELU", ctx -> ctx.emit("Gelu", ctx.out(0), ctx.in(0))
                .attr("approximate", ActivationOptions.Gelu.of(ctx.op()).approximate() ? "tanh" : "none"));
        r.register("SOFTMAX", ActivationOps::softmax);
        r.register("LOG_SOFTMAX", ctx -> ctx.emit("LogSoftmax", ctx.out(0), ctx.in(0)).attr("axis", -1L));
        r.register("L2_NORMALIZATION", ActivationOps::l2Normalization);
    }

    /**
     * softmax(beta * x) over the last axis. TFLite reads beta as written, and an absent option table or field
     * gives 0 (a uniform result), so only beta == 1 skips the scaling.
     */
    private static void softmax(OpContext ctx) {
        float beta = ActivationOptions.Softmax.of(ctx.op()).beta();
        String x = beta == 1f ? ctx.in(0) : ctx.op1("Mul", ctx.in(0), ctx.constFloatScalar(beta));
        ctx.emit("Softmax", ctx.out(0), x).attr("axis", -1L);
    }

    /** x / max(||x||, 1e-6) over the last axis, as TFLite's kernel does (a zero vector stays zero). */
    private static void l2Normalization(OpContext ctx) {
        String x = ctx.in(0);
        String sum = ctx.op1Node("ReduceSumSquare", x, ctx.constLongs(-1)).attr("keepdims", 1L).outputs().get(0);
        String norm = ctx.op1("Max", ctx.op1("Sqrt", sum), ctx.constFloatScalar(L2_EPSILON));
        String n = ctx.op1("Div", x, norm);
        ctx.activation(ActivationOptions.L2Norm.of(ctx.op()).fusedActivation(), n, ctx.out(0));
    }
}
