package dev.modelx.passes;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.Set;
import java.util.function.Function;

/**
 * Element types of node outputs from their inputs' types and attributes, for the default-domain ops whose
 * rule is simple; cheap where shape inference would run the model. Null where the rule is unknown.
 */
final class ElementTypes {

    /** Ops whose first output has the element type of their first input. */
    private static final Set<String> LIKE_FIRST_INPUT = Set.of(
            "Abs", "Neg", "Relu", "Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Exp", "Log", "Erf", "Tanh", "Sigmoid",
            "Softmax", "LogSoftmax", "Clip", "Max", "Min", "Sum", "Mean", "Floor", "Ceil", "Round", "Sign", "Reciprocal",
            "LeakyRelu", "Elu", "Selu", "Gelu", "HardSigmoid", "HardSwish", "Softplus", "Softsign", "PRelu", "Mod",
            "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh", "Mish", "Celu",
            "ThresholdedRelu", "Shrink", "BitShift", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "BitwiseNot",
            "Reshape", "Transpose", "Squeeze", "Unsqueeze", "Flatten", "Concat", "Split", "Slice", "Gather",
            "GatherElements", "GatherND", "Expand", "Tile", "Pad", "Identity", "Dropout", "DepthToSpace",
            "SpaceToDepth", "ScatterND", "ScatterElements", "Trilu", "ReverseSequence", "Resize", "CumSum",
            "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceLogSum",
            "ReduceLogSumExp", "ReduceSumSquare", "MatMul", "Gemm", "Conv", "ConvTranspose", "AveragePool", "MaxPool",
            "GlobalAveragePool", "GlobalMaxPool", "LpPool", "BatchNormalization", "LayerNormalization",
            "InstanceNormalization", "GroupNormalization", "LpNormalization", "MeanVarianceNormalization", "Einsum",
            "TopK", "Range", "LRN", "RMSNormalization");

    private static final Set<String> BOOLEAN = Set.of("Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "Not",
            "And", "Or", "Xor", "IsNaN", "IsInf");

    private static final Set<String> INT64 = Set.of("Shape", "Size", "NonZero", "ArgMax", "ArgMin");

    private ElementTypes() {
    }

    /** The element type of {@code n}'s output {@code index}, given its inputs' types by {@code typeOf}. */
    static DataType output(Node n, int index, Function<String, DataType> typeOf) {
        if (!n.domain().isEmpty()) {
            return null;
        }
        String op = n.opType();
        if (op.equals("TopK") && index == 1 || INT64.contains(op)) {
            return DataType.INT64;
        }
        if (op.equals("DynamicQuantizeLinear")) {
            return index == 1 ? DataType.FLOAT : DataType.UINT8;
        }
        if (index != 0) {
            return null;
        }
        if (LIKE_FIRST_INPUT.contains(op)) {
            return typeOf.apply(n.input(0));
        }
        if (BOOLEAN.contains(op)) {
            return DataType.BOOL;
        }
        return switch (op) {
            case "Cast" -> n.hasAttribute("to") ? code(n.attrLong("to", 0)) : null;
            case "CastLike", "DequantizeLinear", "Where" -> typeOf.apply(n.input(1));
            case "QuantizeLinear" -> n.input(2).isEmpty() ? null : typeOf.apply(n.input(2));
            case "MatMulInteger", "ConvInteger" -> DataType.INT32;
            case "ConstantOfShape" -> n.hasAttribute("value") ? n.attribute("value").asTensor().type() : DataType.FLOAT;
            case "Constant" -> {
                Tensor t = ConstantNodes.value(n);
                yield t == null ? null : t.type();
            }
            default -> null;
        };
    }

    private static DataType code(long c) {
        try {
            return DataType.fromCode((int) c);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
