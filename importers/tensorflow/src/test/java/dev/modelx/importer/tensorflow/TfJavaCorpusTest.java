package dev.modelx.importer.tensorflow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.Corpus;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.graph.io.Npy;
import dev.modelx.runtime.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * Every frozen GraphDef and SavedModel signature of models/tf, run directly in TensorFlow Java (TF 2.18), matches
 * both our import run on the reference runtime and the stored expected/ outputs (made by TF 2.21).
 */
class TfJavaCorpusTest {

    private static final String TF = "models/tf";
    private static final String TAG = "serve";
    private static final double RTOL = 1e-4;
    private static final double ATOL = 1e-5;
    private static final List<String> REPORT = Collections.synchronizedList(new ArrayList<>());

    /** One thing to run: a frozen GraphDef ({@code signature == null}) or one signature of a SavedModel folder. */
    record Subject(String caseName, Path model, String signature) {

        boolean frozen() {
            return signature == null;
        }

        String expectedKey() {
            if (frozen()) {
                String f = model.getFileName().toString();
                return f.substring(0, f.length() - ".pb".length());
            }
            return "signature_" + signature;
        }

        String label() {
            return caseName + "/" + (frozen() ? model.getFileName().toString() : "[" + signature + "]");
        }
    }

    @TestFactory
    Stream<DynamicTest> tfJavaMatchesReferenceRuntimeAndExpected() throws IOException {
        Path root = Corpus.root().resolve(TF);
        Assumptions.assumeTrue(Files.isDirectory(root), Corpus.missingMessage(TF));
        List<Subject> subjects = discover(root);
        assertFalse(subjects.isEmpty(), "no frozen .pb or SavedModel under " + root);
        return subjects.stream().map(s -> DynamicTest.dynamicTest(s.label(), () -> check(root, s)));
    }

