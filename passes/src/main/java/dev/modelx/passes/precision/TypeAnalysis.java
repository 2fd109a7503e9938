package dev.modelx.passes.precision;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.passes.opset.OpSchemas;
import dev.modelx.passes.opset.OpSchemas.Formal;
import dev.modelx.passes.opset.OpSchemas.OpSchema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The element type of every tensor value of a model, in every graph: declared types (inputs, outputs,
 * value_info, initializers), then types propagated through each node by its ONNX definition at the model's
 * op set (an output bound to the same type variable as an input has that input's type; {@code to},
 * {@code dtype} and {@code value} attributes; If/Loop/Scan outputs from their bodies), then, for what neither
 * answers, the types observed when the model ran once on the reference runtime (keyed by node number).
 */
final class TypeAnalysis {

    private final Model model;
    private final Map<Graph, Map<String, DataType>> types = new IdentityHashMap<>();
    private final Map<Graph, Set<String>> defined = new IdentityHashMap<>();
    private final Map<Graph, Graph> parents = new IdentityHashMap<>();
    private final Map<Node, Integer> ids;
    private final Map<Integer, DataType[]> observed;

    private TypeAnalysis(Model model, Map<Node, Integer> ids, Map<Integer, DataType[]> observed) {
        this.model = model;
        this.ids = ids;
        this.observed = observed == null ? Map.of() : observed;
    }

    /** Analyses {@code model}; {@code observed} (may be null) maps node numbers (see {@link #number}) to output types. */
    static TypeAnalysis of(Model model, Map<Integer, DataType[]> observed) {
        TypeAnalysis a = new TypeAnalysis(model, number(model), observed);
        a.analyze(model.graph(), null, Map.of());
        return a;
    }

    /** Numbers every node in {@link Graphs#forEachNode} order, which a copy of the model repeats. */
    static Map<Node, Integer> number(Model model) {
        Map<Node, Integer> ids = new IdentityHashMap<>();
        int[] next = {0};
        Graphs.forEachNode(model.graph(), n -> ids.put(n, next[0]++));
        return ids;
    }

    /** The element type of {@code name} as seen from graph {@code g} (enclosing graphs included), or null. */
    DataType type(Graph g, String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        for (Graph x = g; x != null; x = parents.get(x)) {
            Map<String, DataType> m = types.get(x);
            DataType t = m == null ? null : m.get(name);
            if (t != null) {
                return t;
            }
            Set<String> d = defined.get(x);
            if (d != null && d.contains(name)) {
                return null;
            }
        }
        return null;
    }

    boolean isFloat32(Graph g, String name) {
        return type(g, name) == DataType.FLOAT;
    }

    /** The graph enclosing sub-graph {@code g}, or null for the main graph. */
    Graph parent(Graph g) {
        return parents.get(g);
    }

    /** Whether {@code g} itself (not an enclosing graph) defines {@code name}. */
    boolean defines(Graph g, String name) {
        Set<String> d = defined.get(g);
        return d != null && d.contains(name);
    }

    int opset(Node n) {
        return opsetOf(model, n);
    }

    static int opsetOf(Model model, Node n) {
        if (n.opsetVersion() > 0) {
            return n.opsetVersion();
        }
        return model.opset(n.domain()).map(Long::intValue).orElse(0);
    }

    private void analyze(Graph g, Graph parent, Map<String, DataType> inputTypes) {
        if (parent != null) {
            parents.put(g, parent);
        }
        Map<String, DataType> m = new HashMap<>();
        types.put(g, m);
        Set<String> d = new HashSet<>();
        defined.put(g, d);
        for (ValueInfo v : g.inputs()) {
            d.add(v.name());
        }
        d.addAll(g.initializers().keySet());
        d.addAll(g.sparseInitializers().keySet());
        for (Node n : g.nodes()) {
            for (String o : n.outputs()) {
                if (!o.isEmpty()) {
                    d.add(o);
                }
            }
        }
        g.initializers().forEach((k, t) -> m.put(k, t.type()));
        g.sparseInitializers().forEach((k, t) -> m.put(k, t.values().type()));
        List<ValueInfo> declared = new ArrayList<>(g.inputs());
        declared.addAll(g.valueInfos());
        declared.addAll(g.outputs());
        for (ValueInfo v : declared) {
            if (v.type() instanceof Type.TensorType tt && tt.elementType() != DataType.UNDEFINED && d.contains(v.name())) {
                m.putIfAbsent(v.name(), tt.elementType());
            }
        }
        inputTypes.forEach((k, t) -> {
            if (t != null) {
                m.putIfAbsent(k, t);
            }
        });
        List<Node> order;
        try {
            order = Graphs.topologicalOrder(g);
        } catch (Graphs.CycleException e) {
            order = g.nodes();
        }
        for (Node n : order) {
            DataType[] outs = infer(n, g);
            for (int j = 0; j < n.outputs().size(); j++) {
                String o = n.output(j);
                if (!o.isEmpty() && outs[j] != null) {
                    m.putIfAbsent(o, outs[j]);
                }
            }
        }
        // Outputs that name outer values (captured) are looked up through the parents.
    }

