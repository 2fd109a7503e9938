package dev.modelx.exporter.paddle.emit;

import dev.modelx.exporter.paddle.ConstantOps;
import dev.modelx.exporter.paddle.EmitterTable;
import dev.modelx.exporter.paddle.ExportContext;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

/** Element-wise activations and unary math, Identity, Cast and Clip (Paddle's activation_op family). */
public final class ActivationEmitters {

    private ActivationEmitters() {
    }

    public static void register(EmitterTable t) {
        String[][] direct = {
            {"Relu", "relu"}, {"Tanh", "tanh"}, {"Exp", "exp"}, {"Log", "log"}, {"Sqrt", "sqrt"}, {"Abs", "abs"},
            {"Ceil", "ceil"}, {"Floor", "floor"}, {"Reciprocal", "reciprocal"}, {"Sin", "sin"}, {"Cos", "cos"}, {"Tan", "tan"},
            {"Asin", "asin"}, {"Acos", "acos"}, {"Atan", "atan"}, {"Sinh", "sinh"}, {"Cosh", "cosh"}, {"Erf", "erf"},
            {"Sign", "sign"}, {"Softsign", "softsign"}, {"Not", "logical_not"}, {"IsNaN", "isnan_v2"}, {"Asinh", "asinh"},
            {"Acosh", "acosh"}, {"Atanh", "atanh"},
        };
        for (String[] d : direct) {
            t.add(d[0], (c, n) -> Emit.unary(c, n, d[1]));
        }
        t.add("Sigmoid", ActivationEmitters::sigmoid);
        t.add("HardSwish", (c, n) -> Emit.unary(c, n, "hard_swish").f("threshold", 6).f("scale", 6).f("offset", 3));
        t.add("HardSigmoid", (c, n) -> Emit.unary(c, n, "hard_sigmoid").f("slope", n.attrFloat("alpha", 0.2f))
                .f("offset", n.attrFloat("beta", 0.5f)));
        t.add("LeakyRelu", (c, n) -> Emit.unary(c, n, "leaky_relu").f("alpha", n.attrFloat("alpha", 0.01f)));
        t.add("Elu", (c, n) -> Emit.unary(c, n, "elu").f("alpha", n.attrFloat("alpha", 1f)));
        t.add("Celu", (c, n) -> Emit.unary(c, n, "celu").f("alpha", n.attrFloat("alpha", 1f)));
        t.add("Selu", (c, n) -> Emit.unary(c, n, "selu").f("alpha", n.attrFloat("alpha", 1.67326319217681884765625f))
                .f("scale", n.attrFloat("gamma", 1.05070102214813232421875f)));
        t.add("ThresholdedRelu", (c, n) -> Emit.unary(c, n, "thresholded_relu").f("threshold", n.attrFloat("alpha", 1f)));
        t.add("Softplus", (c, n) -> Emit.unary(c, n, "softplus").f("beta", 1).f("threshold", 20));
        t.add("Gelu", (c, n) -> Emit.unary(c, n, "gelu").b("approximate", n.attrString("approximate", "none").equals("tanh")));
        t.add("Neg", (c, n) -> Emit.unary(c, n, "scale").f("scale", -1).f("bias", 0).b("bias_after_scale", true));
        t.add("Identity", ActivationEmitters::identity);
        t.add("Cast", (c, n) -> cast(c, n, DataType.fromCode((int) n.attrLong("to", 1))));
        t.add("CastLike", (c, n) -> cast(c, n, c.dtype(n.input(1))));
        t.add("IsInf", (c, n) -> {
            if (n.attrLong("detect_negative", 1) == 0 || n.attrLong("detect_positive", 1) == 0) {
                throw new IllegalArgumentException("IsInf detecting one sign only has no Paddle op");
            }
            Emit.unary(c, n, "isinf_v2");
        });
        t.add("Mish", (c, n) -> Emit.unary(c, n, "mish").f("threshold", 20));
        t.add("Dropout", ActivationEmitters::dropout);
        t.add("Clip", ActivationEmitters::clip);
        t.add("Softmax", (c, n) -> softmax(c, n, "softmax"));
        t.add("LogSoftmax", (c, n) -> softmax(c, n, "log_softmax"));
        t.add("Pow", (c, n) -> {
            Double e = c.constScalar(n.input(1));
            if (e != null && !c.graph().initializers().containsKey(n.input(1))) {
                Emit.unary(c, n, "pow").f("factor", e);
            } else {
                ElementwiseEmitters.binary(c, n, "elementwise_pow");
            }
        });
    }

    /** Sigmoid(x) read only by Mul(x, Sigmoid(x)) is Paddle's swish. */
    private static void sigmoid(ExportContext c, Node n) {
        String x = n.input(0);
        var users = c.consumers(n.output(0));
        if (users.size() == 1 && !c.isGraphOutput(n.output(0))) {
            Node mul = users.get(0);
            if (mul.opType().equals("Mul") && mul.inputs().contains(x) && mul.inputs().contains(n.output(0))) {
                c.absorb(mul);
                c.op("swish").in("X", c.var(x)).out("Out", c.out(mul.output(0)));
                return;
            }
        }
        Emit.unary(c, n, "sigmoid");
    }

