package dev.modelx.importer.tensorflow;

import dev.modelx.graph.Dim;
import dev.modelx.graph.Shape;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;

/**
 * Output ranks of common TF ops from their inputs' ranks, for graphs without {@code _output_shapes}:
 * converters that rearrange axes (SpaceToBatchND, Select, NCHW BiasAdd, gathers with batch_dims) need them.
 */
final class RankInference {

    private RankInference() {
    }

    /** Output 0 has the rank of input 0. */
    private static final Set<String> SAME_AS_FIRST = Set.of("Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Sigmoid", "Tanh", "Softplus",
            "Softsign", "Exp", "Log", "Sqrt", "Rsqrt", "Abs", "Neg", "Floor", "Ceil", "Round", "Square", "Erf", "Reciprocal", "Sign",
            "Softmax", "LogSoftmax", "BiasAdd", "BiasAddV1", "Conv2D", "Conv3D", "DepthwiseConv2dNative", "MaxPool", "MaxPoolV2",
            "MaxPool3D", "AvgPool", "AvgPool3D", "FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3", "LRN", "Pad", "PadV2",
            "MirrorPad", "SpaceToBatchND", "BatchToSpaceND", "DepthToSpace", "SpaceToDepth", "ResizeBilinear", "ResizeNearestNeighbor",
            "Cast", "Identity", "StopGradient", "ClipByValue", "Cumsum", "ReverseV2", "Transpose", "Tile", "FakeQuantWithMinMaxVars",
            "FakeQuantWithMinMaxArgs", "ZerosLike", "OnesLike", "CheckNumerics");

    /** Output 0 broadcasts its inputs: the largest input rank. */
    private static final Set<String> BROADCAST = Set.of("Add", "AddV2", "Sub", "Mul", "RealDiv", "Div", "Maximum", "Minimum", "Pow",
            "SquaredDifference", "FloorDiv", "FloorMod", "Less", "LessEqual", "Greater", "GreaterEqual", "Equal", "NotEqual",
            "LogicalAnd", "LogicalOr", "SelectV2", "AddN");

    /** Records a rank-only shape for output {@code k} of {@code n} when it has none and the rule applies. */
    static void record(TfNode n, int k, String value, Scope s) {
        if (k != 0 || s.session.shapes.containsKey(value)) {
            return;
        }
        Optional<Integer> rank = Optional.empty();
        if (SAME_AS_FIRST.contains(n.op()) && n.inputCount() > 0) {
            rank = inputRank(n, 0, s);
        } else if (BROADCAST.contains(n.op())) {
            int max = -1;
            for (int i = 0; i < n.inputCount(); i++) {
                Optional<Integer> r = inputRank(n, i, s);
                if (r.isEmpty()) {
                    return;
                }
                max = Math.max(max, r.get());
            }
            rank = max < 0 ? Optional.empty() : Optional.of(max);
        } else if (n.op().equals("Conv2DBackpropInput")) {
            rank = Optional.of(4);
        } else if (n.op().equals("Conv3DBackpropInputV2")) {
            rank = Optional.of(5);
        }
        rank.ifPresent(r -> s.session.shapes.put(value, new Shape(Collections.nCopies(r, Dim.unknown()))));
    }

    private static Optional<Integer> inputRank(TfNode n, int i, Scope s) {
        if (!s.isBound(n.input(i))) {
            return Optional.empty();
        }
        return s.rank(s.value(n.input(i)));
    }
}
