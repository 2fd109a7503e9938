package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.TfLiteModel;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.validate.ModelValidator;
import dev.modelx.runtime.Session;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Imports models built in code and runs them on the reference runtime. */
final class OpTestSupport {

    private OpTestSupport() {
    }

    static Model importBytes(byte[] bytes) {
        Model m = new TfLiteConverter().convert(TfLiteModel.of(ByteBuffer.wrap(bytes)), null, null);
        ModelValidator.validate(m);
        return m;
    }

    static Map<String, Tensor> run(byte[] bytes, Object... nameTensorPairs) {
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < nameTensorPairs.length; i += 2) {
            feeds.put((String) nameTensorPairs[i], (Tensor) nameTensorPairs[i + 1]);
        }
        try (Session s = Session.create(importBytes(bytes))) {
            return s.runTensors(feeds);
        }
    }

    static Tensor f(long[] shape, float... v) {
        return Tensor.ofFloats(shape, v);
    }

    static long[] s(long... d) {
        return d;
    }

    static void assertClose(float[] expected, Tensor actual, float tol) {
        float[] a = actual.toFloatArray();
        assertEquals(expected.length, a.length, "element count");
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(expected[i] - a[i]) > tol && !(Float.isNaN(expected[i]) && Float.isNaN(a[i]))) {
                throw new AssertionError("element " + i + ": expected " + expected[i] + ", got " + a[i]
                        + " (all: " + java.util.Arrays.toString(a) + ")");
            }
        }
    }
}