    private DataType[] infer(Node n, Graph g) {
        DataType[] out = new DataType[n.outputs().size()];
        String op = n.opType();
        boolean onnx = n.domain().isEmpty();
        int opset = opset(n);
        if (onnx && op.equals("If")) {
            Graph then = sub(n, "then_branch");
            Graph otherwise = sub(n, "else_branch");
            if (then != null) {
                analyze(then, g, Map.of());
            }
            if (otherwise != null) {
                analyze(otherwise, g, Map.of());
            }
            for (int k = 0; k < out.length; k++) {
                DataType a = then != null && k < then.outputs().size() ? type(then, then.outputs().get(k).name()) : null;
                DataType b = otherwise != null && k < otherwise.outputs().size() ? type(otherwise, otherwise.outputs().get(k).name()) : null;
                out[k] = a != null ? a : b;
            }
        } else if (onnx && op.equals("Loop")) {
            Graph body = sub(n, "body");
            if (body != null) {
                Map<String, DataType> in = new HashMap<>();
                int carried = Math.max(0, n.inputs().size() - 2);
                if (body.inputs().size() > 0) {
                    in.put(body.inputs().get(0).name(), DataType.INT64);
                }
                if (body.inputs().size() > 1) {
                    in.put(body.inputs().get(1).name(), DataType.BOOL);
                }
                for (int k = 0; k < carried && 2 + k < body.inputs().size(); k++) {
                    in.put(body.inputs().get(2 + k).name(), type(g, n.input(2 + k)));
                }
                analyze(body, g, in);
                for (int j = 0; j < out.length; j++) {
                    DataType t = 1 + j < body.outputs().size() ? type(body, body.outputs().get(1 + j).name()) : null;
                    out[j] = t != null ? t : j < carried ? type(g, n.input(2 + j)) : null;
                }
            }
        } else if (onnx && op.equals("Scan") && opset >= 9) {
            Graph body = sub(n, "body");
            if (body != null) {
                Map<String, DataType> in = new HashMap<>();
                for (int i = 0; i < n.inputs().size() && i < body.inputs().size(); i++) {
                    in.put(body.inputs().get(i).name(), type(g, n.input(i)));
                }
                analyze(body, g, in);
                for (int j = 0; j < out.length && j < body.outputs().size(); j++) {
                    out[j] = type(body, body.outputs().get(j).name());
                }
            }
        } else {
            for (Graph s : n.subgraphs()) {
                analyze(s, g, Map.of());
            }
            if (onnx) {
                generic(n, g, opset, out);
            }
        }
        Integer id = ids.get(n);
        DataType[] seen = id == null ? null : observed.get(id);
        if (seen != null) {
            for (int j = 0; j < out.length && j < seen.length; j++) {
                if (out[j] == null) {
                    out[j] = seen[j];
                }
            }
        }
        return out;
    }

    private static Graph sub(Node n, String attr) {
        Attribute a = n.attribute(attr);
        return a == null ? null : a.asGraph();
    }

    private void generic(Node n, Graph g, int opset, DataType[] out) {
        String op = n.opType();
        switch (op) {
            case "Constant" -> {
                out[0] = constantType(n);
                return;
            }
            case "Cast" -> {
                out[0] = code(n.attrLong("to", 0));
                return;
            }
            case "ConstantOfShape" -> {
                Attribute v = n.attribute("value");
                out[0] = v == null ? DataType.FLOAT : v.asTensor().type();
                return;
            }
            case "RandomNormal", "RandomUniform" -> {
                out[0] = code(n.attrLong("dtype", DataType.FLOAT.code()));
                return;
            }
            case "RandomNormalLike", "RandomUniformLike", "EyeLike", "Bernoulli" -> {
                out[0] = n.hasAttribute("dtype") ? code(n.attrLong("dtype", 0)) : type(g, n.input(0));
                return;
            }
            case "Multinomial" -> {
                out[0] = code(n.attrLong("dtype", DataType.INT32.code()));
                return;
            }
            default -> {
            }
        }
        OpSchema s = OpSchemas.at(op, opset);
        if (s == null) {
            return;
        }
        for (int j = 0; j < out.length; j++) {
            Formal f = s.output(j);
            if (f == null) {
                continue;
            }
            if (s.isTypeVariable(f)) {
                for (int i = 0; i < n.inputs().size(); i++) {
                    Formal fi = s.input(i);
                    if (fi != null && fi.type().equals(f.type()) && !fi.heterogeneous()) {
                        DataType t = type(g, n.input(i));
                        if (t != null) {
                            out[j] = t;
                            break;
                        }
                    }
                }
                if (out[j] == null) {
                    List<String> allowed = s.allowedTypes(f);
                    if (allowed.size() == 1) {
                        out[j] = name(allowed.get(0));
                    }
                }
            } else {
                List<String> allowed = s.allowedTypes(f);
                if (allowed.size() == 1) {
                    out[j] = name(allowed.get(0));
                }
            }
        }
    }

    static DataType constantType(Node n) {
        for (Attribute a : n.attributes().values()) {
            switch (a.name()) {
                case "value" -> {
                    return a.asTensor().type();
                }
                case "sparse_value" -> {
                    return a.asSparseTensor().values().type();
                }
                case "value_float", "value_floats" -> {
                    return DataType.FLOAT;
                }
                case "value_int", "value_ints" -> {
                    return DataType.INT64;
                }
                case "value_string", "value_strings" -> {
                    return DataType.STRING;
                }
                default -> {
                }
            }
        }
        return null;
    }

    private static DataType name(String s) {
        if (s.startsWith("seq(") || s.startsWith("optional(") || s.startsWith("map(") || s.equals("tensor")) {
            return null;
        }
        try {
            return DataType.fromName(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static DataType code(long c) {
        try {
            return DataType.fromCode((int) c);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The value of a dense Constant node as a tensor, or null. */
    static Tensor constantValue(Node n) {
        for (Attribute a : n.attributes().values()) {
            switch (a.name()) {
                case "value" -> {
                    return a.asTensor();
                }
                case "value_float" -> {
                    return Tensor.scalar(a.asFloat());
                }
                case "value_floats" -> {
                    float[] f = a.asFloats();
                    return Tensor.ofFloats(new long[]{f.length}, f);
                }
                default -> {
                }
            }
        }
        return null;
    }
}
