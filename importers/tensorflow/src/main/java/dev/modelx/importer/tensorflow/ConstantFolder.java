package dev.modelx.importer.tensorflow;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.Session;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates, at import time, each emitted node whose inputs are all constants (shape arithmetic, weight
 * transposes, ...) on the reference runtime, and stores its outputs as initializers, so converters that
 * need constant operands (Reshape targets, axes, permutations) see them.
 */
final class ConstantFolder {

    static final int OPSET = 18;
    private static final long MAX_INPUT_ELEMENTS = 1L << 26;
    private static final Set<String> NEVER = Set.of("RandomUniform", "RandomNormal", "RandomUniformLike", "RandomNormalLike",
            "Multinomial", "Bernoulli", "Dropout", "Identity", "Loop", "If", "Scan", "SequenceEmpty", "SplitToSequence",
            "SequenceInsert", "SequenceErase", "SequenceAt", "SequenceLength", "ConcatFromSequence");

    boolean tryFold(Node node, ImportSession s) {
        if (NEVER.contains(node.opType()) || !node.subgraphs().isEmpty()) {
            return false;
        }
        long total = 0;
        Graph g = new Graph("fold");
        for (String in : node.inputs()) {
            if (in.isEmpty()) {
                continue;
            }
            Tensor t = s.constants.get(in);
            if (t == null) {
                return false;
            }
            total += t.size();
            g.initializer(in, t);
        }
        if (total > MAX_INPUT_ELEMENTS) {
            return false;
        }
        g.add(node.copy());
        for (String out : node.outputs()) {
            if (!out.isEmpty()) {
                g.output(new ValueInfo(out, null));
            }
        }
        Map<String, Tensor> results;
        try (Session session = Session.create(Model.of(g, Math.max(OPSET, s.opset())).resolveOpsetVersions())) {
            results = session.runTensors(Map.of());
        } catch (RuntimeException e) {
            return false;
        }
        for (String out : node.outputs()) {
            if (out.isEmpty()) {
                continue;
            }
            Tensor t = results.get(out);
            if (t == null) {
                return false;
            }
        }
        for (String out : node.outputs()) {
            if (!out.isEmpty()) {
                Tensor t = results.get(out);
                s.main.initializer(out, t);
                s.constants.put(out, t);
                s.types.put(out, t.type());
                s.shapes.put(out, Shape.of(t.shape()));
            }
        }
        return true;
    }
}
