package dev.modelx.runtime.kernels.misc.training;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.Tensors;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gradient (ai.onnx.preview.training, version 1): the gradient of the graph value {@code y} with respect
 * to the values named in {@code xs}, by reverse-mode differentiation of the nodes between them. The forward
 * part is re-run as a sub-graph on this node's inputs (xs, then zs); the backward part knows the
 * elementwise arithmetic and activation ops, with numpy broadcasting reduced back to each operand's shape.
 */
public final class Gradient {

    private static final Set<String> DIFFERENTIABLE = Set.of("Add", "Sub", "Mul", "Div", "Neg", "Identity", "Relu",
            "Sigmoid", "Tanh", "Exp", "Log");

    private Gradient() {
    }

    public static void v1(OpContext ctx) {
        List<String> xs = ctx.requireAttr("xs").asStrings();
        String y = ctx.requireAttr("y").asString();
        Attribute zsAttr = ctx.attr("zs");
        List<String> zs = zsAttr == null ? List.of() : zsAttr.asStrings();
        Graph graph = ctx.graph();
        if (graph == null) {
            throw ctx.error("Gradient needs the enclosing graph, which this runtime did not provide");
        }
        List<String> known = new ArrayList<>(xs);
        known.addAll(zs);
        List<Node> path = pathTo(ctx, graph, y, new HashSet<>(known));
        Graph forward = new Graph("gradient_forward");
        for (String name : known) {
            forward.input(new ValueInfo(name, null));
        }
        for (Node n : path) {
            forward.add(n.copy());
            for (String o : n.outputs()) {
                if (!o.isEmpty()) {
                    forward.output(new ValueInfo(o, null));
                }
            }
        }
        List<Value> inputs = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            inputs.add(ctx.value(i));
        }
        Map<String, Tensor> values = new HashMap<>();
        for (int i = 0; i < known.size(); i++) {
            values.put(known.get(i), ctx.input(i));
        }
        List<Value> outs = ctx.runSubgraph(forward, inputs);
        for (int i = 0; i < outs.size(); i++) {
            values.put(forward.outputs().get(i).name(), ((TensorValue) outs.get(i)).tensor());
        }
        Map<String, double[]> grads = new HashMap<>();
        Tensor yt = values.get(y);
        double[] ones = new double[(int) yt.size()];
        java.util.Arrays.fill(ones, 1);
        grads.put(y, ones);
        for (int i = path.size() - 1; i >= 0; i--) {
            Node n = path.get(i);
            double[] gy = grads.get(n.output(0));
            if (gy != null) {
                backward(ctx, n, gy, values, grads);
            }
        }
        for (int i = 0; i < xs.size(); i++) {
            Tensor x = values.get(xs.get(i));
            double[] g = grads.getOrDefault(xs.get(i), new double[(int) x.size()]);
            ctx.output(i, Tensors.fromDoubles(x.type(), x.shape(), g));
        }
    }

    /** The nodes, in order, that compute {@code y} from the known values; every op on it must be differentiable. */
    private static List<Node> pathTo(OpContext ctx, Graph g, String y, Set<String> known) {
        Map<String, Node> producer = new HashMap<>();
        for (Node n : g.nodes()) {
            for (String o : n.outputs()) {
                producer.put(o, n);
            }
        }
        Set<Node> needed = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(y));
        while (!todo.isEmpty()) {
            String v = todo.remove(todo.size() - 1);
            Node p = producer.get(v);
            if (known.contains(v) || p == null || !needed.add(p)) {
                continue;
            }
            todo.addAll(p.inputs());
        }
        TreeSet<String> unsupported = new TreeSet<>();
        List<Node> path = new ArrayList<>();
        for (Node n : Graphs.topologicalOrder(g)) {
            if (needed.contains(n)) {
                if (!DIFFERENTIABLE.contains(n.opType()) || !n.domain().isEmpty()) {
                    unsupported.add(n.opType());
                }
                path.add(n);
            }
        }
        if (!unsupported.isEmpty()) {
            throw ctx.error("cannot differentiate through " + unsupported + "; supported: " + new TreeSet<>(DIFFERENTIABLE));
        }
        return path;
    }

    private static void backward(OpContext ctx, Node n, double[] gy, Map<String, Tensor> values, Map<String, double[]> grads) {
        long[] outShape = values.get(n.output(0)).shape();
        double[] out = values.get(n.output(0)).toDoubleArray();
        String a = n.input(0);
        double[] av = values.get(a).toDoubleArray();
        int[] ai = Shapes.broadcastIndex(values.get(a).shape(), outShape);
        switch (n.opType()) {
            case "Identity" -> accumulate(grads, a, av.length, ai, gy, k -> 1);
            case "Neg" -> accumulate(grads, a, av.length, ai, gy, k -> -1);
            case "Relu" -> accumulate(grads, a, av.length, ai, gy, k -> av[ai[k]] > 0 ? 1 : 0);
            case "Sigmoid" -> accumulate(grads, a, av.length, ai, gy, k -> out[k] * (1 - out[k]));
            case "Tanh" -> accumulate(grads, a, av.length, ai, gy, k -> 1 - out[k] * out[k]);
            case "Exp" -> accumulate(grads, a, av.length, ai, gy, k -> out[k]);
            case "Log" -> accumulate(grads, a, av.length, ai, gy, k -> 1 / av[ai[k]]);
            default -> {
                String b = n.input(1);
                double[] bv = values.get(b).toDoubleArray();
                int[] bi = Shapes.broadcastIndex(values.get(b).shape(), outShape);
                switch (n.opType()) {
                    case "Add" -> {
                        accumulate(grads, a, av.length, ai, gy, k -> 1);
                        accumulate(grads, b, bv.length, bi, gy, k -> 1);
                    }
                    case "Sub" -> {
                        accumulate(grads, a, av.length, ai, gy, k -> 1);
                        accumulate(grads, b, bv.length, bi, gy, k -> -1);
                    }
                    case "Mul" -> {
                        accumulate(grads, a, av.length, ai, gy, k -> bv[bi[k]]);
                        accumulate(grads, b, bv.length, bi, gy, k -> av[ai[k]]);
                    }
                    case "Div" -> {
                        accumulate(grads, a, av.length, ai, gy, k -> 1 / bv[bi[k]]);
                        accumulate(grads, b, bv.length, bi, gy, k -> -av[ai[k]] / (bv[bi[k]] * bv[bi[k]]));
                    }
                    default -> throw ctx.error("no derivative for " + n.opType());
                }
            }
        }
    }

    /** Adds gy[k] * local(k) into the gradient of {@code name} at the broadcast source index of k. */
    private static void accumulate(Map<String, double[]> grads, String name, int size, int[] index, double[] gy,
                                   java.util.function.IntToDoubleFunction local) {
        double[] g = grads.computeIfAbsent(name, k -> new double[size]);
        for (int k = 0; k < gy.length; k++) {
            g[index[k]] += gy[k] * local.applyAsDouble(k);
        }
    }
}
