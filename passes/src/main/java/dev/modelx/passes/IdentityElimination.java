package dev.modelx.passes;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;

import java.util.Arrays;

/**
 * {@code identity}: removes nodes that pass their input through unchanged and makes their readers read the
 * input: Identity, Dropout in inference (mask unread), Cast/CastLike to the type the value already has,
 * Reshape to the shape it already has, Transpose with the identity permutation. The main graph's output
 * names stay: when a removed node wrote one, the producer of its input is renamed to write it.
 */
public final class IdentityElimination extends BasePass {

    public IdentityElimination(PassOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "identity";
    }

    @Override
    public String description() {
        return "remove Identity, inference Dropout, same-type Cast, same-shape Reshape and identity Transpose";
    }

    @Override
    public Preservation preservation() {
        return Preservation.EXACT;
    }

    @Override
    protected void apply(Model model, Changes changes) {
        eliminate(Scope.main(model), new TypeFacts(model, options), changes);
    }

    private static void eliminate(Scope scope, TypeFacts facts, Changes changes) {
        for (Node n : Order.topological(scope.graph)) {
            for (Graph sub : n.subgraphs()) {
                eliminate(scope.child(sub), facts, changes);
            }
            if (n.domain().isEmpty() && n.inputs().size() > 0 && !n.input(0).isEmpty() && passesThrough(scope, facts, n)
                    && Rewiring.bypass(scope, n, n.input(0), n.output(0))) {
                changes.removed(1);
            }
        }
    }

    /** True when output 0 of {@code n} always equals input 0 and no other output is read. */
    static boolean passesThrough(Scope scope, TypeFacts facts, Node n) {
        if (n.output(0).isEmpty()) {
            return false;
        }
        return switch (n.opType()) {
            case "Identity" -> true;
            case "Dropout" -> inferenceDropout(scope, n);
            case "Cast" -> {
                DataType to = castTarget(n);
                yield to != null && to == facts.elementType(scope, n.input(0));
            }
            case "CastLike" -> {
                DataType from = facts.elementType(scope, n.input(0));
                yield from != null && from == facts.elementType(scope, n.input(1));
            }
            case "Reshape" -> sameShapeReshape(scope, facts, n);
            case "Transpose" -> identityPerm(scope, facts, n);
            default -> false;
        };
    }

    private static DataType castTarget(Node n) {
        if (!n.hasAttribute("to")) {
            return null;
        }
        try {
            return DataType.fromCode(n.attribute("to").asInt());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Dropout is the identity unless in training mode (op set 12+, training_mode input true) or its mask is read. */
    private static boolean inferenceDropout(Scope scope, Node n) {
        if (n.outputs().size() > 1 && !n.output(1).isEmpty() && !Uses.of(scope.graph).unused(n.output(1))) {
            return false;
        }
        if (OpTraits.opset(scope.model, n) < 12 || n.input(2).isEmpty()) {
            return true;
        }
        Tensor training = scope.constant(n.input(2));
        return training != null && training.size() == 1 && training.getDouble(0) == 0;
    }

    private static boolean sameShapeReshape(Scope scope, TypeFacts facts, Node n) {
        long[] in = facts.staticShape(scope, n.input(0));
        if (in == null) {
            return false;
        }
        Tensor target = scope.constant(n.input(1));
        long[] targetShape = target != null ? target.toLongArray() : n.attrLongs("shape", null); // op set < 5: an attribute
        if (targetShape != null) {
            return Arrays.equals(in, resolve(targetShape, in, n.attrLong("allowzero", 0) != 0));
        }
        return Arrays.equals(in, facts.staticShape(scope, n.output(0)));
    }

    /** The shape a Reshape to {@code target} gives {@code in} (0 copies a dimension unless allowzero), or null. */
    static long[] resolve(long[] target, long[] in, boolean allowZero) {
        long[] out = target.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && !allowZero) {
                if (i >= in.length) {
                    return null;
                }
                out[i] = in[i];
            }
            if (out[i] == -1) {
                if (inferred >= 0) {
                    return null;
                }
                inferred = i;
            } else if (out[i] < 0) {
                return null;
            } else {
                known *= out[i];
            }
        }
        if (inferred >= 0) {
            long total = Tensor.elementCount(in);
            if (known == 0 || total % known != 0) {
                return null;
            }
            out[inferred] = total / known;
        }
        return out;
    }

    private static boolean identityPerm(Scope scope, TypeFacts facts, Node n) {
        long[] perm = n.attrLongs("perm", null);
        if (perm == null) {
            Shape s = facts.shape(scope, n.input(0));
            return s != null && s.rank() <= 1; // the default reverses the dimensions
        }
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] != i) {
                return false;
            }
        }
        return true;
    }
}
