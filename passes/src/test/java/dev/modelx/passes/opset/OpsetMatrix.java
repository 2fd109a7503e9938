package dev.modelx.passes.opset;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Domains;
import dev.modelx.graph.Model;
import dev.modelx.graph.SparseTensor;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.graph.validate.ModelValidator;
import dev.modelx.graph.validate.Problem;
import dev.modelx.exporter.onnx.OnnxExporter;
import dev.modelx.importer.onnx.OnnxImporter;
import dev.modelx.importer.onnx.OnnxValues;
import dev.modelx.runtime.Session;
import dev.modelx.runtime.SparseTensors;
import dev.modelx.runtime.value.MapValue;
import dev.modelx.runtime.value.OptionalValue;
import dev.modelx.runtime.value.SequenceValue;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The op-set conversion matrix: every ONNX backend node test converted to every target op set, checked by the
 * model validator (no new problems), written to ONNX and read back, run on the reference runtime with the
 * stored inputs and compared with the stored expected outputs (onnx's rule {@code |a - e| <= atol + rtol * |e|},
 * rtol 1e-3, atol 1e-7, NaN equal to NaN). A test whose model does not pass at its own op set (random ops,
 * undecodable images) is left out and counted as such.
 */
final class OpsetMatrix {

    static final double RTOL = 1e-3;
    static final double ATOL = 1e-7;

    enum Status { PASS, FAIL, REFUSED }

    /** One backend test: its model and data sets, loaded once for all targets (a light model: its .onnx file). */
    record Case(String name, Path dir) {
        Path model() {
            return Files.isDirectory(dir) ? dir.resolve("model.onnx") : dir;
        }
    }

    record Outcome(String test, int target, Status status, String reason, List<String> blockingOps) {
    }

    /** Per-test result: excluded (baseline failed) or the outcome per target. */
    record TestResult(String test, int nativeOpset, String excluded, List<Outcome> outcomes) {
    }

    private OpsetMatrix() {
    }

    /** The node tests under {@code root} (the onnx-backend-tests folder) whose name matches {@code filter}. */
    static List<Case> cases(Path root, Pattern filter) {
        return cases(root, "node", filter);
    }

