package dev.modelx.runtime;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Generates inputs for a model from each input's declared type and shape, with ranges that suit the input:
 * integer inputs used as Gather indices into an initializer stay below that table's first dimension
 * (token ids within the vocabulary), other integers lie in [0, 10), inputs named like masks are all 1,
 * floats are standard normal.
 * Symbolic dimensions take their value from {@code dims}, else 1.
 */
public final class RandomInputs {

    private RandomInputs() {
    }

    public static Map<String, Tensor> generate(Model model, Map<String, Long> dims, long seed) {
        Random rnd = new Random(seed);
        Map<String, Tensor> out = new LinkedHashMap<>();
        Graph g = model.graph();
        for (ValueInfo in : g.feedInputs()) {
            if (!(in.type() instanceof Type.TensorType tt)) {
                throw new IllegalArgumentException("Input '" + in.name() + "' is " + in.type() + "; random values are only made for tensors");
            }
            long[] shape = bindShape(in.name(), tt, dims);
            out.put(in.name(), randomTensor(tt.elementType(), shape, rnd, integerBound(g, in.name()), looksLikeMask(in.name())));
        }
        return out;
    }

    /** The concrete shape of a declared input, symbolic dims bound from {@code dims} (default 1). */
    public static long[] bindShape(String name, Type.TensorType tt, Map<String, Long> dims) {
        if (tt.shape() == null) {
            throw new IllegalArgumentException("Input '" + name + "' has no declared shape; feed it explicitly");
        }
        long[] shape = new long[tt.shape().rank()];
        for (int i = 0; i < shape.length; i++) {
            Dim d = tt.shape().dim(i);
            shape[i] = d.isStatic() ? d.value() : d.isSymbolic() ? dims.getOrDefault(d.param(), 1L) : 1L;
        }
        return shape;
    }

    private static long integerBound(Graph g, String input) {
        long bound = 10;
        for (Node n : g.nodes()) {
            if (n.opType().equals("Gather") && n.inputs().size() > 1 && n.input(1).equals(input)) {
                Tensor table = g.initializers().get(n.input(0));
                if (table != null && table.rank() > 0) {
                    bound = table.dim(0);
                }
            }
        }
        return bound;
    }

    private static boolean looksLikeMask(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.contains("mask");
    }

    private static Tensor randomTensor(DataType type, long[] shape, Random rnd, long intBound, boolean mask) {
        long count = Tensor.elementCount(shape);
        Tensor.checkAllocatable(count, type);
        int n = (int) count;
        if (type == DataType.STRING) {
            String[] s = new String[n];
            for (int i = 0; i < n; i++) {
                s[i] = "s" + rnd.nextInt(100);
            }
            return Tensor.ofStrings(shape, s);
        }
        if (type == DataType.BOOL || mask) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = mask ? 1 : rnd.nextInt(2);
            }
            return Tensors.fromLongs(type, shape, v);
        }
        if (type.isInteger()) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = (long) (rnd.nextDouble() * intBound);
            }
            return Tensors.fromLongs(type, shape, v);
        }
        double[] v = new double[type.isComplex() ? 2 * n : n];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian();
        }
        if (type.isComplex()) {
            if (type == DataType.COMPLEX128) {
                return Tensor.of(type, shape, v);
            }
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            return Tensor.of(type, shape, f);
        }
        return Tensors.fromDoubles(type, shape, v);
    }
}
