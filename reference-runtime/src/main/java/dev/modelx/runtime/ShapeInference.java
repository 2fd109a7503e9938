package dev.modelx.runtime;

import dev.modelx.graph.Dim;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.value.MapValue;
import dev.modelx.runtime.value.OptionalValue;
import dev.modelx.runtime.value.SequenceValue;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Type and shape inference by abstract execution: the model runs once on the reference kernels with
 * generated inputs in which every symbolic dimension is bound to a distinct probe size; every value's
 * element type and shape are recorded, and dimensions equal to a probe size are reported by the symbol's
 * name. Because the kernels themselves compute the shapes, inference covers exactly the ops the runtime
 * runs and agrees with it.
 * <p>
 * Values whose shape depends on input <em>data</em> (NonZero, Unique, a Reshape whose target shape is
 * computed from input values, ...) are tracked by taint: their rank is kept and their dimensions are
 * reported as unknown. When generated data is invalid for an op (an axis or an index taken from input values),
 * inference stops there: values computed before it are reported, later ones are absent.
 */
public final class ShapeInference {

    /** Probe sizes for symbolic dimensions: primes unlikely to coincide with static sizes. */
    private static final long[] PROBES = {17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79};

    /** Inputs whose values (not shapes) decide the shape of an op's outputs. */
    private static final Map<String, int[]> SHAPE_INPUTS = Map.ofEntries(
            Map.entry("Reshape", new int[]{1}), Map.entry("Expand", new int[]{1}), Map.entry("Tile", new int[]{1}),
            Map.entry("Slice", new int[]{1, 2, 3, 4}), Map.entry("ConstantOfShape", new int[]{0}),
            Map.entry("Range", new int[]{0, 1, 2}), Map.entry("OneHot", new int[]{1}), Map.entry("Pad", new int[]{1, 3}),
            Map.entry("Resize", new int[]{1, 2, 3}), Map.entry("Upsample", new int[]{1}), Map.entry("TopK", new int[]{1}),
            Map.entry("Split", new int[]{1}), Map.entry("Squeeze", new int[]{1}), Map.entry("Unsqueeze", new int[]{1}),
            Map.entry("ReduceSum", new int[]{1}), Map.entry("ReduceMean", new int[]{1}), Map.entry("ReduceMax", new int[]{1}),
            Map.entry("ReduceMin", new int[]{1}), Map.entry("ReduceProd", new int[]{1}), Map.entry("CenterCropPad", new int[]{1}),
            Map.entry("ReduceL1", new int[]{1}), Map.entry("ReduceL2", new int[]{1}), Map.entry("ReduceLogSum", new int[]{1}),
            Map.entry("ReduceLogSumExp", new int[]{1}), Map.entry("ReduceSumSquare", new int[]{1}),
            Map.entry("MaxUnpool", new int[]{2}), Map.entry("Col2Im", new int[]{1, 2}), Map.entry("AffineGrid", new int[]{1}),
            Map.entry("DFT", new int[]{1, 2}), Map.entry("STFT", new int[]{1, 3}), Map.entry("HannWindow", new int[]{0}),
            Map.entry("HammingWindow", new int[]{0}), Map.entry("BlackmanWindow", new int[]{0}),
            Map.entry("MelWeightMatrix", new int[]{0, 1}),
            Map.entry("NonZero", new int[]{0}), Map.entry("Unique", new int[]{0}), Map.entry("Compress", new int[]{1}),
            Map.entry("NonMaxSuppression", new int[]{0, 1, 2, 3, 4}), Map.entry("Loop", new int[]{0, 1}),
            Map.entry("If", new int[]{0}), Map.entry("StringSplit", new int[]{0}));

    private ShapeInference() {
    }