    /** The tests of one corpus folder ({@code node}, {@code simple}, {@code pytorch-converted}, ...). */
    static List<Case> cases(Path root, String folder, Pattern filter) {
        Path node = root.resolve(folder);
        if (!Files.isDirectory(node)) {
            return List.of();
        }
        List<Case> out = new ArrayList<>();
        try (var s = Files.list(node)) {
            for (Path d : s.sorted().toList()) {
                String name = d.getFileName().toString();
                if (folder.equals("light") && name.endsWith(".onnx")) {
                    String stem = name.substring(0, name.length() - 5);
                    if (filter == null || filter.matcher(stem).find()) {
                        out.add(new Case(stem, d));
                    }
                    continue;
                }
                if (Files.isRegularFile(d.resolve("model.onnx")) && (filter == null || filter.matcher(name).find())) {
                    out.add(new Case(name, d));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private record DataSet(Map<String, Value> feeds, List<Value> expected) {
    }

    /** Runs one test at every target in {@code targets}. */
    static TestResult run(Case c, List<Integer> targets, long timeoutSeconds, ExecutorService pool) {
        Model model;
        List<DataSet> data;
        try {
            model = new OnnxImporter().read(c.model(), ImportOptions.defaults());
            data = Files.isDirectory(c.dir()) ? dataSets(c.dir(), model) : lightData(c.dir(), model);
        } catch (RuntimeException e) {
            return new TestResult(c.name(), -1, "cannot read: " + reason(e), List.of());
        }
        int nativeOpset = model.opset(Domains.ONNX).map(Long::intValue).orElse(-1);
        if (data.isEmpty()) {
            return new TestResult(c.name(), nativeOpset, "no test data", List.of());
        }
        String base = timed(() -> check(model, data), timeoutSeconds, pool);
        if (base != null) {
            return new TestResult(c.name(), nativeOpset, "fails at its own op set " + nativeOpset + ": " + base, List.of());
        }
        int problemsBefore = ModelValidator.problems(model).size();
        int schemaProblemsBefore = SchemaCheck.problems(model).size();
        List<Outcome> outcomes = new ArrayList<>();
        for (int t : targets) {
            Model converted;
            try {
                converted = OpsetConverter.convert(model, t);
            } catch (OpsetConversionException e) {
                String first = e.blockers().isEmpty() ? e.getMessage() : e.blockers().get(0).reason();
                outcomes.add(new Outcome(c.name(), t, Status.REFUSED, first, e.blockingOps()));
                continue;
            } catch (RuntimeException | StackOverflowError e) {
                outcomes.add(new Outcome(c.name(), t, Status.FAIL, "converter error: " + reason(e), List.of()));
                continue;
            }
            String why = null;
            List<Problem> problems = ModelValidator.problems(converted);
            if (problems.size() > problemsBefore) {
                why = "invalid after conversion: " + problems.get(problems.size() - 1);
            }
            List<String> schema = SchemaCheck.problems(converted);
            if (why == null && schema.size() > schemaProblemsBefore) {
                why = "does not fit op set " + t + ": " + schema.get(0);
            }
            Model reread = null;
            if (why == null) {
                try {
                    reread = new OnnxImporter().read(new OnnxExporter().toBytes(converted), c.name() + "@" + t + ".onnx");
                } catch (RuntimeException e) {
                    why = "ONNX round trip: " + reason(e);
                }
            }
            if (why == null) {
                Model m = reread;
                why = timed(() -> check(m, data), timeoutSeconds, pool);
            }
            outcomes.add(new Outcome(c.name(), t, why == null ? Status.PASS : Status.FAIL, why, List.of()));
        }
        return new TestResult(c.name(), nativeOpset, null, outcomes);
    }

    private interface Check {
        String run();
    }

    private static String timed(Check check, long seconds, ExecutorService pool) {
        if (pool == null) {
            return check.run();
        }
        Future<String> f = pool.submit(check::run);
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return "timed out after " + seconds + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (java.util.concurrent.ExecutionException e) {
            return reason(e.getCause());
        }
    }

    /** Null when the model reproduces every data set's expected outputs, else why not. */
    static String check(Model model, List<DataSet> data) {
        try (Session session = Session.create(model)) {
            List<ValueInfo> outputs = model.graph().outputs();
            for (int k = 0; k < data.size(); k++) {
                DataSet d = data.get(k);
                Map<String, Value> actual = session.run(d.feeds());
                for (int i = 0; i < d.expected().size() && i < outputs.size(); i++) {
                    String name = outputs.get(i).name();
                    String m = compare("output " + i + " '" + name + "'", d.expected().get(i), actual.get(name));
                    if (m != null) {
                        return (data.size() > 1 ? "data set " + k + ": " : "") + m;
                    }
                }
            }
            return null;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return reason(e);
        }
    }

    static String reason(Throwable t) {
        String m = t.getMessage();
        String s = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
        s = s.replaceAll("\\s*\\R\\s*", " ").strip();
        return s.length() > 400 ? s.substring(0, 397) + "..." : s;
    }

    // ---- data ----

    private static List<DataSet> dataSets(Path dir, Model model) {
        List<DataSet> out = new ArrayList<>();
        try (var s = Files.list(dir)) {
            for (Path d : s.filter(p -> p.getFileName().toString().startsWith("test_data_set")).sorted().toList()) {
                Map<String, Value> feeds = new LinkedHashMap<>();
                List<ValueInfo> inputs = model.graph().feedInputs();
                for (int n = 0; Files.isRegularFile(d.resolve("input_" + n + ".pb")); n++) {
                    ValueInfo in = inputs.get(n);
                    feeds.put(in.name(), toValue(OnnxValues.read(d.resolve("input_" + n + ".pb"), in.type()), in.type()));
                }
                List<Value> expected = new ArrayList<>();
                List<ValueInfo> outputs = model.graph().outputs();
                for (int n = 0; Files.isRegularFile(d.resolve("output_" + n + ".pb")); n++) {
                    Type t = n < outputs.size() ? outputs.get(n).type() : null;
                    expected.add(toValue(OnnxValues.read(d.resolve("output_" + n + ".pb"), t), t));
                }
                out.add(new DataSet(feeds, expected));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A light model's data: arange(n).reshape(shape) / n float inputs (unknown dimensions 1), output_0 beside it. */
    private static List<DataSet> lightData(Path modelFile, Model model) {
        Map<String, Value> feeds = new LinkedHashMap<>();
        for (ValueInfo in : model.graph().feedInputs()) {
            Type.TensorType tt = (Type.TensorType) in.type();
            long[] shape = new long[tt.shape().rank()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = tt.shape().dim(i).isStatic() ? tt.shape().dim(i).value() : 1;
            }
            int n = (int) Tensor.elementCount(shape);
            float[] data = new float[n];
            for (int i = 0; i < n; i++) {
                data[i] = (float) ((double) i / n);
            }
            feeds.put(in.name(), new TensorValue(Tensor.ofFloats(shape, data)));
        }
        String stem = modelFile.getFileName().toString().replace(".onnx", "");
        Path expected = modelFile.resolveSibling(stem + "_output_0.pb");
        Type t = model.graph().outputs().get(0).type();
        return List.of(new DataSet(feeds, List.of(toValue(OnnxValues.read(expected, t), t))));
    }

    static Value toValue(Object v, Type declared) {
        if (v instanceof Tensor t) {
            return new TensorValue(t);
        }
        if (v instanceof SparseTensor s) {
            return new TensorValue(SparseTensors.densify(s));
        }
        if (v instanceof List<?> list) {
            Type element = declared instanceof Type.SequenceType st ? st.elementType() : null;
            List<Value> items = new ArrayList<>();
            for (Object o : list) {
                items.add(toValue(o, element));
            }
            return new SequenceValue(element, items);
        }
        if (v instanceof Optional<?> o) {
            Type element = declared instanceof Type.OptionalType ot ? ot.elementType() : null;
            return new OptionalValue(element, o.isPresent() ? toValue(o.get(), element) : null);
        }
        if (v instanceof Map<?, ?> map) {
            boolean stringKeys = !map.isEmpty() && map.keySet().iterator().next() instanceof String;
            long[] shape = {map.size()};
            Tensor keys = stringKeys ? Tensor.ofStrings(shape, map.keySet().stream().map(String::valueOf).toArray(String[]::new))
                    : Tensor.ofLongs(shape, map.keySet().stream().mapToLong(k -> ((Number) k).longValue()).toArray());
            Type valueType = declared instanceof Type.MapType mt ? mt.valueType() : null;
            List<Value> values = new ArrayList<>();
            for (Object o : map.values()) {
                values.add(toValue(o, valueType));
            }
            return new MapValue(keys, new SequenceValue(valueType, values));
        }
        throw new IllegalArgumentException("Not an ONNX value: " + v);
    }

    // ---- comparison ----

    /** Null when {@code actual} matches {@code expected}, else why not. */
    static String compare(String what, Value expected, Value actual) {
        if (actual == null) {
            return what + ": not produced";
        }
        if (expected instanceof TensorValue e && actual instanceof TensorValue a) {
            return compareTensors(what, e.tensor(), a.tensor());
        }
        if (expected instanceof SequenceValue e && actual instanceof SequenceValue a) {
            if (e.items().size() != a.items().size()) {
                return what + ": expected " + e.items().size() + " sequence items, got " + a.items().size();
            }
            for (int i = 0; i < e.items().size(); i++) {
                String m = compare(what + "[" + i + "]", e.items().get(i), a.items().get(i));
                if (m != null) {
                    return m;
                }
            }
            return null;
        }
        if (expected instanceof OptionalValue e && actual instanceof OptionalValue a) {
            if (e.isPresent() != a.isPresent()) {
                return what + ": expected " + e.describe() + ", got " + a.describe();
            }
            return e.isPresent() ? compare(what, e.value(), a.value()) : null;
        }
        if (expected instanceof MapValue e && actual instanceof MapValue a) {
            String m = compareTensors(what + " keys", e.keys(), a.keys());
            return m != null ? m : compare(what + " values", e.values(), a.values());
        }
        return what + ": expected " + expected.describe() + ", got " + actual.describe();
    }

    static String compareTensors(String what, Tensor e, Tensor a) {
        if (e.type() != a.type()) {
            return what + ": expected " + e.type().displayName() + ", got " + a.type().displayName();
        }
        if (!java.util.Arrays.equals(e.shape(), a.shape())) {
            return what + ": expected shape " + java.util.Arrays.toString(e.shape()) + ", got " + java.util.Arrays.toString(a.shape());
        }
        DataType t = e.type();
        int n = (int) e.size();
        if (t == DataType.STRING) {
            return java.util.Arrays.equals(e.strings(), a.strings()) ? null : what + ": strings differ";
        }
        if (t.isComplex()) {
            float[] ef = t == DataType.COMPLEX64 ? e.floats() : null;
            double[] ed = ef == null ? e.doubles() : null;
            int len = ef != null ? ef.length : ed.length;
            for (int i = 0; i < len; i++) {
                double x = ef != null ? ef[i] : ed[i];
                double y = ef != null ? a.floats()[i] : a.doubles()[i];
                if (!close(x, y)) {
                    return what + ": element " + i / 2 + " expected " + x + ", got " + y;
                }
            }
            return null;
        }
        if (t.isFloatingPoint()) {
            for (int i = 0; i < n; i++) {
                double x = e.getDouble(i);
                double y = a.getDouble(i);
                if (!close(x, y)) {
                    return what + ": element " + i + " expected " + x + ", got " + y + " (|diff| " + Math.abs(x - y) + ")";
                }
            }
            return null;
        }
        for (int i = 0; i < n; i++) {
            if (e.getLong(i) != a.getLong(i)) {
                return what + ": element " + i + " expected " + e.getLong(i) + ", got " + a.getLong(i);
            }
        }
        return null;
    }

    static boolean close(double e, double a) {
        if (Double.isNaN(e) || Double.isNaN(a)) {
            return Double.isNaN(e) && Double.isNaN(a);
        }
        if (Double.isInfinite(e) || Double.isInfinite(a)) {
            return e == a;
        }
        return Math.abs(a - e) <= ATOL + RTOL * Math.abs(e);
    }

    // ---- the whole matrix ----

    /** Counts per target op set. */
    static final class Table {
        final TreeMap<Integer, int[]> counts = new TreeMap<>();
        final List<TestResult> results = new ArrayList<>();

        synchronized void add(TestResult r) {
            results.add(r);
            for (Outcome o : r.outcomes()) {
                counts.computeIfAbsent(o.target(), k -> new int[3])[o.status().ordinal()]++;
            }
        }

        int total(Status s) {
            return counts.values().stream().mapToInt(c -> c[s.ordinal()]).sum();
        }

        long excluded() {
            return results.stream().filter(r -> r.excluded() != null).count();
        }

        String render() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("%-7s %9s %9s %9s %7s%n", "target", "passed", "failed", "refused", "pass%"));
            for (Map.Entry<Integer, int[]> e : counts.entrySet()) {
                int[] c = e.getValue();
                int conv = c[0] + c[1];
                sb.append(String.format("%-7d %9d %9d %9d %6.1f%%%n", e.getKey(), c[0], c[1], c[2], conv == 0 ? 0 : 100.0 * c[0] / conv));
            }
            int p = total(Status.PASS);
            int f = total(Status.FAIL);
            sb.append(String.format("%-7s %9d %9d %9d %6.1f%%%n", "all", p, f, total(Status.REFUSED), p + f == 0 ? 0 : 100.0 * p / (p + f)));
            sb.append(results.size()).append(" tests, ").append(excluded()).append(" left out (they fail at their own op set)\n");
            return sb.toString();
        }
    }

    /** Runs {@code cases} on {@code threads} workers; {@code progress} hears each finished test. */
    static Table runAll(List<Case> cases, List<Integer> targets, int threads, long timeoutSeconds, Consumer<TestResult> progress) {
        Table table = new Table();
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, threads), daemon("opset-matrix"));
        ExecutorService runners = Executors.newCachedThreadPool(daemon("opset-run"));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Case c : cases) {
                futures.add(workers.submit(() -> {
                    TestResult r = run(c, targets, timeoutSeconds, runners);
                    table.add(r);
                    if (progress != null) {
                        progress.accept(r);
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        } finally {
            workers.shutdownNow();
            runners.shutdownNow();
        }
        table.results.sort(java.util.Comparator.comparing(TestResult::test));
        return table;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
