package dev.modelx.exporter.paddle;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.ShapeInference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Element type and dims of every value of the main graph, for the VarDescs and for emitters that depend on
 * ranks. Declared types come first; the rest come from the reference runtime's shape inference, run twice
 * with different sizes for every non-static input dim: a dim that differs between the runs depends on the
 * input size and is written as -1, as Paddle does. When inference cannot run the model, element types are
 * propagated through the ops and dims stay unknown.
 */
public final class ValueTypes {

    /** dims null: rank unknown; -1 entries: unknown sizes. */
    public record Info(DataType dtype, long[] dims) {
        public int rank() {
            return dims == null ? -1 : dims.length;
        }
    }

    private final Map<String, Info> infos = new HashMap<>();
    private String inferenceProblem;

    public static ValueTypes of(Model model) {
        ValueTypes v = new ValueTypes();
        v.infer(model);
        return v;
    }

    public Info get(String value) {
        return infos.get(value);
    }

    /** Why shape inference could not be used (null when it was). */
    public String inferenceProblem() {
        return inferenceProblem;
    }

    public DataType dtype(String value) {
        Info i = infos.get(value);
        return i == null || i.dtype() == null ? DataType.FLOAT : i.dtype();
    }

    public int rank(String value) {
        Info i = infos.get(value);
        return i == null ? -1 : i.rank();
    }

    public long[] dims(String value) {
        Info i = infos.get(value);
        return i == null ? null : i.dims();
    }

    public void put(String value, DataType t, long[] dims) {
        infos.put(value, new Info(t, dims));
    }

