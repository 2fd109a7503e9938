package dev.modelx.passes;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code shape-fold}: replaces Shape and Size by constants where the shapes they read are static (declared,
 * or inferred when the model's inputs are static), and folds what is computed from those constants. A Shape
 * with some dimensions unknown still yields a partial value, so {@code Gather(Shape(x), 1)} folds when
 * dimension 1 is static though the batch dimension is not: Gather, Slice, Concat, (Un)Squeeze, Reshape and
 * Identity only move elements, so they run on the partial value with unknown slots marked, and a result
 * without marked slots is a constant.
 * <p>
 * With {@link PassOptions#dims()} bindings the model is first specialised: the bound symbolic dimensions of
 * the main graph's inputs, outputs and value infos become those sizes (the model then accepts only them).
 */
public final class ShapeFolding extends BasePass {

    /** Marks an unknown dimension inside a partial shape value; no real dimension or index takes it. */
    static final long UNKNOWN = Long.MIN_VALUE;

    /** Ops that only move elements, with the inputs whose elements they move (-1: all inputs). */
    private static final Map<String, Integer> MOVES = Map.of("Gather", 0, "Slice", 0, "Concat", -1, "Squeeze", 0,
            "Unsqueeze", 0, "Reshape", 0, "Identity", 0, "Flatten", 0);

    public ShapeFolding(PassOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "shape-fold";
    }

    @Override
    public String description() {
        return "replace Shape/Size of statically shaped values by constants and fold what is computed from them";
    }

    @Override
    public Preservation preservation() {
        return Preservation.EXACT;
    }

    @Override
    protected void apply(Model model, Changes changes) {
        if (!options.dims().isEmpty()) {
            specialise(model, changes);
        }
        new Walk(model, changes).graph(Scope.main(model));
    }

    /** Replaces the bound symbolic dimensions in the main graph's declarations. */
    private void specialise(Model model, Changes changes) {
        Graph g = model.graph();
        Set<String> used = new HashSet<>();
        for (List<ValueInfo> list : List.of(g.inputs(), g.outputs(), g.valueInfos())) {
            for (int i = 0; i < list.size(); i++) {
                ValueInfo v = list.get(i);
                if (v.type() instanceof Type.TensorType tt && tt.shape() != null) {
                    List<Dim> dims = new ArrayList<>();
                    boolean changed = false;
                    for (Dim d : tt.shape().dims()) {
                        Long size = d.isSymbolic() ? options.dims().get(d.param()) : null;
                        if (size != null) {
                            used.add(d.param());
                            changed = true;
                        }
                        dims.add(size != null ? Dim.of(size) : d);
                    }
                    if (changed) {
                        list.set(i, v.withType(new Type.TensorType(tt.elementType(), new Shape(dims), tt.denotation())));
                    }
                }
            }
        }
        for (String d : options.dims().keySet()) {
            changes.note(used.contains(d) ? "specialised dimension '" + d + "' to " + options.dims().get(d)
                    : "dimension '" + d + "' does not occur in the model's declarations");
        }
    }

    /** One run over the model: partial shape values and the names computed from shapes, by value name. */
    private final class Walk {
        final Changes changes;
        final TypeFacts facts;
        final Folder folder;
        final NodeEvaluator evaluator;
        final Map<String, Tensor> partial = new HashMap<>();
        final Set<String> derived = new HashSet<>();

        Walk(Model model, Changes changes) {
            this.changes = changes;
            this.facts = new TypeFacts(model, options);
            this.folder = new Folder(model, options);
            this.evaluator = new NodeEvaluator(model);
        }

        void graph(Scope scope) {
            for (Node n : Order.topological(scope.graph)) {
                if (!visit(scope, n)) {
                    for (Graph sub : n.subgraphs()) {
                        graph(scope.child(sub));
                    }
                }
            }
        }

        /** True when {@code n} was replaced by constants. */
        boolean visit(Scope scope, Node n) {
            if (!n.domain().isEmpty() || n.outputs().isEmpty() || n.output(0).isEmpty()) {
                return false;
            }
            if (n.opType().equals("Shape")) {
                return settle(scope, n, shapeOf(scope, n));
            }
            if (n.opType().equals("Size")) {
                long[] s = facts.staticShape(scope, n.input(0));
                return s != null && settle(scope, n, Tensor.scalar(Tensor.elementCount(s)));
            }
            boolean fromShapes = false, allConstant = true;
            for (String in : n.inputs()) {
                fromShapes |= derived.contains(in) || partial.containsKey(in);
                allConstant &= in.isEmpty() || scope.constant(in) != null;
            }
            if (!fromShapes) {
                return false;
            }
            if (allConstant) {
                if (folder.tryFold(scope, n, changes)) {
                    n.outputs().forEach(derived::add);
                    return true;
                }
                return false;
            }
            return MOVES.containsKey(n.opType()) && n.outputs().size() == 1 && settle(scope, n, moved(scope, n));
        }

        /** The value of a Shape node with UNKNOWN where a dimension is not static; null when the rank is unknown. */
        Tensor shapeOf(Scope scope, Node n) {
            Shape s = facts.shape(scope, n.input(0));
            if (s == null) {
                return null;
            }
            int rank = s.rank();
            int start = clamp(n.attrLong("start", 0), rank);
            int end = clamp(n.attrLong("end", rank), rank);
            long[] dims = new long[Math.max(0, end - start)];
            for (int i = 0; i < dims.length; i++) {
                Dim d = s.dim(start + i);
                dims[i] = d.isStatic() ? d.value() : UNKNOWN;
            }
            return Tensor.ofLongs(new long[]{dims.length}, dims);
        }

        /** Runs an element-moving op on partial values; null when an input is neither constant nor partial. */
        Tensor moved(Scope scope, Node n) {
            int data = MOVES.get(n.opType());
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (int i = 0; i < n.inputs().size(); i++) {
                String in = n.input(i);
                if (in.isEmpty()) {
                    continue;
                }
                Tensor t = scope.constant(in);
                if (t == null && (data == -1 || data == i)) {
                    t = partial.get(in);
                }
                if (t == null) {
                    return null;
                }
                inputs.put(in, t);
            }
            try {
                Tensor out = evaluator.evaluate(n, inputs).get(0);
                return out.type() == DataType.INT64 ? out : null;
            } catch (RuntimeException e) {
                return null;
            }
        }

        /** Replaces {@code n} by {@code value} when it has no unknown slot; otherwise remembers it as partial. */
        boolean settle(Scope scope, Node n, Tensor value) {
            if (value == null) {
                return false;
            }
            String out = n.output(0);
            for (long v : value.longs()) {
                if (v == UNKNOWN) {
                    partial.put(out, value);
                    return false;
                }
            }
            Folder.replace(scope, n, List.of(value), changes);
            derived.add(out);
            return true;
        }
    }

    private static int clamp(long i, int rank) {
        long v = i < 0 ? i + rank : i;
        return (int) Math.max(0, Math.min(rank, v));
    }
}
