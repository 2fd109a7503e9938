package dev.modelx.importer.paddle.ops;

import dev.modelx.graph.DataType;
import dev.modelx.importer.paddle.ConvertContext;
import dev.modelx.importer.paddle.OpRegistry;
import dev.modelx.importer.paddle.SourceOp;

/** Element-wise activations and unary math (X -> Out), following Paddle's activation_op definitions. */
public final class ActivationOps {

    private ActivationOps() {
    }

    public static void register(OpRegistry r) {
        String[][] direct = {
            {"relu", "Relu"}, {"sigmoid", "Sigmoid"}, {"tanh", "Tanh"}, {"exp", "Exp"}, {"log", "Log"},
            {"sqrt", "Sqrt"}, {"abs", "Abs"}, {"ceil", "Ceil"}, {"floor", "Floor"}, {"reciprocal", "Reciprocal"},
            {"sin", "Sin"}, {"cos", "Cos"}, {"tan", "Tan"}, {"asin", "Asin"}, {"acos", "Acos"}, {"atan", "Atan"},
            {"sinh", "Sinh"}, {"cosh", "Cosh"}, {"asinh", "Asinh"}, {"acosh", "Acosh"}, {"atanh", "Atanh"},
            {"erf", "Erf"}, {"sign", "Sign"}, {"softsign", "Softsign"}, {"logical_not", "Not"},
            {"isnan_v2", "IsNaN"}, {"isinf_v2", "IsInf"}, {"assign", "Identity"}, {"share_data", "Identity"},
            {"silu", "__silu"}, {"round", "__round"},
        };
        for (String[] d : direct) {
            if (d[1].startsWith("__")) {
                continue;
            }
            r.add(d[0], (c, op) -> c.emit(d[1], c.out(op, "Out"), c.in(op, "X")));
        }
        r.add("silu", (c, op) -> {
            String x = c.in(op, "X");
            c.emit("Mul", c.out(op, "Out"), x, c.op1("Sigmoid", x));
        });
        // Paddle rounds half away from zero; ONNX Round is half-to-even: sign(x) * floor(|x| + 0.5)
        r.add("round", (c, op) -> {
            String x = c.in(op, "X");
            String half = c.scalar(c.dtype(op.input("X")), 0.5);
            String mag = c.op1("Floor", c.op1("Add", c.op1("Abs", x), half));
            c.emit("Mul", c.out(op, "Out"), c.op1("Sign", x), mag);
        });
        r.add("rsqrt", (c, op) -> c.emit("Reciprocal", c.out(op, "Out"), c.op1("Sqrt", c.in(op, "X"))));
        r.add("square", (c, op) -> {
            String x = c.in(op, "X");
            c.emit("Mul", c.out(op, "Out"), x, x);
        });
        r.add("log1p", (c, op) -> {
            String x = c.in(op, "X");
            c.emit("Log", c.out(op, "Out"), c.op1("Add", x, one(c, op)));
        });
        r.add("log2", (c, op) -> logBase(c, op, 2));
        r.add("log10", (c, op) -> logBase(c, op, 10));
        r.add("expm1", (c, op) -> c.emit("Sub", c.out(op, "Out"), c.op1("Exp", c.in(op, "X")), one(c, op)));
        r.add("isfinite_v2", (c, op) -> {
            String x = c.in(op, "X");
            c.emit("Not", c.out(op, "Out"), c.op1("Or", c.op1("IsNaN", x), c.op1("IsInf", x)));
        });
        r.add("relu6", (c, op) -> clip(c, op, 0, op.f("threshold", 6)));
        r.add("brelu", (c, op) -> clip(c, op, op.f("t_min", 0), op.f("t_max", 24)));
        r.add("leaky_relu", (c, op) -> c.emit("LeakyRelu", c.out(op, "Out"), c.in(op, "X")).attr("alpha", (float) op.f("alpha", 0.02)));
        r.add("elu", (c, op) -> c.emit("Elu", c.out(op, "Out"), c.in(op, "X")).attr("alpha", (float) op.f("alpha", 1.0)));
        r.add("celu", (c, op) -> c.emit("Celu", c.out(op, "Out"), c.in(op, "X")).attr("alpha", (float) op.f("alpha", 1.0)));
        r.add("selu", (c, op) -> c.emit("Selu", c.out(op, "Out"), c.in(op, "X"))
                .attr("alpha", (float) op.f("alpha", 1.6732632423543772848170429916717))
                .attr("gamma", (float) op.f("scale", 1.0507009873554804934193349852946)));
        r.add("hard_sigmoid", (c, op) -> c.emit("HardSigmoid", c.out(op, "Out"), c.in(op, "X"))
                .attr("alpha", (float) op.f("slope", 0.2)).attr("beta", (float) op.f("offset", 0.5)));
        r.add("hard_swish", ActivationOps::hardSwish);
        r.add("swish", (c, op) -> {
            String x = c.in(op, "X");
            double beta = op.f("beta", 1.0);
            String arg = beta == 1.0 ? x : c.op1("Mul", x, c.scalar(c.dtype(op.input("X")), beta));
            c.emit("Mul", c.out(op, "Out"), x, c.op1("Sigmoid", arg));
        });
        r.add("mish", (c, op) -> {
            String x = c.in(op, "X");
            c.emit("Mul", c.out(op, "Out"), x, c.op1("Tanh", c.op1("Softplus", x)));
        });
        r.add("softplus", (c, op) -> {
            String x = c.in(op, "X");
            double beta = op.f("beta", 1.0);
            if (beta == 1.0) {
                c.emit("Softplus", c.out(op, "Out"), x);
            } else {
                DataType t = c.dtype(op.input("X"));
                String sp = c.op1("Softplus", c.op1("Mul", x, c.scalar(t, beta)));
                c.emit("Div", c.out(op, "Out"), sp, c.scalar(t, beta));
            }
        });
        r.add("logsigmoid", (c, op) -> c.emit("Neg", c.out(op, "Out"), c.op1("Softplus", c.op1("Neg", c.in(op, "X")))));
        r.add("tanh_shrink", (c, op) -> {
            String x = c.in(op, "X");
            c.emit("Sub", c.out(op, "Out"), x, c.op1("Tanh", x));
        });
        r.add("softshrink", (c, op) -> c.emit("Shrink", c.out(op, "Out"), c.in(op, "X"))
                .attr("lambd", (float) op.f("lambda", 0.5)).attr("bias", (float) op.f("lambda", 0.5)));
        r.add("hard_shrink", (c, op) -> c.emit("Shrink", c.out(op, "Out"), c.in(op, "X"))
                .attr("lambd", (float) op.f("threshold", 0.5)).attr("bias", 0f));
        r.add("thresholded_relu", (c, op) -> {
            String x = c.in(op, "X");
            DataType t = c.dtype(op.input("X"));
            if (op.f("value", 0.0) == 0.0) {
                c.emit("ThresholdedRelu", c.out(op, "Out"), x).attr("alpha", (float) op.f("threshold", 1.0));
                return;
            }
            String cond = c.op1("Greater", x, c.scalar(t, op.f("threshold", 1.0)));
            c.emit("Where", c.out(op, "Out"), cond, x, c.scalar(t, op.f("value", 0.0)));
        });
        r.add("gelu", (c, op) -> {
            String x = c.in(op, "X");
            DataType t = c.dtype(op.input("X"));
            String inner;
            if (op.b("approximate", false)) {
                // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
                String x3 = c.op1("Mul", x, c.op1("Mul", x, x));
                String poly = c.op1("Add", x, c.op1("Mul", x3, c.scalar(t, 0.044715)));
                inner = c.op1("Tanh", c.op1("Mul", poly, c.scalar(t, Math.sqrt(2 / Math.PI))));
            } else {
                inner = c.op1("Erf", c.op1("Mul", x, c.scalar(t, 1 / Math.sqrt(2))));
            }
            String onePlus = c.op1("Add", inner, c.scalar(t, 1));
            c.emit("Mul", c.out(op, "Out"), c.op1("Mul", x, c.scalar(t, 0.5)), onePlus);
        });
        r.add("prelu", ActivationOps::prelu);
        r.add("softmax", (c, op) -> c.emit("Softmax", c.out(op, "Out"), c.in(op, "X")).attr("axis", op.i("axis", -1)));
        r.add("log_softmax", (c, op) -> c.emit("LogSoftmax", c.out(op, "Out"), c.in(op, "X")).attr("axis", op.i("axis", -1)));
        r.add("cast", (c, op) -> {
            DataType to = op.dtype("out_dtype").orElseThrow(() -> new IllegalArgumentException("cast without out_dtype"));
            c.emit("Cast", c.out(op, "Out"), c.in(op, "X")).attr("to", (long) to.code());
        });
        r.add("scale", ActivationOps::scale);
        r.add("clip", ActivationOps::clipOp);
        r.add("pow", (c, op) -> {
            DataType t = c.dtype(op.input("X"));
            String factor = c.optIn(op, "FactorTensor").map(f -> c.cast(f, t)).orElseGet(() -> c.scalar(t, op.f("factor", 1.0)));
            c.emit("Pow", c.out(op, "Out"), c.in(op, "X"), factor);
        });
    }

