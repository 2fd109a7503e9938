package dev.modelx.passes;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.ShapeInference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Element types and shapes of values: declared ones (value_info, inputs, outputs, initializers), element types
 * propagated through the ops ({@link ElementTypes}), and, for the main graph, inferred ones from
 * {@link ShapeInference}, computed only when those do not answer. Inferred
 * element types are always used; inferred dimensions only when every fed input has a fully static shape
 * (otherwise inference is not even run for shapes): inference runs the model once with probe sizes, and a
 * dimension computed from a symbolic one, such as min(seq, 10), would look static.
 */
final class TypeFacts {

    /** Inputs whose values decide output shapes, beyond those {@link ShapeInference} tracks. */
    private static final Map<String, int[]> MORE_SHAPE_INPUTS = Map.ofEntries(
            Map.entry("ReduceL1", new int[]{1}), Map.entry("ReduceL2", new int[]{1}), Map.entry("ReduceLogSum", new int[]{1}),
            Map.entry("ReduceLogSumExp", new int[]{1}), Map.entry("ReduceSumSquare", new int[]{1}),
            Map.entry("MaxUnpool", new int[]{2}), Map.entry("Col2Im", new int[]{1, 2}), Map.entry("AffineGrid", new int[]{1}),
            Map.entry("DFT", new int[]{1, 2}), Map.entry("STFT", new int[]{1, 3}), Map.entry("HannWindow", new int[]{0}),
            Map.entry("HammingWindow", new int[]{0}), Map.entry("BlackmanWindow", new int[]{0}),
            Map.entry("MelWeightMatrix", new int[]{0, 1, 2}));

    private final Model model;
    private final PassOptions options;
    private Map<String, Type> inferred;
    private final Map<Graph, Map<String, DataType>> propagated = new IdentityHashMap<>();
    private final boolean shapesTrusted;

    TypeFacts(Model model, PassOptions options) {
        this.model = model;
        this.options = options;
        this.shapesTrusted = allInputsStatic() && !valuesDecideShapes(model);
    }

    /** The element type of {@code name}: declared, else propagated through the ops, else inferred; or null. */
    DataType elementType(Scope scope, String name) {
        DataType t = knownElementType(scope, name);
        if (t != null) {
            return t;
        }
        return inferredType(scope, name) instanceof Type.TensorType tt ? tt.elementType() : null;
    }

    private DataType knownElementType(Scope scope, String name) {
        if (scope.declaredType(name) instanceof Type.TensorType tt && tt.elementType() != DataType.UNDEFINED) {
            return tt.elementType();
        }
        for (Scope s = scope; s != null; s = s.parent) {
            DataType t = propagated(s).get(name);
            if (t != null || Rewiring.defines(s.graph, name)) {
                return t;
            }
        }
        return null;
    }

    /** Element types of a graph's node outputs by {@link ElementTypes}, computed once per graph. */
    private Map<String, DataType> propagated(Scope scope) {
        Map<String, DataType> types = propagated.get(scope.graph);
        if (types == null) {
            Map<String, DataType> out = new HashMap<>();
            for (Node n : Order.topological(scope.graph)) {
                for (int i = 0; i < n.outputs().size(); i++) {
                    DataType t = ElementTypes.output(n, i, in -> out.containsKey(in) ? out.get(in) : declaredElementType(scope, in));
                    if (t != null && !n.output(i).isEmpty()) {
                        out.put(n.output(i), t);
                    }
                }
            }
            types = out;
            propagated.put(scope.graph, types);
        }
        return types;
    }

    private DataType declaredElementType(Scope scope, String name) {
        if (name.isEmpty()) {
            return null;
        }
        if (scope.declaredType(name) instanceof Type.TensorType tt && tt.elementType() != DataType.UNDEFINED) {
            return tt.elementType();
        }
        return scope.parent == null ? null : knownElementType(scope.parent, name);
    }

    /** The best known shape of {@code name} (some dimensions may be unknown), or null when the rank is unknown. */
    Shape shape(Scope scope, String name) {
        Shape declared = scope.declaredType(name) instanceof Type.TensorType tt ? tt.shape() : null;
        if (declared != null && declared.isStatic()) {
            return declared;
        }
        Shape inferredShape = shapesTrusted && inferredType(scope, name) instanceof Type.TensorType tt ? tt.shape() : null;
        if (declared == null || inferredShape == null) {
            return declared != null ? declared : inferredShape;
        }
        if (inferredShape.rank() != declared.rank()) {
            return declared;
        }
        List<Dim> merged = new ArrayList<>();
        for (int i = 0; i < declared.rank(); i++) {
            merged.add(declared.dim(i).isStatic() ? declared.dim(i) : inferredShape.dim(i));
        }
        return new Shape(merged);
    }

    /** The shape of {@code name} when every dimension is known, else null. */
    long[] staticShape(Scope scope, String name) {
        Shape s = shape(scope, name);
        return s != null && s.isStatic() ? s.toArray() : null;
    }

    /** The inferred type of a main-graph value, or null (also for values a sub-graph defines itself). */
    private Type inferredType(Scope scope, String name) {
        for (Scope s = scope; !s.isMain(); s = s.parent) {
            if (Rewiring.defines(s.graph, name)) {
                return null;
            }
        }
        return inferred().get(name);
    }

    private Map<String, Type> inferred() {
        if (inferred == null) {
            inferred = options.inferShapes() ? options.inferred.get(model, this::infer) : Map.of();
        }
        return inferred;
    }

    private Map<String, Type> infer() {
        try {
            return ShapeInference.infer(model, Map.of());
        } catch (RuntimeException e) {
            return Map.of(); // inference needs every op to run; without it only declared types are known
        }
    }

    /**
     * True when some op's output shape depends on the values of an input that is not a constant, in a way
     * inference's taint tracking does not follow (its list of such inputs is shorter than this one).
     */
    private static boolean valuesDecideShapes(Model model) {
        boolean[] found = {false};
        Graphs.forEachGraph(model.graph(), g -> {
            Set<String> constants = new HashSet<>(g.initializers().keySet());
            for (Node n : g.nodes()) {
                if (ConstantNodes.value(n) != null) {
                    constants.add(n.output(0));
                }
            }
            for (Node n : g.nodes()) {
                for (int i : MORE_SHAPE_INPUTS.getOrDefault(n.opType(), new int[0])) {
                    found[0] |= !n.input(i).isEmpty() && !constants.contains(n.input(i));
                }
            }
        });
        return found[0];
    }

    private boolean allInputsStatic() {
        for (ValueInfo in : model.graph().feedInputs()) {
            if (!(in.type() instanceof Type.TensorType tt) || tt.shape() == null || !tt.shape().isStatic()) {
                return false;
            }
        }
        return true;
    }
}
