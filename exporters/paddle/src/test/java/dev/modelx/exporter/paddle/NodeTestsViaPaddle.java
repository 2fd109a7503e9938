package dev.modelx.exporter.paddle;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.UnsupportedOpsException;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.importer.onnx.OnnxImporter;
import dev.modelx.importer.onnx.OnnxValues;
import dev.modelx.importer.paddle.PaddleImporter;
import dev.modelx.importer.paddle.PaddlePirImporter;
import dev.modelx.runtime.Session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One ONNX backend node test through Paddle: the ONNX model is exported as a Paddle program (legacy or PIR),
 * read back by the Paddle importer, run on the reference runtime with the test's inputs, and compared with
 * the stored outputs at onnx's default tolerance (rtol 1e-3, atol 1e-7).
 * UNSUPPORTED: the exporter refuses the model (an op without emitter, or one whose attributes have no Paddle
 * equivalent). SKIPPED: the test is not about tensors the exporter could carry (sequences, optionals, maps,
 * no data sets, a model the ONNX importer cannot read). Everything after a successful export that does not
 * reproduce the expected outputs is FAILED.
 */
final class NodeTestsViaPaddle {

    static final double RTOL = 1e-3, ATOL = 1e-7;

    enum Status { PASSED, FAILED, UNSUPPORTED, SKIPPED }

    record Result(String name, Status status, String reason) {
    }

    enum Via { PADDLE, PIR }

    private NodeTestsViaPaddle() {
    }

    static Path nodeRoot() {
        return dev.modelx.graph.io.Corpus.onnxBackendTests().resolve("node");
    }

