package dev.modelx.passes;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Tensors;

import java.util.Set;

/**
 * {@code fuse-bn}: a Conv followed by an inference BatchNormalization becomes one Conv with scaled weights
 * and an adjusted bias: with s = scale / sqrt(var + epsilon), W' = W * s per output channel and
 * B' = (B - mean) * s + bias. Only when the Conv's output has no other reader, and the weights, bias and
 * batch-norm parameters are constants; the shared original weights are left for {@code dce}.
 */
public final class ConvBatchNormFusion extends BasePass {

    private static final Set<DataType> FLOAT_TYPES = Set.of(DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16, DataType.BFLOAT16);

    public ConvBatchNormFusion(PassOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "fuse-bn";
    }

    @Override
    public String description() {
        return "fold an inference BatchNormalization into the Conv before it";
    }

    @Override
    public Preservation preservation() {
        return Preservation.FLOAT_TOLERANCE;
    }

    @Override
    protected void apply(Model model, Changes changes) {
        fuse(Scope.main(model), Initializers.allNames(model), changes);
    }

    private static void fuse(Scope scope, Set<String> names, Changes changes) {
        Graph g = scope.graph;
        for (Node bn : Order.topological(g)) {
            for (Graph sub : bn.subgraphs()) {
                fuse(scope.child(sub), names, changes);
            }
            if (!isInferenceBatchNorm(bn)) {
                continue;
            }
            Node conv = Rewiring.producerIn(g, bn.input(0));
            if (conv == null || !conv.domain().isEmpty() || !conv.opType().equals("Conv") || conv.outputs().size() != 1
                    || !Uses.of(g).onlyReader(conv.output(0), bn)) {
                continue;
            }
            Tensor w = scope.constant(conv.input(1));
            Tensor b = conv.input(2).isEmpty() ? null : scope.constant(conv.input(2));
            if (w == null || !conv.input(2).isEmpty() && b == null) {
                continue;
            }
            Tensor[] p = new Tensor[4];
            for (int i = 0; i < 4; i++) {
                p[i] = scope.constant(bn.input(i + 1));
            }
            Tensor[] fused = fold(w, b, p, bn.attrFloat("epsilon", 1e-5f));
            if (fused == null) {
                continue;
            }
            String base = conv.name().isEmpty() ? conv.output(0) : conv.name();
            String wName = Initializers.fresh(names, base + "_bn_weight");
            String bName = Initializers.fresh(names, base + "_bn_bias");
            Initializers.add(scope, wName, fused[0]);
            Initializers.add(scope, bName, fused[1]);
            conv.inputs(conv.input(0), wName, bName);
            Rewiring.removeNode(g, bn);
            Rewiring.rename(g, conv, conv.output(0), bn.output(0));
            changes.removed(1);
            changes.rewritten(1);
        }
    }

    /**
     * Inference mode: no training flag (op set 14+), and none of the statistics outputs requested (which is
     * what selects training before op set 14).
     */
    private static boolean isInferenceBatchNorm(Node bn) {
        if (!bn.domain().isEmpty() || !bn.opType().equals("BatchNormalization") || bn.inputs().size() != 5
                || bn.output(0).isEmpty() || bn.attrLong("training_mode", 0) != 0 || bn.attrLong("spatial", 1) != 1) {
            return false;
        }
        for (int i = 1; i < bn.outputs().size(); i++) {
            if (!bn.output(i).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The fused weight and bias, or null when the shapes or types do not fit together. */
    private static Tensor[] fold(Tensor w, Tensor b, Tensor[] p, double epsilon) {
        if (!FLOAT_TYPES.contains(w.type()) || w.rank() < 3 || b != null && (b.type() != w.type() || b.size() != w.dim(0))) {
            return null;
        }
        int channels = (int) w.dim(0);
        for (Tensor t : p) {
            if (t == null || !FLOAT_TYPES.contains(t.type()) || t.size() != channels) {
                return null;
            }
        }
        double[] scale = Tensors.doubles(p[0]), shift = Tensors.doubles(p[1]), mean = Tensors.doubles(p[2]), var = Tensors.doubles(p[3]);
        double[] weights = Tensors.doubles(w);
        double[] bias = b == null ? new double[channels] : Tensors.doubles(b);
        int perChannel = (int) (w.size() / Math.max(channels, 1));
        for (int c = 0; c < channels; c++) {
            double s = scale[c] / Math.sqrt(var[c] + epsilon);
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                weights[i] *= s;
            }
            bias[c] = (bias[c] - mean[c]) * s + shift[c];
        }
        return new Tensor[]{Tensors.fromDoubles(w.type(), w.shape(), weights), Tensors.fromDoubles(w.type(), new long[]{channels}, bias)};
    }
}
