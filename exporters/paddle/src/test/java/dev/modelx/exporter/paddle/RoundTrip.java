package dev.modelx.exporter.paddle;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.importer.paddle.PaddleImporter;
import dev.modelx.importer.paddle.PaddlePirImporter;
import dev.modelx.runtime.Session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Export -> re-import -> run on the reference runtime -> compare with the original model's outputs. */
final class RoundTrip {

    static final double RTOL = 1e-5, ATOL = 1e-6;

    private RoundTrip() {
    }

    static Model viaPaddle(Model m, Path dir) throws Exception {
        new PaddleExporter().write(m, dir, ExportOptions.defaults());
        return new PaddleImporter().read(dir, ImportOptions.defaults());
    }

    static Model viaPir(Model m, Path dir) throws Exception {
        new PaddlePirExporter().write(m, dir, ExportOptions.defaults());
        return new PaddlePirImporter().read(dir, ImportOptions.defaults());
    }

    /** Random feeds: a non-static leading dim is 2, other non-static dims {@code unknownDim}; integer inputs lie in [0, intBound). */
    static Map<String, Tensor> feeds(Model m, long unknownDim, long intBound, long seed) {
        Random r = new Random(seed);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (ValueInfo in : m.graph().feedInputs()) {
            Type.TensorType tt = (Type.TensorType) in.type();
            long[] shape = new long[tt.shape().rank()];
            for (int i = 0; i < shape.length; i++) {
                Dim d = tt.shape().dim(i);
                shape[i] = d.isStatic() ? d.value() : i == 0 ? 2 : unknownDim;
            }
            int n = (int) Tensor.elementCount(shape);
            if (tt.elementType() == DataType.INT64) {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = r.nextInt((int) intBound);
                }
                out.put(in.name(), Tensor.ofLongs(shape, a));
            } else if (tt.elementType() == DataType.INT32) {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = 1 + r.nextInt(3); // int32 inputs are shapes in the corpus: keep them small and positive
                }
                out.put(in.name(), Tensor.ofInts(shape, a));
            } else {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = r.nextFloat() * 2 - 1;
                }
                out.put(in.name(), Tensor.ofFloats(shape, a));
            }
        }
        return out;
    }

    static List<Tensor> run(Model m, Map<String, Tensor> feeds) {
        try (Session s = Session.create(m)) {
            Map<String, Tensor> byName = new LinkedHashMap<>();
            List<String> names = s.inputNames();
            List<Tensor> values = new ArrayList<>(feeds.values());
            for (int i = 0; i < names.size(); i++) {
                byName.put(names.get(i), values.get(i));
            }
            Map<String, Tensor> res = s.runTensors(byName);
            List<Tensor> out = new ArrayList<>();
            for (String o : s.outputNames()) {
                out.add(res.get(o));
            }
            return out;
        }
    }

    /** Runs both models on the same feeds (by position) and returns the largest absolute difference; asserts closeness. */
    static double compare(Model original, Model roundTripped, Map<String, Tensor> feeds) {
        List<Tensor> a = run(original, feeds), b = run(roundTripped, feeds);
        assertEquals(a.size(), b.size(), "output count");
        double max = 0;
        for (int k = 0; k < a.size(); k++) {
            assertEquals(java.util.Arrays.toString(a.get(k).shape()), java.util.Arrays.toString(b.get(k).shape()), "shape of output " + k);
            double[] x = a.get(k).toDoubleArray(), y = b.get(k).toDoubleArray();
            for (int i = 0; i < x.length; i++) {
                double d = Math.abs(x[i] - y[i]);
                max = Math.max(max, d);
                assertTrue(d <= ATOL + RTOL * Math.abs(x[i]), "output " + k + " element " + i + ": " + x[i] + " vs " + y[i]);
            }
        }
        return max;
    }
}