    private void infer(Model model) {
        Graph g = model.graph();
        Map<String, Type> first = null, second = null;
        try {
            Model probe = model.copy();
            List<String> symbols = new ArrayList<>();
            List<Integer> kinds = new ArrayList<>();
            nameUnknownDims(probe.graph(), symbols, kinds);
            Map<String, Long> a = new HashMap<>(), b = new HashMap<>();
            for (int i = 0; i < symbols.size(); i++) {
                // LoD offsets hold one more entry than there are sequences (a batch of the leading size)
                a.put(symbols.get(i), new long[] {32, 2, 3}[kinds.get(i)]);
                b.put(symbols.get(i), new long[] {64, 3, 4}[kinds.get(i)]);
            }
            first = ShapeInference.infer(probe, a);
            second = symbols.isEmpty() ? first : ShapeInference.infer(probe, b);
            if (hasSubgraphs(g)) {
                observeBodies(probe, a);
            }
        } catch (RuntimeException | StackOverflowError e) {
            inferenceProblem = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (first != null) {
            for (Map.Entry<String, Type> e : first.entrySet()) {
                if (e.getValue() instanceof Type.TensorType t1) {
                    Type t2 = second.get(e.getKey());
                    infos.put(e.getKey(), new Info(t1.elementType(), merge(t1.shape(), t2 instanceof Type.TensorType tt ? tt.shape() : null)));
                }
            }
        }
        for (ValueInfo v : g.inputs()) {
            declare(v);
        }
        g.initializers().forEach((k, t) -> infos.put(k, new Info(t.type(), t.shape())));
        for (ValueInfo v : g.outputs()) {
            declare(v);
        }
        if (first == null) {
            propagate(g);
        }
        declareBodies(g);
    }

    private static boolean hasSubgraphs(Graph g) {
        return g.nodes().stream().anyMatch(n -> !n.subgraphs().isEmpty());
    }

    /**
     * Types of the values inside control-flow bodies, which shape inference does not report: the model runs
     * once on generated inputs and every body value is recorded; a dim that differs between iterations is -1.
     * Values of a branch that did not run stay unknown here.
     */
    private void observeBodies(Model probe, Map<String, Long> dims) {
        Map<String, dev.modelx.graph.Tensor> feeds = dev.modelx.runtime.RandomInputs.generate(probe, dims, 0);
        Set<String> main = new java.util.HashSet<>();
        probe.graph().nodes().forEach(n -> main.addAll(n.outputs()));
        Map<String, Info> seen = new HashMap<>();
        dev.modelx.runtime.SessionOptions opts = dev.modelx.runtime.SessionOptions.defaults().observer((node, name, value) -> {
            if (main.contains(name) || !(value instanceof dev.modelx.runtime.value.TensorValue tv)) {
                return;
            }
            long[] shape = tv.tensor().shape().clone();
            Info old = seen.get(name);
            if (old != null && old.dims() != null && old.dims().length == shape.length) {
                for (int i = 0; i < shape.length; i++) {
                    if (old.dims()[i] != shape[i]) {
                        shape[i] = -1;
                    }
                }
            }
            seen.put(name, new Info(tv.tensor().type(), shape));
        });
        try (dev.modelx.runtime.Session s = dev.modelx.runtime.Session.create(probe, opts)) {
            s.runTensors(feeds);
        } catch (RuntimeException e) {
            // values recorded before the failure are kept
        }
        seen.forEach(infos::putIfAbsent);
    }

    /** Declared types of body inputs and outputs, a Loop body's inputs from the Loop's, then element types through the body ops. */
    private void declareBodies(Graph g) {
        for (Node n : g.nodes()) {
            for (Graph sub : n.subgraphs()) {
                if (n.opType().equals("Loop") && sub.inputs().size() >= 2) {
                    infos.putIfAbsent(sub.inputs().get(0).name(), new Info(DataType.INT64, new long[0]));
                    infos.putIfAbsent(sub.inputs().get(1).name(), new Info(DataType.BOOL, new long[0]));
                    for (int k = 2; k < sub.inputs().size() && k < n.inputs().size(); k++) {
                        Info outer = infos.get(n.input(k));
                        if (outer != null) {
                            infos.putIfAbsent(sub.inputs().get(k).name(), outer);
                        }
                    }
                }
                for (ValueInfo v : sub.inputs()) {
                    if (!infos.containsKey(v.name())) {
                        declare(v);
                    }
                }
                sub.initializers().forEach((k, t) -> infos.putIfAbsent(k, new Info(t.type(), t.shape())));
                propagate(sub);
                for (ValueInfo v : sub.outputs()) {
                    if (!infos.containsKey(v.name())) {
                        declare(v);
                    }
                }
                declareBodies(sub);
            }
        }
    }

    private void declare(ValueInfo v) {
        if (v.type() instanceof Type.TensorType tt) {
            Info known = infos.get(v.name());
            long[] dims = tt.shape() == null ? (known == null ? null : known.dims()) : toDims(tt.shape());
            if (known != null && known.dims() != null && dims != null && known.dims().length == dims.length) {
                dims = dims.clone();
                for (int i = 0; i < dims.length; i++) {
                    if (dims[i] < 0) {
                        dims[i] = known.dims()[i];
                    }
                }
            }
            DataType t = tt.elementType() == DataType.UNDEFINED && known != null ? known.dtype() : tt.elementType();
            infos.put(v.name(), new Info(t, dims));
        }
    }

    private static long[] toDims(Shape s) {
        long[] d = new long[s.rank()];
        for (int i = 0; i < d.length; i++) {
            d[i] = s.dim(i).isStatic() ? s.dim(i).value() : -1;
        }
        return d;
    }

    private static long[] merge(Shape a, Shape b) {
        if (a == null) {
            return null;
        }
        long[] d = toDims(a);
        long[] e = b == null || b.rank() != a.rank() ? null : toDims(b);
        for (int i = 0; i < d.length; i++) {
            if (e == null || e[i] != d[i]) {
                d[i] = -1;
            }
        }
        return d;
    }

    /**
     * Gives every non-static input dim a symbol of its own; kinds: 1 leading dims (taken to be batch sizes),
     * 2 the length of LoD offsets inputs ({@code X.lod0} beside input X), 0 the rest.
     */
    private static void nameUnknownDims(Graph g, List<String> symbols, List<Integer> kinds) {
        Set<String> inits = g.initializers().keySet();
        List<ValueInfo> ins = new ArrayList<>(g.inputs());
        Set<String> names = new java.util.HashSet<>();
        ins.forEach(v -> names.add(v.name()));
        for (int k = 0; k < ins.size(); k++) {
            ValueInfo v = ins.get(k);
            if (inits.contains(v.name()) || !(v.type() instanceof Type.TensorType tt) || tt.shape() == null) {
                continue;
            }
            List<Dim> dims = new ArrayList<>();
            for (int i = 0; i < tt.shape().rank(); i++) {
                Dim d = tt.shape().dim(i);
                if (d.isStatic()) {
                    dims.add(d);
                } else {
                    String s = "__paddle_export_" + k + "_" + i;
                    symbols.add(s);
                    int dot = v.name().lastIndexOf(".lod");
                    boolean offsets = dot > 0 && names.contains(v.name().substring(0, dot)) && tt.shape().rank() == 1;
                    kinds.add(offsets ? 2 : i == 0 ? 1 : 0);
                    dims.add(Dim.symbolic(s));
                }
            }
            int idx = g.inputs().indexOf(v);
            g.inputs().set(idx, v.withType(new Type.TensorType(tt.elementType(), new Shape(dims))));
        }
    }

    /** Element types only: each op's output takes its first input's type, except ops whose result type is fixed. */
    private void propagate(Graph g) {
        for (Node n : dev.modelx.graph.Graphs.topologicalOrder(g)) {
            DataType in = n.inputs().isEmpty() || n.input(0).isEmpty() ? null : dtypeOrNull(n.input(0));
            DataType out = switch (n.opType()) {
                case "Shape", "Size", "ArgMax", "ArgMin", "NonZero" -> DataType.INT64;
                case "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "Not", "And", "Or", "Xor", "IsNaN", "IsInf" -> DataType.BOOL;
                case "Cast" -> DataType.fromCode((int) n.attrLong("to", 1));
                case "Constant" -> n.hasAttribute("value") ? n.attribute("value").asTensor().type() : in;
                case "Gather" -> n.inputs().isEmpty() ? null : dtypeOrNull(n.input(0));
                default -> in;
            };
            long[] dims = ELEMENTWISE.contains(n.opType()) ? broadcastDims(n)
                    : n.opType().equals("Constant") && n.hasAttribute("value") ? n.attribute("value").asTensor().shape() : null;
            for (String o : n.outputs()) {
                if (!o.isEmpty() && !infos.containsKey(o)) {
                    infos.put(o, new Info(out, dims));
                }
            }
        }
    }

    /** Ops whose result has the numpy broadcast of their inputs' dims. */
    private static final Set<String> ELEMENTWISE = Set.of("Identity", "Cast", "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min",
            "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "And", "Or", "Xor", "Not", "Neg", "Abs", "Relu",
            "Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Where");

    /** The broadcast dims of {@code n}'s inputs, or null when one is unknown. */
    private long[] broadcastDims(Node n) {
        long[] out = new long[0];
        for (String in : n.inputs()) {
            Info i = in.isEmpty() ? null : infos.get(in);
            if (i == null || i.dims() == null) {
                return null;
            }
            long[] d = i.dims();
            long[] r = new long[Math.max(out.length, d.length)];
            for (int k = 0; k < r.length; k++) {
                int a = k - (r.length - out.length), b = k - (r.length - d.length);
                long x = a < 0 ? 1 : out[a], y = b < 0 ? 1 : d[b];
                r[k] = x == 1 ? y : y == 1 ? x : x == y ? x : -1;
            }
            out = r;
        }
        return out;
    }

    private DataType dtypeOrNull(String v) {
        Info i = infos.get(v);
        return i == null ? null : i.dtype();
    }
}