    /** Frozen .pb files anywhere under each case folder, and every signature of each SavedModel folder's "serve" meta graph. */
    static List<Subject> discover(Path root) throws IOException {
        List<Subject> out = new ArrayList<>();
        List<Path> cases;
        try (Stream<Path> s = Files.list(root)) {
            cases = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path c : cases) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(c)) {
                files = s.filter(Files::isRegularFile).filter(p -> !p.startsWith(c.resolve("expected"))).sorted().toList();
            }
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.equals("saved_model.pb")) {
                    for (String sig : signatures(f)) {
                        out.add(new Subject(c.getFileName().toString(), f.getParent(), sig));
                    }
                } else if (name.endsWith(".pb")) {
                    out.add(new Subject(c.getFileName().toString(), f, null));
                }
            }
        }
        return out;
    }

    private static TreeSet<String> signatures(Path savedModelPb) throws IOException {
        SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(savedModelPb));
        for (MetaGraphDef mg : sm.getMetaGraphsList()) {
            if (mg.getMetaInfoDef().getTagsList().contains(TAG)) {
                return new TreeSet<>(mg.getSignatureDefMap().keySet());
            }
        }
        throw new AssertionError(savedModelPb + " has no meta graph tagged '" + TAG + "'");
    }

    private static void check(Path root, Subject s) throws IOException {
        Model m;
        try {
            m = s.frozen() ? new TensorFlowImporter().read(s.model(), ImportOptions.defaults())
                    : new TfSavedModelImporter().read(s.model(), ImportOptions.of(Map.of("signature", s.signature())));
        } catch (ModelFormatException e) {
            // The importer refuses signatures fed serialized tf.Example strings by design; anything else is a failure.
            if (!e.getMessage().contains("tf.Example")) {
                throw e;
            }
            String why = s.label() + " skipped, not supported by the importer: " + e.getMessage();
            REPORT.add(why);
            System.out.println("tfjava corpus " + why);
            Assumptions.abort(why);
            return;
        }
        Path expected = root.resolve(s.caseName()).resolve("expected").resolve(s.expectedKey());
        Map<String, Tensor> feeds = feeds(m, expected, s.label().hashCode());
        Map<String, Tensor> reference;
        try (Session session = Session.create(m)) {
            reference = session.runTensors(feeds);
        }
        List<String> outputs = m.graph().outputs().stream().map(ValueInfo::name).toList();
        Map<String, Tensor> tf = s.frozen() ? runFrozen(s.model(), feeds, outputs) : runSignature(s.model(), s.signature(), feeds);

        List<String> failures = new ArrayList<>();
        int withExpected = 0;
        for (String name : outputs) {
            Tensor got = tf.get(name);
            if (got == null) {
                failures.add(name + ": TF Java returned no such output (it returned " + tf.keySet() + ")");
                continue;
            }
            String vsRef = compare(got, reference.get(name), failures, name + " (TF Java vs reference runtime)");
            Path npy = expected.resolve("output_" + TfCorpusTest.fileKey(name) + ".npy");
            String vsExp = "no expected file";
            if (Files.isRegularFile(npy)) {
                vsExp = compare(Npy.read(npy), got, failures, name + " (TF Java vs expected TF 2.21)");
                withExpected++;
            }
            String line = String.format("%-58s %-22s %-14s vs reference %-10s vs expected %s", s.label(), name,
                    got.type().displayName() + Arrays.toString(got.shape()), vsRef, vsExp);
            REPORT.add(line);
            System.out.println("tfjava corpus " + line);
        }
        assertTrue(failures.isEmpty(), s.label() + ":\n  " + String.join("\n  ", failures));
        if (withExpected == 0) {
            System.out.println("tfjava corpus " + s.label() + ": no expected output in " + expected + " (compared with the reference runtime only)");
        }
    }

    /** Stored inputs where expected/ has them, else seeded random values of the declared shape (unknown dims as 1). */
    private static Map<String, Tensor> feeds(Model m, Path expected, long seed) throws IOException {
        Random rnd = new Random(seed);
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (ValueInfo in : m.graph().feedInputs()) {
            Path npy = expected.resolve("input_" + TfCorpusTest.fileKey(in.name()) + ".npy");
            if (Files.isRegularFile(npy)) {
                feeds.put(in.name(), Npy.read(npy));
                continue;
            }
            if (!(in.type() instanceof Type.TensorType t)) {
                throw new AssertionError("input " + in.name() + " is not a tensor: " + in.type());
            }
            long[] shape = t.shape() == null ? new long[0]
                    : t.shape().dims().stream().mapToLong(d -> d.isStatic() ? d.value() : 1).toArray();
            feeds.put(in.name(), random(t.elementType(), shape, rnd, in.name()));
        }
        return feeds;
    }

    private static Tensor random(DataType type, long[] shape, Random rnd, String name) {
        int n = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
        return switch (type) {
            case FLOAT -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) rnd.nextGaussian();
                }
                yield Tensor.ofFloats(shape, v);
            }
            case INT32 -> Tensor.ofInts(shape, rnd.ints(n, 0, 10).toArray());
            case INT64 -> Tensor.ofLongs(shape, rnd.longs(n, 0, 10).toArray());
            case BOOL -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = rnd.nextBoolean();
                }
                yield Tensor.ofBooleans(shape, v);
            }
            default -> throw new AssertionError("no random input of type " + type.displayName() + " for " + name);
        };
    }

    /** Max abs error of {@code got} against {@code want} (same dtype and shape; rtol/atol for floats, exact otherwise). */
    private static String compare(Tensor want, Tensor got, List<String> failures, String what) {
        if (got == null) {
            failures.add(what + ": missing");
            return "missing";
        }
        try {
            OracleCompare.elementwise(what, want, got, RTOL, ATOL);
        } catch (AssertionError e) {
            failures.add(e.getMessage());
        }
        if (want.type() != got.type() || !Arrays.equals(want.shape(), got.shape())) {
            return "MISMATCH";
        }
        double[] w = want.toDoubleArray();
        double[] g = got.toDoubleArray();
        double max = 0;
        for (int i = 0; i < w.length; i++) {
            if (!(Double.isNaN(w[i]) && Double.isNaN(g[i]))) {
                max = Math.max(max, Math.abs(w[i] - g[i]));
            }
        }
        return String.format("%.3g", max);
    }

    private static Map<String, Tensor> runFrozen(Path pb, Map<String, Tensor> feeds, List<String> outputs) {
        GraphDef gd;
        try {
            gd = GraphDef.parseFrom(Files.readAllBytes(pb));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<org.tensorflow.Tensor> fed = new ArrayList<>();
        try (Graph g = new Graph()) {
            try {
                g.importGraphDef(gd);
            } catch (RuntimeException e) {
                throw new AssertionError("TF Java cannot import the GraphDef " + pb + ": " + e, e);
            }
            try (org.tensorflow.Session session = new org.tensorflow.Session(g)) {
                org.tensorflow.Session.Runner r = session.runner();
                for (Map.Entry<String, Tensor> e : feeds.entrySet()) {
                    org.tensorflow.Tensor t = TfJavaTensors.toTf(e.getValue());
                    fed.add(t);
                    r.feed(e.getKey(), t);
                }
                outputs.forEach(r::fetch);
                Map<String, Tensor> out = new LinkedHashMap<>();
                try (Result res = r.run()) {
                    for (int i = 0; i < outputs.size(); i++) {
                        out.put(outputs.get(i), TfJavaTensors.fromTf(res.get(i)));
                    }
                }
                return out;
            } catch (RuntimeException e) {
                throw new AssertionError("TF Java cannot run " + pb + " (fetching " + outputs + "): " + e, e);
            }
        } finally {
            fed.forEach(org.tensorflow.Tensor::close);
        }
    }

    private static Map<String, Tensor> runSignature(Path dir, String signature, Map<String, Tensor> feeds) {
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.load(dir.toString(), TAG);
        } catch (RuntimeException e) {
            throw new AssertionError("TF Java cannot load the SavedModel " + dir + " (tag " + TAG + "): " + e, e);
        }
        Map<String, org.tensorflow.Tensor> args = new LinkedHashMap<>();
        try (bundle) {
            feeds.forEach((k, v) -> args.put(k, TfJavaTensors.toTf(v)));
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (Result res = bundle.function(signature).call(args)) {
                for (Map.Entry<String, org.tensorflow.Tensor> e : res) {
                    out.put(e.getKey(), TfJavaTensors.fromTf(e.getValue()));
                }
            } catch (RuntimeException e) {
                throw new AssertionError("TF Java cannot run signature '" + signature + "' of " + dir + ": " + e, e);
            }
            return out;
        } finally {
            args.values().forEach(org.tensorflow.Tensor::close);
        }
    }

    @AfterAll
    static void printSummary() {
        if (!REPORT.isEmpty()) {
            System.out.println("TF Java (2.18) corpus summary, max abs errors:\n  " + String.join("\n  ", REPORT));
        }
    }
}