    private static String one(ConvertContext c, SourceOp op) {
        return c.scalar(c.dtype(op.input("X")), 1);
    }

    private static void logBase(ConvertContext c, SourceOp op, double base) {
        c.emit("Div", c.out(op, "Out"), c.op1("Log", c.in(op, "X")), c.scalar(c.dtype(op.input("X")), Math.log(base)));
    }

    private static void clip(ConvertContext c, SourceOp op, double lo, double hi) {
        DataType t = c.dtype(op.input("X"));
        c.emit("Clip", java.util.List.of(c.in(op, "X"), c.scalar(t, lo), c.scalar(t, hi)), java.util.List.of(c.out(op, "Out")));
    }

    private static void clipOp(ConvertContext c, SourceOp op) {
        DataType t = c.dtype(op.input("X"));
        String min = c.optIn(op, "Min").map(v -> c.op1("Squeeze", c.cast(v, t))).orElseGet(() -> c.scalar(t, op.f("min", -Float.MAX_VALUE)));
        String max = c.optIn(op, "Max").map(v -> c.op1("Squeeze", c.cast(v, t))).orElseGet(() -> c.scalar(t, op.f("max", Float.MAX_VALUE)));
        c.emit("Clip", java.util.List.of(c.in(op, "X"), min, max), java.util.List.of(c.out(op, "Out")));
    }

