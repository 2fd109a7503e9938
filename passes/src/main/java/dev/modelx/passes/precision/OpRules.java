package dev.modelx.passes.precision;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which ops move values rather than compute with them, which ops stay in float32 by default and why, and
 * which ops take their output type from an attribute.
 */
final class OpRules {

    private OpRules() {
    }

    /**
     * Ops whose float outputs are float inputs moved, selected or compared, never rounded: they give the same
     * values in any float type, so they follow their inputs' precision and never cause a Cast of their own
     * (a Reshape between two float32 ops stays float32; after a float16 op it is float16).
     */
    static final Set<String> FOLLOW = Set.of(
            "Identity", "Reshape", "Transpose", "Squeeze", "Unsqueeze", "Flatten", "Gather", "GatherElements", "GatherND",
            "Slice", "Split", "Concat", "Expand", "Tile", "Pad", "DepthToSpace", "SpaceToDepth", "Shape", "Size",
            "Compress", "ReverseSequence", "Trilu", "Where", "ScatterND", "ScatterElements", "Scatter", "Max", "Min",
            "ArgMax", "ArgMin", "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "IsNaN", "IsInf", "NonZero",
            "Relu", "Abs", "Neg", "Sign", "MaxPool", "GlobalMaxPool", "ReduceMax", "ReduceMin", "Dropout", "CenterCropPad",
            "Unique");

    /**
     * The default block list, after onnxconverter-common's {@code DEFAULT_OP_BLOCK_LIST}, restricted to ops
     * where float16 changes results (not merely ones a runtime lacked float16 kernels for), each with the reason.
     */
    static final Map<String, String> DEFAULT_BLOCK_LIST;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Range", "positions and counts above 2048 are not exact in float16");
        m.put("CumSum", "running sums grow with the axis length and lose precision or overflow in float16");
        m.put("TopK", "rounding creates ties, which change the indices TopK returns");
        m.put("NonMaxSuppression", "boxes and scores are float32 in every version of its definition");
        m.put("RandomNormal", "random generators keep their float32 stream");
        m.put("RandomUniform", "random generators keep their float32 stream");
        m.put("RandomNormalLike", "random generators keep their float32 stream");
        m.put("RandomUniformLike", "random generators keep their float32 stream");
        m.put("Bernoulli", "random generators keep their float32 stream");
        m.put("Multinomial", "sampling from rounded probabilities changes the draws");
        DEFAULT_BLOCK_LIST = Collections.unmodifiableMap(m);
    }

    /** Ops whose float output type is set by an attribute ({@code to}, {@code dtype}, {@code value}), not by an input. */
    static final Set<String> ATTRIBUTE_TYPED = Set.of("Cast", "ConstantOfShape", "RandomNormal", "RandomUniform",
            "RandomNormalLike", "RandomUniformLike", "EyeLike", "Bernoulli");

    /** Ops whose operands are sequences or optionals: their tensors stay as they are. */
    static boolean sequenceOrOptional(String op) {
        return op.startsWith("Sequence") || op.startsWith("Optional") || op.equals("SplitToSequence")
                || op.equals("ConcatFromSequence");
    }

    /** Input {@code i} of {@code op} takes any element type without affecting the result's type (Cast's input). */
    static boolean acceptsAnyType(String op, int i) {
        return i == 0 && (op.equals("Cast") || op.equals("CastLike"));
    }
}
