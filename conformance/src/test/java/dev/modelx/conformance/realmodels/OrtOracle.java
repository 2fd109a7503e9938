package dev.modelx.conformance.realmodels;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.modelx.format.onnx.OnnxFiles;
import dev.modelx.format.onnx.proto.OnnxProtos;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.oracle.onnxruntime.OrtValues;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ONNX Runtime as an independent oracle for the reference runtime: converts graph tensors to and from ORT
 * tensors, runs a model file on ORT, and compares two tensors element-wise with {@code |a-b| <= atol + rtol*|b|}
 * (b is the oracle's value).
 */
final class OrtOracle {

    /** The tolerance every comparison in this package uses. */
    static final double RTOL = 1e-4;
    static final double ATOL = 1e-4;

    private OrtOracle() {
    }

    /** The process-wide ORT environment, logging errors only (old op-set models make ORT warn at length). */
    static OrtEnvironment env() {
        return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    }

    /**
     * Session options for the oracle: one intra-op and one inter-op thread (the build machine is shared) and
     * basic graph optimisations only, so ORT runs the model's own ops (constant folding and redundant-node
     * elimination keep the math) instead of fused contrib kernels that approximate sequences of ops.
     */
    static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(1);
        o.setInterOpNumThreads(1);
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
        o.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        return o;
    }

    /** Runs {@code session} with {@code feeds}; returns every output as a graph tensor, in ORT's order. */
    static Map<String, Tensor> run(OrtSession session, Map<String, Tensor> feeds) throws OrtException {
        OrtEnvironment env = env();
        Map<String, OnnxTensor> in = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Tensor> e : feeds.entrySet()) {
                in.put(e.getKey(), OrtValues.toOrt(env, e.getValue()));
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (OrtSession.Result r = session.run(in)) {
                for (Map.Entry<String, OnnxValue> e : r) {
                    if (!(e.getValue() instanceof OnnxTensor t)) {
                        throw new UnsupportedOperationException("ORT output '" + e.getKey() + "' is a "
                                + e.getValue().getType() + ", not a tensor");
                    }
                    out.put(e.getKey(), OrtValues.tensor(t));
                }
            }
            return out;
        } finally {
            for (OnnxTensor t : in.values()) {
                t.close();
            }
        }
    }

    /**
     * The serialised model of {@code modelFile} with {@code extra} values (node outputs, with their element types)
     * appended as graph outputs, so ORT returns intermediate values too.
     */
    static byte[] withExtraOutputs(Path modelFile, Map<String, DataType> extra) {
        OnnxProtos.ModelProto.Builder m = OnnxFiles.readModel(modelFile).toBuilder();
        OnnxProtos.GraphProto.Builder g = m.getGraphBuilder();
        java.util.Set<String> present = new java.util.HashSet<>();
        g.getOutputList().forEach(o -> present.add(o.getName()));
        extra.forEach((name, type) -> {
            if (present.add(name)) {
                g.addOutput(OnnxProtos.ValueInfoProto.newBuilder().setName(name).setType(OnnxProtos.TypeProto.newBuilder()
                        .setTensorType(OnnxProtos.TypeProto.Tensor.newBuilder().setElemType(type.code()))));
            }
        });
        return m.build().toByteArray();
    }

    /** Copies a class-path resource to a temporary file once (ORT and the importer map files). */
    static Path resourceToTempFile(String resource, Path dir) {
        Path out = dir.resolve(resource);
        try (InputStream in = OrtOracle.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is not on the test class path");
            }
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How one actual tensor (reference runtime) compares with the oracle's (ORT).
     *
     * @param toleranceUse the largest {@code |a-b| / (atol + rtol*|b|)} over the elements: below 1 passes
     */
    record Comparison(String name, boolean matches, double maxAbsError, double toleranceUse, long mismatches, long elements,
                      String detail) {
        @Override
        public String toString() {
            return name + ": " + (matches ? "ok" : "MISMATCH") + ", max |a-b| " + String.format("%.3g", maxAbsError)
                    + (detail.isEmpty() ? "" : ", " + detail);
        }
    }

    static Comparison compare(String name, Tensor actual, Tensor expected) {
        return compare(name, actual, expected, RTOL, ATOL);
    }

    static Comparison compare(String name, Tensor actual, Tensor expected, double rtol, double atol) {
        if (actual == null) {
            return new Comparison(name, false, Double.NaN, Double.NaN, 0, 0, "the reference runtime produced no such output");
        }
        if (actual.type() != expected.type()) {
            return new Comparison(name, false, Double.NaN, Double.NaN, 0, 0, "type " + actual.type().displayName() + " but ORT gives "
                    + expected.type().displayName());
        }
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            return new Comparison(name, false, Double.NaN, Double.NaN, 0, 0, "shape " + Arrays.toString(actual.shape()) + " but ORT gives "
                    + Arrays.toString(expected.shape()));
        }
        if (actual.type() == DataType.STRING) {
            boolean eq = Arrays.equals(actual.strings(), expected.strings());
            return new Comparison(name, eq, eq ? 0 : Double.NaN, eq ? 0 : Double.NaN, eq ? 0 : 1, actual.size(), eq ? "" : "strings differ");
        }
        int n = (int) actual.size();
        double maxAbs = 0;
        double use = 0;
        long bad = 0;
        double worstExcess = -1;
        int worst = -1;
        for (int i = 0; i < n; i++) {
            double a = actual.getDouble(i);
            double b = expected.getDouble(i);
            boolean ok;
            double diff;
            if (Double.isNaN(a) || Double.isNaN(b)) {
                ok = Double.isNaN(a) && Double.isNaN(b);
                diff = ok ? 0 : Double.POSITIVE_INFINITY;
            } else if (Double.isInfinite(a) || Double.isInfinite(b)) {
                ok = a == b;
                diff = ok ? 0 : Double.POSITIVE_INFINITY;
            } else {
                diff = Math.abs(a - b);
                ok = diff <= atol + rtol * Math.abs(b);
            }
            maxAbs = Math.max(maxAbs, diff);
            use = Math.max(use, diff / (atol + rtol * (Double.isFinite(b) ? Math.abs(b) : 0)));
            if (!ok) {
                bad++;
                double excess = diff - (atol + rtol * Math.abs(b));
                if (Double.isNaN(excess)) {
                    excess = Double.POSITIVE_INFINITY; // inf or NaN against a finite value
                }
                if (worst < 0 || excess > worstExcess) {
                    worstExcess = excess;
                    worst = i;
                }
            }
        }
        String detail = bad == 0 ? "" : bad + " of " + n + " elements outside rtol " + rtol + " atol " + atol
                + "; worst at flat index " + worst + ": ours " + actual.getDouble(worst) + " vs ORT " + expected.getDouble(worst);
        return new Comparison(name, bad == 0, maxAbs, use, bad, n, detail);
    }
}
