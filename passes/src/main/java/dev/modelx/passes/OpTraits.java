package dev.modelx.passes;

import dev.modelx.graph.Domains;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;

import java.util.Set;

/** What passes need to know about an op beyond its kernel: whether it is pure and deterministic. */
final class OpTraits {

    /** Ops whose outputs are drawn at random (Dropout only in training mode, but it is never worth folding). */
    static final Set<String> NONDETERMINISTIC = Set.of("RandomNormal", "RandomUniform", "RandomNormalLike",
            "RandomUniformLike", "Bernoulli", "Multinomial", "Dropout");

    private OpTraits() {
    }

    /** The ONNX domains, whose ops are pure functions of their inputs and attributes. */
    static boolean standardDomain(String domain) {
        String d = Domains.normalize(domain);
        return d.isEmpty() || d.equals(Domains.ML) || d.equals(Domains.PREVIEW) || d.equals(Domains.TRAINING);
    }

    /** True for a node that may be removed when nothing reads it (custom-domain ops might act on the world). */
    static boolean removable(Model model, Node n) {
        return standardDomain(n.domain()) || isFunctionCall(model, n);
    }

    /** True when two such nodes with equal inputs and attributes always compute equal outputs. */
    static boolean deterministic(Node n) {
        return standardDomain(n.domain()) && !NONDETERMINISTIC.contains(n.opType()) && n.subgraphs().isEmpty();
    }

    static boolean isFunctionCall(Model model, Node n) {
        return model.function(n.domain(), n.opType(), n.overload()).isPresent();
    }

    /** The op-set version that selects the node's semantics. */
    static int opset(Model model, Node n) {
        return n.opsetVersion() > 0 ? n.opsetVersion() : model.opset(n.domain()).map(Long::intValue).orElse(0);
    }
}
