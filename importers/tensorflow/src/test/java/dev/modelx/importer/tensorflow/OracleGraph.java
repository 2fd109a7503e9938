package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;

/**
 * A TF graph built through TensorFlow Java's own op builder, with placeholders fed random (seeded)
 * values and the outputs to compare.
 */
final class OracleGraph implements AutoCloseable {

    final Graph graph = new Graph();
    final Map<String, Tensor> feeds = new LinkedHashMap<>();
    final List<Output<?>> fetches = new ArrayList<>();
    final Random rnd;
    /** Ops TF runs once before the fetch (variable assignments); set, the case goes through a SavedModel. */
    final List<org.tensorflow.Operation> initializers = new ArrayList<>();
    /** Checkpoint key -> value TF's own SaveV2 writes into the SavedModel's variables bundle. */
    final Map<String, Output<?>> checkpoint = new LinkedHashMap<>();
    private int count;

    OracleGraph(long seed) {
        rnd = new Random(seed);
    }

    private String fresh(String base) {
        return base + "_" + count++;
    }

    /** A Placeholder fed {@code value}. */
    Output<?> in(Tensor value) {
        String name = "in" + feeds.size();
        Output<?> o = graph.opBuilder("Placeholder", name, graph.baseScope()).setAttr("dtype", TfJavaTensors.tfType(value.type()))
                .setAttr("shape", Shape.of(value.shape())).build().output(0);
        feeds.put(name, value);
        return o;
    }

    /** A Placeholder fed {@code value} whose declared shape is {@code declared} (-1: unknown dim; null: unknown rank). */
    Output<?> inDeclared(Tensor value, long[] declared) {
        String name = "in" + feeds.size();
        var b = graph.opBuilder("Placeholder", name, graph.baseScope()).setAttr("dtype", TfJavaTensors.tfType(value.type()));
        b.setAttr("shape", declared == null ? Shape.unknown() : Shape.of(declared));
        Output<?> o = b.build().output(0);
        feeds.put(name, value);
        return o;
    }

    /** A Placeholder fed random values: floats in [-2, 2], integers in [-5, 5], random booleans. */
    Output<?> in(DataType t, long... shape) {
        return in(random(t, shape));
    }

    /** A float Placeholder fed values uniform in [lo, hi). */
    Output<?> in(double lo, double hi, long... shape) {
        return in(uniform(DataType.FLOAT, lo, hi, shape));
    }

    Output<?> konst(Tensor value) {
        try (org.tensorflow.Tensor t = TfJavaTensors.toTf(value)) {
            return graph.opBuilder("Const", fresh("const"), graph.baseScope()).setAttr("value", t)
                    .setAttr("dtype", TfJavaTensors.tfType(value.type())).build().output(0);
        }
    }

    /** A constant of random values (weights). */
    Output<?> konst(DataType t, long... shape) {
        return konst(random(t, shape));
    }

    Output<?> i32(int... v) {
        return konst(Tensor.ofInts(new long[]{v.length}, v));
    }

    Output<?> i32s(int v) {
        return konst(Tensor.ofInts(new long[0], v));
    }

    Output<?> i64(long... v) {
        return konst(Tensor.ofLongs(new long[]{v.length}, v));
    }

    Output<?> f32s(float v) {
        return konst(Tensor.ofFloats(new long[0], v));
    }

    /** An op named uniquely after its type, with {@code inputs} added in order. */
    OracleOp op(String type, Output<?>... inputs) {
        return new OracleOp(graph.opBuilder(type, fresh(type), graph.baseScope())).in(inputs);
    }

    void fetch(Output<?>... outs) {
        fetches.addAll(List.of(outs));
    }

    /** Builds the op, fetches its first output. */
    void fetch(OracleOp op) {
        fetch(op.out());
    }

    Tensor random(DataType t, long... shape) {
        return switch (t) {
            case FLOAT, DOUBLE -> uniform(t, -2, 2, shape);
            case BOOL -> {
                boolean[] v = new boolean[(int) Tensor.elementCount(shape)];
                for (int i = 0; i < v.length; i++) {
                    v[i] = rnd.nextBoolean();
                }
                yield Tensor.ofBooleans(shape, v);
            }
            default -> integers(t, -5, 5, shape);
        };
    }

    Tensor uniform(DataType t, double lo, double hi, long... shape) {
        int n = (int) Tensor.elementCount(shape);
        if (t == DataType.DOUBLE) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = lo + (hi - lo) * rnd.nextDouble();
            }
            return Tensor.ofDoubles(shape, v);
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
        }
        return Tensor.ofFloats(shape, v);
    }

    /** Integers uniform in [lo, hi] of type INT32, INT64 or UINT8. */
    Tensor integers(DataType t, long lo, long hi, long... shape) {
        int n = (int) Tensor.elementCount(shape);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (long) rnd.nextInt((int) (hi - lo + 1));
        }
        return switch (t) {
            case INT64 -> Tensor.ofLongs(shape, v);
            case INT32 -> {
                int[] w = new int[n];
                for (int i = 0; i < n; i++) {
                    w[i] = (int) v[i];
                }
                yield Tensor.ofInts(shape, w);
            }
            case UINT8 -> {
                byte[] w = new byte[n];
                for (int i = 0; i < n; i++) {
                    w[i] = (byte) v[i];
                }
                yield Tensor.of(DataType.UINT8, shape, w);
            }
            default -> throw new IllegalArgumentException("no random integers of type " + t);
        };
    }

    @Override
    public void close() {
        graph.close();
    }
}
