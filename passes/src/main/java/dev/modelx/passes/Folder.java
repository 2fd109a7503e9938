package dev.modelx.passes;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.Domains;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Kernels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces one node whose inputs are all constants by initializers holding its outputs, computed once by the
 * reference runtime's own kernel (so the folded values are exactly what the runtime would compute).
 * Shared by constant folding and shape folding.
 */
final class Folder {

    /**
     * Ops never folded though deterministic: DequantizeLinear of a constant is how QDQ models store
     * quantized weights, and consumers look for that pattern.
     */
    private static final Set<String> KEEP = Set.of("DequantizeLinear");

    private final Model model;
    private final long maxBytes;
    private final NodeEvaluator evaluator;

    Folder(Model model, PassOptions options) {
        this.model = model;
        this.maxBytes = options.foldMaxBytes();
        this.evaluator = new NodeEvaluator(model);
    }

    /** True when {@code n} is an op folding may evaluate (inputs aside). */
    boolean foldableOp(Node n) {
        String d = Domains.normalize(n.domain());
        return (d.isEmpty() || d.equals(Domains.ML)) && OpTraits.deterministic(n) && !KEEP.contains(n.opType())
                && !OpTraits.isFunctionCall(model, n)
                && Kernels.defaultRegistry().lookup(n.domain(), n.opType(), OpTraits.opset(model, n)).isPresent();
    }

    /** Folds {@code n} in {@code scope} if it can; true when the node was replaced by initializers. */
    boolean tryFold(Scope scope, Node n, Changes changes) {
        if (n.opType().equals("Constant") && Domains.normalize(n.domain()).isEmpty()) {
            return foldConstant(scope, n, changes);
        }
        if (!foldableOp(n)) {
            return false;
        }
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        List<Tensor> ordered = new ArrayList<>();
        long inputBytes = 0;
        for (String in : n.inputs()) {
            if (in.isEmpty()) {
                ordered.add(null);
                continue;
            }
            Tensor t = scope.constant(in);
            if (t == null) {
                return false;
            }
            if (inputs.put(in, t) == null) {
                inputBytes += FoldLimits.bytes(t);
            }
            ordered.add(t);
        }
        long limit = Math.max(maxBytes, inputBytes);
        long estimate = FoldLimits.estimateBytes(n, ordered);
        if (estimate > limit) {
            changes.note("kept " + n.describe() + ": its output would take " + estimate + " bytes (limit " + limit + ")");
            return false;
        }
        List<Tensor> outputs;
        try {
            outputs = evaluator.evaluate(n, inputs);
        } catch (RuntimeException e) {
            changes.note("kept " + n.describe() + ": " + firstLine(e));
            return false;
        }
        long outBytes = 0;
        for (Tensor t : outputs) {
            outBytes += t == null ? 0 : FoldLimits.bytes(t);
        }
        if (outBytes > limit) {
            changes.note("kept " + n.describe() + ": its output takes " + outBytes + " bytes (limit " + limit + ")");
            return false;
        }
        replace(scope, n, outputs, changes);
        return true;
    }

    /**
     * Constant nodes become initializers, except those writing a graph output (which stay, see
     * {@link #replace}); a sparse value becomes a sparse initializer (densifying it could be huge).
     */
    private boolean foldConstant(Scope scope, Node n, Changes changes) {
        String out = n.output(0);
        if (out.isEmpty() || scope.isGraphOutput(out)) {
            return false;
        }
        Attribute sparse = n.attribute("sparse_value");
        if (sparse != null) {
            Rewiring.removeNode(scope.graph, n);
            scope.graph.sparseInitializers().put(out, sparse.asSparseTensor());
            changes.removed(1);
            return true;
        }
        Tensor value = ConstantNodes.value(n);
        if (value == null) {
            return false;
        }
        replace(scope, n, List.of(value), changes);
        return true;
    }

    /**
     * Replaces {@code n} by its computed outputs: initializers, except for graph outputs, which a Constant
     * node writes instead; an initializer (or an outer value) as a graph output is valid ONNX but not
     * accepted everywhere (ONNX Runtime rejects outer values returned directly from sub-graphs).
     */
    static void replace(Scope scope, Node n, List<Tensor> outputs, Changes changes) {
        int at = Rewiring.indexOf(scope.graph, n);
        Rewiring.removeNode(scope.graph, n);
        changes.removed(1);
        for (int i = 0; i < outputs.size(); i++) {
            String name = n.output(i);
            if (name.isEmpty() || outputs.get(i) == null) {
                continue;
            }
            if (scope.isGraphOutput(name)) {
                Node constant = Node.of("Constant").name(n.name().isEmpty() ? "" : n.name() + "_folded")
                        .outputs(name).attr("value", outputs.get(i));
                scope.graph.nodes().add(Math.max(0, at), constant);
                scope.invalidate();
                changes.added(1);
            } else {
                Initializers.add(scope, name, outputs.get(i));
            }
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