    /** The inferred type of every value of the main graph (inputs, initializers, node outputs). */
    public static Map<String, Type> infer(Model model, Map<String, Long> dims) {
        Map<String, Long> bound = new HashMap<>(dims);
        Map<Long, String> probeToSymbol = new HashMap<>();
        int next = 0;
        for (ValueInfo in : model.graph().feedInputs()) {
            if (in.type() instanceof Type.TensorType tt && tt.shape() != null) {
                for (Dim d : tt.shape().dims()) {
                    if (d.isSymbolic() && !bound.containsKey(d.param()) && next < PROBES.length) {
                        bound.put(d.param(), PROBES[next]);
                        probeToSymbol.put(PROBES[next], d.param());
                        next++;
                    }
                }
            }
        }
        Map<String, Tensor> feeds = RandomInputs.generate(model, bound, 0);
        Graph g = model.graph();
        Set<String> tainted = new HashSet<>(feeds.keySet());
        Set<String> dynamic = new HashSet<>();
        Set<String> mainOutputs = new HashSet<>();
        for (Node n : g.nodes()) {
            mainOutputs.addAll(n.outputs());
        }
        Map<String, Type> types = new LinkedHashMap<>();
        for (ValueInfo in : g.inputs()) {
            if (in.type() != null) {
                types.put(in.name(), in.type());
            }
        }
        g.initializers().forEach((k, t) -> types.putIfAbsent(k, Type.tensor(t.type(), t.shape())));
        Map<Node, Boolean> decided = new HashMap<>();
        SessionOptions opts = SessionOptions.defaults().observer((node, name, value) -> {
            if (!mainOutputs.contains(name) || types.containsKey(name)) {
                return;
            }
            boolean isDynamic = decided.computeIfAbsent(node, n -> propagate(n, tainted, dynamic));
            types.put(name, describe(value, isDynamic, probeToSymbol));
        });
        try (Session s = Session.create(model, opts)) {
            Map<String, Value> in = new LinkedHashMap<>();
            feeds.forEach((k, v) -> in.put(k, new TensorValue(v)));
            s.run(in);
        } catch (KernelException e) {
            // Generated data can be invalid for a data-driven op (an axis or index out of range): the values
            // computed before it keep their inferred types, the rest stay unknown.
        }
        return types;
    }

    /** Updates the taint sets for {@code n}'s outputs; returns whether its output shapes are data-dependent. */
    private static boolean propagate(Node n, Set<String> tainted, Set<String> dynamic) {
        boolean shapeOnly = n.opType().equals("Shape") || n.opType().equals("Size");
        boolean anyTainted = false, anyDynamic = false;
        for (String in : n.inputs()) {
            anyTainted |= tainted.contains(in);
            anyDynamic |= dynamic.contains(in);
        }
        boolean dataDecidesShape = false;
        for (int i : SHAPE_INPUTS.getOrDefault(n.opType(), new int[0])) {
            if (i < n.inputs().size() && tainted.contains(n.input(i))) {
                dataDecidesShape = true;
            }
        }
        boolean isDynamic = anyDynamic || dataDecidesShape;
        for (String out : n.outputs()) {
            if ((anyTainted && !shapeOnly) || (shapeOnly && anyDynamic)) {
                tainted.add(out);
            }
            if (isDynamic) {
                dynamic.add(out);
            }
        }
        return isDynamic;
    }

    private static Type describe(Value v, boolean dynamic, Map<Long, String> probes) {
        if (v instanceof TensorValue tv) {
            Tensor t = tv.tensor();
            List<Dim> dims = new ArrayList<>();
            for (long d : t.shape()) {
                String sym = probes.get(d);
                dims.add(dynamic ? Dim.unknown() : sym != null ? Dim.symbolic(sym) : Dim.of(d));
            }
            return new Type.TensorType(t.type(), new Shape(dims));
        }
        if (v instanceof SequenceValue s) {
            Type elem = s.elementType() != null ? s.elementType()
                    : s.items().isEmpty() ? null : describe(s.items().get(0), true, probes);
            return new Type.SequenceType(elem);
        }
        if (v instanceof OptionalValue o) {
            return new Type.OptionalType(o.elementType() != null ? o.elementType() : o.value() == null ? null : describe(o.value(), dynamic, probes));
        }
        MapValue m = (MapValue) v;
        return new Type.MapType(m.keys().type(), m.values() instanceof TensorValue tv
                ? new Type.TensorType(tv.tensor().type(), null) : new Type.SequenceType(null));
    }
}