    /**
     * Identity of a constant is the op that made the constant (fill_constant / assign_value); an Identity that
     * only renames a model output is scale(1) (as Paddle saves fetch targets); otherwise assign.
     */
    private static void identity(ExportContext c, Node n) {
        var k = c.constant(n.input(0));
        if (k.isPresent() && !c.isDefined(n.input(0)) && !c.graph().initializers().containsKey(n.input(0))) {
            Tensor t = k.get();
            if (ConstantOps.isUniform(t)) {
                c.add(ConstantOps.fillConstant(c, n.output(0), t.type(), t.shape(), t.toDoubleArray()[0]));
                return;
            }
            if (ConstantOps.INLINE_TYPES.contains(t.type())) {
                c.add(ConstantOps.assignValue(c, n.output(0), t));
                return;
            }
        }
        String out = n.output(0);
        if (c.parent() == null && c.isGraphOutput(out) && c.consumers(out).isEmpty()) {
            // a renamed model output: Paddle's save_inference_model writes scale(1) before each fetch
            Emit.unary(c, n, "scale").f("scale", 1).f("bias", 0).b("bias_after_scale", true).fetchRename(true);
            return;
        }
        Emit.unary(c, n, "assign");
    }

    /** Paddle's cast saturates nothing: a float8 target without saturation has no equivalent. */
    private static void cast(ExportContext c, Node n, DataType to) {
        if (n.attrLong("saturate", 1) == 0 && (to == DataType.FLOAT8E4M3FN || to == DataType.FLOAT8E5M2)) {
            throw new IllegalArgumentException("Cast to " + to.displayName() + " with saturate=0 has no Paddle equivalent");
        }
        Emit.unary(c, n, "cast").i("in_dtype", ConstantOps.dtypeCode(c.dtype(n.input(0)))).i("out_dtype", ConstantOps.dtypeCode(to));
    }

    /**
     * Inference Dropout (or training-mode Dropout with ratio 0) is the identity and its mask all true (a bool
     * fill_constant of x's shape); other training-mode Dropout has no inference equivalent.
     */
    private static void dropout(ExportContext c, Node n) {
        // the ratio only matters in training mode (a computed one is not known to be 0 there)
        Double given = Emit.hasInput(n, 1) ? c.constScalar(n.input(1)) : Double.valueOf(n.attrFloat("ratio", 0.5f));
        double ratio = given != null ? given : 0.5;
        if (Emit.hasInput(n, 2)) {
            Double training = c.constScalar(n.input(2));
            if (training == null || training != 0 && (given == null || ratio != 0)) {
                throw new IllegalArgumentException("training-mode Dropout has no inference equivalent");
            }
        }
        // at inference Paddle's upscale_in_train dropout passes X through, as ONNX's does
        Emit.unary(c, n, "dropout").s("dropout_implementation", "upscale_in_train").f("dropout_prob", ratio).b("is_test", true);
        if (n.outputs().size() > 1 && !n.output(1).isEmpty()) {
            long[] xd = c.dims(n.input(0));
            if (xd == null || java.util.Arrays.stream(xd).anyMatch(d -> d < 0)) {
                throw new IllegalArgumentException("Dropout's mask output needs x's static shape");
            }
            c.add(ConstantOps.fillConstant(c, n.output(1), DataType.BOOL, xd, 1));
        }
    }

    /** The bound an absent Clip min/max stands for: the element type's range (float32's for floats). */
    private static double typeBound(DataType t, boolean upper) {
        return switch (t) {
            case INT8 -> upper ? Byte.MAX_VALUE : Byte.MIN_VALUE;
            case UINT8 -> upper ? 255 : 0;
            case INT16 -> upper ? Short.MAX_VALUE : Short.MIN_VALUE;
            case INT32 -> upper ? Integer.MAX_VALUE : Integer.MIN_VALUE;
            case INT64 -> upper ? Long.MAX_VALUE : Long.MIN_VALUE;
            default -> upper ? Float.MAX_VALUE : -Float.MAX_VALUE;
        };
    }

    private static void clip(ExportContext c, Node n) {
        DataType t = c.dtype(n.input(0));
        Double min = Emit.hasInput(n, 1) ? c.constScalar(n.input(1)) : Double.valueOf(typeBound(t, false));
        Double max = Emit.hasInput(n, 2) ? c.constScalar(n.input(2)) : Double.valueOf(typeBound(t, true));
        if (!Emit.hasInput(n, 1) && !Emit.hasInput(n, 2) && !n.hasAttribute("min") && !n.hasAttribute("max")) {
            Emit.unary(c, n, "assign");
            return;
        }
        if (n.hasAttribute("min")) {
            min = (double) n.attrFloat("min", -Float.MAX_VALUE);
        }
        if (n.hasAttribute("max")) {
            max = (double) n.attrFloat("max", Float.MAX_VALUE);
        }
        if (min != null && max != null && min == 0 && max == 6) {
            Emit.unary(c, n, "relu6").f("threshold", 6);
            return;
        }
        var op = Emit.unary(c, n, "clip");
        if (min != null) {
            op.f("min", min);
        } else {
            op.in("Min", c.var(n.input(1)));
        }
        if (max != null) {
            op.f("max", max);
        } else {
            op.in("Max", c.var(n.input(2)));
        }
    }

    /** Softmax before op set 13 flattens to 2-D at axis; that equals Paddle's softmax only on the last axis. */
    private static void softmax(ExportContext c, Node n, String type) {
        long axis = n.attrLong("axis", n.opsetVersion() > 0 && n.opsetVersion() < 13 ? 1 : -1);
        int rank = c.types().rank(n.input(0));
        if (n.opsetVersion() > 0 && n.opsetVersion() < 13 && rank >= 0 && (axis < 0 ? axis + rank : axis) != rank - 1) {
            throw new IllegalArgumentException(n.opType() + " op set " + n.opsetVersion() + " with axis " + axis
                    + " of a rank-" + rank + " input has no Paddle equivalent");
        }
        Emit.unary(c, n, type).i("axis", axis);
    }
}
