package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** A one-op model built in code, with its feeds: {@code OpCase.of("relu", Node.of("Relu").inputs("x").outputs("y")).in("x", f(2, 3))}. */
final class OpCase {

    private static final Random RND = new Random(1234);

    final String label;
    final Node node;
    final Map<String, Tensor> feeds = new LinkedHashMap<>();
    final Map<String, Tensor> constants = new LinkedHashMap<>();
    long opset = 18;

    private OpCase(String label, Node node) {
        this.label = label;
        this.node = node;
    }

    static OpCase of(String label, Node node) {
        return new OpCase(label, node);
    }

    /** A one-input op: {@code unary("Relu", f(2, 3))}. */
    static OpCase unary(String op, Tensor x) {
        return of(op, Node.of(op).inputs("x").outputs("y")).in("x", x);
    }

    static OpCase binary(String op, Tensor a, Tensor b) {
        return of(op, Node.of(op).inputs("a", "b").outputs("y")).in("a", a).in("b", b);
    }

    OpCase in(String name, Tensor t) {
        feeds.put(name, t);
        return this;
    }

    OpCase constant(String name, Tensor t) {
        constants.put(name, t);
        return this;
    }

    OpCase opset(long v) {
        opset = v;
        return this;
    }

    Model model() {
        Graph g = new Graph(label);
        feeds.forEach((n, t) -> g.input(n, t.type(), t.shape()));
        constants.forEach(g::initializer);
        g.add(node.name(label.replaceAll("[^A-Za-z0-9_]", "_")));
        for (String o : node.outputs()) {
            if (!o.isEmpty()) {
                g.output(new ValueInfo(o, null));
            }
        }
        return Model.of(g, opset).resolveOpsetVersions();
    }

    @Override
    public String toString() {
        return label;
    }

    // ---- data ----

    static Tensor f(long... shape) {
        float[] a = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) RND.nextGaussian();
        }
        return Tensor.ofFloats(shape, a);
    }

    /** Floats in [lo, hi). */
    static Tensor range(double lo, double hi, long... shape) {
        float[] a = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (lo + (hi - lo) * RND.nextDouble());
        }
        return Tensor.ofFloats(shape, a);
    }

    static Tensor pos(long... shape) {
        return range(0.1, 2, shape);
    }

    static Tensor i64(long lo, long hi, long... shape) {
        long[] a = new long[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < a.length; i++) {
            a[i] = lo + (long) (RND.nextDouble() * (hi - lo));
        }
        return Tensor.ofLongs(shape, a);
    }

    static Tensor i32(int lo, int hi, long... shape) {
        int[] a = new int[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < a.length; i++) {
            a[i] = lo + (int) (RND.nextDouble() * (hi - lo));
        }
        return Tensor.ofInts(shape, a);
    }

    static Tensor bools(long... shape) {
        boolean[] a = new boolean[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < a.length; i++) {
            a[i] = RND.nextBoolean();
        }
        return Tensor.ofBooleans(shape, a);
    }

    static Tensor longs(long... v) {
        return Tensor.ofLongs(new long[]{v.length}, v);
    }

    static Tensor scalar(float v) {
        return Tensor.scalar(v);
    }
}