    /** x * min(max(x + offset, 0), threshold) / scale (defaults 3, 6, 6 equal ONNX HardSwish). */
    private static void hardSwish(ConvertContext c, SourceOp op) {
        double threshold = op.f("threshold", 6), scale = op.f("scale", 6), offset = op.f("offset", 3);
        String x = c.in(op, "X");
        if (threshold == 6 && scale == 6 && offset == 3) {
            c.emit("HardSwish", c.out(op, "Out"), x);
            return;
        }
        DataType t = c.dtype(op.input("X"));
        String shifted = c.op1("Add", x, c.scalar(t, offset));
        String clipped = c.op("Clip", shifted, c.scalar(t, 0), c.scalar(t, threshold)).output(0);
        c.emit("Div", c.out(op, "Out"), c.op1("Mul", x, clipped), c.scalar(t, scale));
    }

    /** out = scale * x + bias (bias_after_scale) or scale * (x + bias); ScaleTensor overrides scale. */
    private static void scale(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        DataType t = c.dtype(op.input("X"));
        double bias = op.f("bias", 0);
        boolean after = op.b("bias_after_scale", true);
        String out = c.out(op, "Out");
        if (!op.hasInput("ScaleTensor") && op.f("scale", 1) == 1 && bias == 0) {
            c.emit("Identity", out, x);
            return;
        }
        Double constScale = c.optIn(op, "ScaleTensor").map(v -> constantScalar(c, v)).orElse(null);
        String s = constScale != null ? c.scalar(t, constScale) : c.optIn(op, "ScaleTensor")
                .map(v -> c.op1("Reshape", c.cast(v, t), c.constant(dev.modelx.graph.Tensor.ofLongs(new long[] {0})))).orElseGet(() -> c.scalar(t, op.f("scale", 1)));
        String b = c.scalar(t, bias);
        if (after) {
            c.emit("Add", out, c.op1("Mul", x, s), b);
        } else {
            c.emit("Mul", out, c.op1("Add", x, b), s);
        }
    }

    /** The value of a one-element Constant node's output (PIR passes scale as a pd_op.full result), else null. */
    private static Double constantScalar(ConvertContext c, String value) {
        for (dev.modelx.graph.Node n : c.graph().nodes()) {
            if (n.outputs().contains(value)) {
                if (n.opType().equals("Identity")) {
                    return constantScalar(c, n.input(0)); // fill_constant writes Identity(Constant)
                }
                return n.opType().equals("Constant") && n.hasAttribute("value") && n.attribute("value").asTensor().size() == 1
                        ? n.attribute("value").asTensor().toDoubleArray()[0] : null;
            }
        }
        return null;
    }

    /** mode all: one slope; channel: one per channel (axis 1, or last for NHWC); element: per element. */
    private static void prelu(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        String alpha = c.in(op, "Alpha");
        String mode = op.s("mode", "all");
        if (mode.equals("channel")) {
            int rank = c.rank(op.input("X"));
            boolean nhwc = op.s("data_format", "NCHW").equals("NHWC");
            if (!nhwc && rank > 2) {
                long[] axes = new long[rank - 2];
                for (int i = 0; i < axes.length; i++) {
                    axes[i] = i + 1;
                }
                alpha = c.op1("Unsqueeze", c.op1("Reshape", alpha, c.constI64(-1)), c.constI64(axes));
            } else {
                alpha = c.op1("Reshape", alpha, c.constI64(-1));
            }
        } else if (mode.equals("element")) {
            alpha = c.op1("Reshape", alpha, c.op1("Slice", c.op1("Shape", x), c.constI64(1), c.constI64(Long.MAX_VALUE)));
        } else {
            alpha = c.op1("Reshape", alpha, c.constI64(-1));
        }
        c.emit("PRelu", c.out(op, "Out"), x, alpha);
    }
}
