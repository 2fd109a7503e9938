package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import org.tensorflow.Graph;
import org.tensorflow.RawTensor;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs exported models in TensorFlow Java (the judge): a frozen GraphDef or a SavedModel's serving_default. */
final class TfJava {

    private TfJava() {
    }

    /** Feeds and fetches TF tensors by name ({@code node} or {@code node:i}). */
    static Map<String, Tensor> runGraphDef(Path pb, Map<String, Tensor> feeds, List<String> fetches) throws IOException {
        try (Graph g = new Graph()) {
            g.importGraphDef(GraphDef.parseFrom(Files.readAllBytes(pb)));
            try (Session s = new Session(g)) {
                return run(s, feeds, fetches);
            }
        }
    }

    /** Feeds and fetches by signature key. */
    static Map<String, Tensor> runSavedModel(Path dir, Map<String, Tensor> feeds, List<String> outputs) {
        try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), "serve")) {
            Signature sig = b.signatures().stream().filter(s -> s.key().equals("serving_default")).findFirst()
                    .orElseThrow(() -> new AssertionError("no serving_default signature"));
            Map<String, Tensor> named = new LinkedHashMap<>();
            feeds.forEach((k, v) -> named.put(sig.getInputs().get(k).name, v));
            List<String> fetch = new ArrayList<>();
            for (String o : outputs) {
                fetch.add(sig.getOutputs().get(o).name);
            }
            Map<String, Tensor> got = run(b.session(), named, fetch);
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (int i = 0; i < outputs.size(); i++) {
                out.put(outputs.get(i), got.get(fetch.get(i)));
            }
            return out;
        }
    }

    private static Map<String, Tensor> run(Session s, Map<String, Tensor> feeds, List<String> fetches) {
        List<org.tensorflow.Tensor> owned = new ArrayList<>();
        try {
            Session.Runner r = s.runner();
            for (Map.Entry<String, Tensor> e : feeds.entrySet()) {
                org.tensorflow.Tensor t = toTf(e.getValue());
                owned.add(t);
                r.feed(e.getKey(), t);
            }
            fetches.forEach(r::fetch);
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (Result res = r.run()) {
                for (int i = 0; i < fetches.size(); i++) {
                    out.put(fetches.get(i), fromTf(res.get(i)));
                }
            }
            return out;
        } finally {
            owned.forEach(org.tensorflow.Tensor::close);
        }
    }

    private static Class<? extends TType> tfType(DataType t) {
        return switch (t) {
            case FLOAT -> TFloat32.class;
            case DOUBLE -> TFloat64.class;
            case INT32 -> TInt32.class;
            case INT64 -> TInt64.class;
            case UINT8 -> TUint8.class;
            case BOOL -> TBool.class;
            default -> throw new IllegalArgumentException("no TF Java feed for " + t.displayName());
        };
    }

    static org.tensorflow.Tensor toTf(Tensor t) {
        if (t.type() == DataType.STRING) {
            return TString.tensorOf(Shape.of(t.shape()), DataBuffers.ofObjects(t.strings()));
        }
        ByteBuffer packed = t.packedBytes();
        byte[] bytes = new byte[packed.remaining()];
        packed.duplicate().get(bytes);
        return org.tensorflow.Tensor.of(tfType(t.type()), Shape.of(t.shape()), DataBuffers.of(bytes, true, false));
    }

    static Tensor fromTf(org.tensorflow.Tensor x) {
        String name = x.dataType().name();
        if (name.equals("DT_STRING")) {
            TString ts = (TString) x;
            List<String> v = new ArrayList<>();
            ts.scalars().forEach(e -> v.add(e.getObject()));
            long[] shape = x.shape().asArray();
            return Tensor.ofStrings(shape == null ? new long[0] : shape, v.toArray(String[]::new));
        }
        DataType type = switch (name) {
            case "DT_FLOAT" -> DataType.FLOAT;
            case "DT_DOUBLE" -> DataType.DOUBLE;
            case "DT_INT32" -> DataType.INT32;
            case "DT_INT64" -> DataType.INT64;
            case "DT_UINT8" -> DataType.UINT8;
            case "DT_INT8" -> DataType.INT8;
            case "DT_BOOL" -> DataType.BOOL;
            case "DT_HALF" -> DataType.FLOAT16;
            default -> throw new IllegalArgumentException("TF output of type " + name);
        };
        long[] shape = x.shape().asArray();
        RawTensor raw = x.asRawTensor();
        ByteDataBuffer data = raw.data();
        byte[] bytes = new byte[(int) data.size()];
        data.read(bytes);
        return Tensor.fromPacked(type, shape == null ? new long[0] : shape, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    }
}
