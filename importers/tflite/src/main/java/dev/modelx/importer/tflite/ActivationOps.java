package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.Options;

/** Activation functions and the softmax/normalisation family. */
final class ActivationOps {

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
        r.register("LEAKY_RELU", ctx -> ctx.emit("LeakyRelu", ctx.out(0), ctx.in(0)).attr("alpha", Options.LeakyRelu.of(ctx.op()).alpha()));
        r.register("PRELU", ctx -> ctx.emit("PRelu", ctx.out(0), ctx.in(0), ctx.in(1)));
        r.register("GELU", ctx -> ctx.emit("Gelu", ctx.out(0), ctx.in(0))
                .attr("approximate", Options.Gelu.of(ctx.op()).approximate() ? "tanh" : "none"));
        r.register("SOFTMAX", ctx -> {
            float beta = Options.Softmax.of(ctx.op()).beta();
            String x = beta == 1f || beta == 0f ? ctx.in(0) : ctx.op1("Mul", ctx.in(0), ctx.constFloatScalar(beta));
            ctx.emit("Softmax", ctx.out(0), x).attr("axis", -1L);
        });
        r.register("LOG_SOFTMAX", ctx -> ctx.emit("LogSoftmax", ctx.out(0), ctx.in(0)).attr("axis", -1L));
        r.register("L2_NORMALIZATION", ctx -> {
            String n = ctx.op1Node("LpNormalization", ctx.in(0)).attr("axis", -1L).attr("p", 2L).outputs().get(0);
            ctx.activation(Options.L2Norm.of(ctx.op()).fusedActivation(), n, ctx.out(0));
        });
    }
}