    static List<Path> cases(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    static Result run(Path dir, Via via, Path work) {
        String name = dir.getFileName().toString();
        Model model;
        List<Path> dataSets;
        try {
            model = new OnnxImporter().read(dir.resolve("model.onnx"), ImportOptions.defaults());
            try (Stream<Path> s = Files.list(dir)) {
                dataSets = s.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
            }
        } catch (Exception | StackOverflowError e) {
            return new Result(name, Status.SKIPPED, "onnx import: " + e.getMessage());
        }
        if (dataSets.isEmpty()) {
            return new Result(name, Status.SKIPPED, "no data sets");
        }
        for (ValueInfo v : concat(model.graph().feedInputs(), model.graph().outputs())) {
            if (!(v.type() instanceof Type.TensorType tt) || tt.elementType() == DataType.STRING) {
                return new Result(name, Status.SKIPPED, "'" + v.name() + "' is " + v.type() + ", not a numeric tensor");
            }
        }
        Path out = work.resolve(name + (via == Via.PIR ? "-pir" : ""));
        try {
            if (via == Via.PIR) {
                new PaddlePirExporter().write(model, out, ExportOptions.defaults());
            } else {
                new PaddleExporter().write(model, out, ExportOptions.defaults());
            }
        } catch (UnsupportedOpsException e) {
            return new Result(name, Status.UNSUPPORTED, "no emitter: " + String.join(", ", e.sortedOps()));
        } catch (ModelFormatException e) {
            if (e.getCause() == null || e.getCause() instanceof IllegalArgumentException) {
                return new Result(name, Status.UNSUPPORTED, "refused: " + e.getMessage());
            }
            return new Result(name, Status.FAILED, "export: " + e.getMessage() + " (" + e.getCause() + ")");
        } catch (Exception | StackOverflowError e) {
            return new Result(name, Status.FAILED, "export: " + e);
        }
        try {
            Model back = via == Via.PIR ? new PaddlePirImporter().read(out, ImportOptions.defaults())
                    : new PaddleImporter().read(out, ImportOptions.defaults());
            try (Session s = Session.create(back)) {
                for (Path ds : dataSets) {
                    String problem = runDataSet(model, s, ds);
                    if (problem != null) {
                        return new Result(name, Status.FAILED, ds.getFileName() + ": " + problem);
                    }
                }
            }
            return new Result(name, Status.PASSED, null);
        } catch (Exception | StackOverflowError e) {
            return new Result(name, Status.FAILED, "after export: " + e);
        } finally {
            deleteTree(out);
        }
    }

    private static List<ValueInfo> concat(List<ValueInfo> a, List<ValueInfo> b) {
        List<ValueInfo> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    private static String runDataSet(Model original, Session s, Path ds) {
        List<ValueInfo> ins = original.graph().feedInputs();
        List<String> names = s.inputNames();
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int n = 0; Files.isRegularFile(ds.resolve("input_" + n + ".pb")); n++) {
            if (n >= ins.size() || n >= names.size()) {
                return "input_" + n + ".pb has no graph input";
            }
            feeds.put(names.get(n), (Tensor) OnnxValues.read(ds.resolve("input_" + n + ".pb"), ins.get(n).type()));
        }
        Map<String, Tensor> actual = s.runTensors(feeds);
        List<String> outs = s.outputNames();
        for (int n = 0; Files.isRegularFile(ds.resolve("output_" + n + ".pb")); n++) {
            Tensor e = (Tensor) OnnxValues.read(ds.resolve("output_" + n + ".pb"), original.graph().outputs().get(n).type());
            Tensor a = actual.get(outs.get(n));
            String p = compare(e, a);
            if (p != null) {
                return "output " + n + ": " + p;
            }
        }
        return null;
    }

    /** Null when {@code a} matches {@code e}: same shape and element type, values within onnx's default tolerance. */
    static String compare(Tensor e, Tensor a) {
        if (a == null) {
            return "missing";
        }
        if (!Arrays.equals(e.shape(), a.shape())) {
            return "shape " + Arrays.toString(a.shape()) + ", expected " + Arrays.toString(e.shape());
        }
        if (e.type() != a.type()) {
            return "element type " + a.type().displayName() + ", expected " + e.type().displayName();
        }
        double[] x = e.toDoubleArray(), y = a.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            boolean same = Double.compare(x[i], y[i]) == 0 || Double.isNaN(x[i]) && Double.isNaN(y[i])
                    || Math.abs(x[i] - y[i]) <= ATOL + RTOL * Math.abs(x[i]);
            if (!same) {
                return "element " + i + " is " + y[i] + ", expected " + x[i];
            }
        }
        return null;
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException ignored) {
            // a temp folder JUnit removes anyway
        }
    }

    /** Counts by status and, for unsupported cases, by missing op. */
    static String summary(List<Result> rs, boolean details) {
        Map<Status, Integer> counts = new TreeMap<>();
        Map<String, Integer> missing = new TreeMap<>();
        for (Result r : rs) {
            counts.merge(r.status(), 1, Integer::sum);
            if (r.status() == Status.UNSUPPORTED && r.reason().startsWith("no emitter: ")) {
                for (String op : r.reason().substring(12).split(", ")) {
                    missing.merge(op, 1, Integer::sum);
                }
            }
        }
        StringBuilder b = new StringBuilder(counts.toString());
        if (details) {
            b.append("\nmissing emitters (cases): ").append(missing);
            TreeSet<String> lines = new TreeSet<>();
            for (Result r : rs) {
                if (r.status() == Status.FAILED || r.status() == Status.UNSUPPORTED && !r.reason().startsWith("no emitter")) {
                    lines.add(r.status() + " " + r.name() + ": " + r.reason());
                }
            }
            lines.forEach(l -> b.append('\n').append(l));
        }
        return b.toString();
    }

    /** The full run: {@code java ... NodeTestsViaPaddle [paddle|pir] [name-filter]}. */
    public static void main(String[] args) throws Exception {
        Via via = args.length > 0 && args[0].equals("pir") ? Via.PIR : Via.PADDLE;
        String filter = args.length > 1 ? args[1] : "";
        Path work = Files.createTempDirectory("node-via-paddle");
        List<Result> rs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Path c : cases(nodeRoot())) {
            if (c.getFileName().toString().contains(filter)) {
                rs.add(run(c, via, work));
            }
        }
        deleteTree(work);
        System.out.println("via " + via + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + summary(rs, true));
    }
}
