package dev.modelx.runtime.kernels.control;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.KernelRegistry;
import dev.modelx.runtime.Kernels;
import dev.modelx.runtime.Session;
import dev.modelx.runtime.SessionOptions;
import dev.modelx.runtime.Tensors;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test scaffolding: graphs whose bodies use tiny same-shape Add/Mul/Identity kernels in a private "test"
 * domain, so these tests depend on no other kernel family.
 */
public final class Graphs {

    public static final String TEST = "test";

    private Graphs() {
    }

    public static KernelRegistry registry() {
        KernelRegistry r = Kernels.newRegistry();
        r.add(TEST, "Add", 1, c -> c.output(0, combine(c.input(0), c.input(1), true)));
        r.add(TEST, "Mul", 1, c -> c.output(0, combine(c.input(0), c.input(1), false)));
        r.add(TEST, "Identity", 1, c -> c.output(0, c.value(0)));
        return r;
    }

    /** Element-wise a+b or a*b; b may be a one-element tensor. */
    private static Tensor combine(Tensor a, Tensor b, boolean add) {
        double[] x = Tensors.doubles(a);
        for (int i = 0; i < x.length; i++) {
            double y = b.getDouble(b.size() == 1 ? 0 : i);
            x[i] = add ? x[i] + y : x[i] * y;
        }
        return Tensors.fromDoubles(a.type(), a.shape(), x);
    }

    public static Node test(String op) {
        return Node.of(op).domain(TEST);
    }

    public static Graph graph(String name, String[] inputs, String[] outputs) {
        Graph g = new Graph(name);
        for (String i : inputs) {
            g.input(new ValueInfo(i, null));
        }
        for (String o : outputs) {
            g.output(new ValueInfo(o, null));
        }
        return g;
    }

    public static Model model(Graph g, long opset) {
        Model m = Model.of(g, opset);
        m.opsetImports().put(TEST, 1L);
        m.opsetImports().put("ai.onnx.ml", 5L);
        m.opsetImports().put("ai.onnx.preview.training", 1L);
        return m;
    }

    public static Map<String, Value> run(Model m, Object... feeds) {
        Map<String, Value> in = new LinkedHashMap<>();
        for (int i = 0; i < feeds.length; i += 2) {
            Object v = feeds[i + 1];
            in.put((String) feeds[i], v instanceof Tensor t ? new TensorValue(t) : (Value) v);
        }
        try (Session s = Session.create(m, SessionOptions.defaults().registry(registry()))) {
            return s.run(in);
        }
    }

    /** Runs a one-node model with the node's inputs fed in order and its outputs as graph outputs. */
    public static Map<String, Value> runNode(Node node, long opset, Object... feedValues) {
        Graph g = new Graph("t");
        Object[] feeds = new Object[feedValues.length * 2];
        int j = 0;
        for (int i = 0; i < node.inputs().size(); i++) {
            String name = node.inputs().get(i);
            if (!name.isEmpty()) {
                g.input(new ValueInfo(name, null));
                feeds[2 * j] = name;
                feeds[2 * j + 1] = feedValues[j];
                j++;
            }
        }
        g.add(node);
        for (String o : node.outputs()) {
            if (!o.isEmpty()) {
                g.output(new ValueInfo(o, null));
            }
        }
        Object[] used = java.util.Arrays.copyOf(feeds, 2 * j);
        return run(model(g, opset), used);
    }

    public static Tensor tensor(Value v) {
        return ((TensorValue) v).tensor();
    }
}
