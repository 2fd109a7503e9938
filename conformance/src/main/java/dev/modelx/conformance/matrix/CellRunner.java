package dev.modelx.conformance.matrix;

import dev.modelx.conformance.BackendCase;
import dev.modelx.conformance.FailureReasons;
import dev.modelx.conformance.OpsUnderTest;
import dev.modelx.conformance.RandomChecks;
import dev.modelx.conformance.TestValues;
import dev.modelx.conformance.Tolerance;
import dev.modelx.conformance.Tolerances;
import dev.modelx.format.onnx.OnnxFiles;
import dev.modelx.format.onnx.proto.OnnxProtos.ModelProto;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.UnsupportedOpsException;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.Formats;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.graph.io.Npy;
import dev.modelx.importer.onnx.OnnxImporter;
import dev.modelx.runtime.Session;
import dev.modelx.runtime.SessionOptions;
import dev.modelx.runtime.Tensors;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;
import dev.modelx.verify.Bisection;
import dev.modelx.verify.Bisector;
import dev.modelx.verify.Comparator;
import dev.modelx.verify.Comparison;
import dev.modelx.verify.InputSynthesizer;
import dev.modelx.verify.ModelSource;
import dev.modelx.verify.NameMatching;
import dev.modelx.verify.Provenances;
import dev.modelx.verify.ToleranceSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one cell of the matrix in the calling thread: the source model on the reference runtime (once per model, shared
 * by its cells), then for the cell's direction: export to the target format in a folder of the cell's own, read the
 * written model back with the target's importer, run it on the same inputs, and compare every output with the
 * source's (and, for backend tests, with the stored expected outputs). A mismatch is bisected to the first diverging
 * node when that is cheap (not for heavy models).
 */
final class CellRunner {

    /** Seed of generated inputs and of the runtime's random ops. */
    static final long SEED = 1;

    /** Symbolic dimensions bound for generated inputs (others are 1, image height and width 64). */
    static final Map<String, Long> DIMS = Map.of("sequence", 8L, "sequence_length", 8L, "seq_len", 8L);

    private final ToleranceSpec tolerance;
    private final boolean bisect;
    private final Tolerances backendTolerances = Tolerances.bundled();
    private final Map<String, Slot> sources = new ConcurrentHashMap<>();

    private final BiConsumer<Direction, Model> tamper;

    /** {@code tamper} (tests only, may be null) changes each re-imported model before it runs. */
    CellRunner(ToleranceSpec tolerance, boolean bisect, BiConsumer<Direction, Model> tamper) {
        this.tolerance = tolerance;
        this.bisect = bisect;
        this.tamper = tamper;
    }

    /** The source model's run, computed by the first of its cells and shared with the others. */
    private static final class Slot {
        final FutureTask<SourceRun> task;
        final AtomicInteger pending;

        Slot(FutureTask<SourceRun> task, int cells) {
            this.task = task;
            this.pending = new AtomicInteger(cells);
        }
    }

    /**
     * The source model as run on the reference runtime.
     *
     * @param ops               op types, the op under test first
     * @param feeds             the inputs, by the source's names
     * @param outputs           the source's outputs
     * @param expected          backend tests: the stored expected outputs in graph-output order, else null
     * @param expectedTolerance their tolerance (onnx's: rtol 1e-3, atol 1e-7, or the test's override)
     * @param expectedNote      why the converted model is not compared with them (the source itself differs), or null
     * @param random            the random ops the source runs
     * @param unsupported       the source's importer or the runtime does not cover an op, or null
     * @param error             why the source could not be run, or null
     */
    record SourceRun(List<String> ops, Map<String, Value> feeds, Map<String, Value> outputs, List<Value> expected,
                     ToleranceSpec expectedTolerance, String expectedNote, Set<String> random, UnsupportedOpsException unsupported,
                     String error) {

        static SourceRun failed(List<String> ops, UnsupportedOpsException u, String error) {
            return new SourceRun(ops, Map.of(), Map.of(), null, null, null, Set.of(), u, error);
        }
    }

    /** Announces that {@code model} has {@code cells} cells to run; its source run is kept until the last ends. */
    void register(MatrixModel model, int cells) {
        sources.put(model.id(), new Slot(new FutureTask<>(() -> runSource(model)), cells));
    }

    /** Runs the cell of {@code model} in {@code direction}, writing into {@code dir}; {@code opsFound} hears the ops early. */
    MatrixCase run(MatrixModel model, Direction direction, Path dir, Consumer<List<String>> opsFound) {
        long start = System.nanoTime();
        Cell c = new Cell(model, direction, start);
        try {
            SourceRun src = source(model);
            c.ops = src.ops();
            opsFound.accept(c.ops);
            if (src.unsupported() != null) {
                c.unsupported = src.unsupported().sortedOps();
                return c.result(MatrixStatus.UNSUPPORTED, "source: " + FailureReasons.oneLine(src.unsupported()));
            }
            if (src.error() != null) {
                return c.result(MatrixStatus.ERROR, src.error());
            }
            return convertAndCompare(c, src, dir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return c.result(MatrixStatus.ERROR, "interrupted");
        } catch (ThreadDeath d) {
            throw d;
        } catch (Throwable t) {
            return c.result(MatrixStatus.ERROR, c.stage + ": " + FailureReasons.oneLine(t));
        } finally {
            Slot s = sources.get(model.id());
            if (s != null && s.pending.decrementAndGet() <= 0) {
                sources.remove(model.id());
            }
        }
    }

    /** What one cell has found so far. */
    private static final class Cell {
        final MatrixModel model;
        final Direction direction;
        final long start;
        String stage = "source";
        List<String> ops = List.of();
        List<String> unsupported = List.of();
        double maxAbs = Double.NaN;
        double maxRel = Double.NaN;
        double expectedAbs = Double.NaN;
        String divergenceNode;
        String divergenceOp;

        Cell(MatrixModel model, Direction direction, long start) {
            this.model = model;
            this.direction = direction;
            this.start = start;
        }

        MatrixCase result(MatrixStatus status, String reason) {
            return new MatrixCase(model.id(), model.group(), direction, ops, status, maxAbs, maxRel, reason, unsupported, divergenceNode,
                    divergenceOp, expectedAbs, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private SourceRun source(MatrixModel model) throws InterruptedException {
        Slot s = sources.computeIfAbsent(model.id(), k -> new Slot(new FutureTask<>(() -> runSource(model)), 1));
        s.task.run(); // runs it here unless another cell has started it
        try {
            return s.task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return SourceRun.failed(List.of(), null, cause instanceof ThreadDeath
                    ? "source: stopped (its run in another cell of this model timed out)" : "source: " + FailureReasons.oneLine(cause));
        }
    }

    private MatrixCase convertAndCompare(Cell c, SourceRun src, Path dir) throws IOException {
        MatrixModel m = c.model;
        Direction d = c.direction;
        c.stage = "source import";
        Model model = load(m, null);
        Model toWrite = model.copy();
        Path out = target(dir, d.to());
        c.stage = "export";
        try {
            Files.createDirectories(dir);
            Formats.exporter(d.to()).write(toWrite, out, ExportOptions.defaults());
        } catch (ThreadDeath t) {
            throw t;
        } catch (Throwable t) {
            UnsupportedOpsException u = unsupported(t);
            if (u != null) {
                c.unsupported = u.sortedOps();
                return c.result(MatrixStatus.UNSUPPORTED, "export: " + stripFile(FailureReasons.oneLine(u), out));
            }
            if (isRefusal(t)) {
                Matcher op = REFUSED_NODE.matcher(t.getMessage());
                c.unsupported = op.find() ? List.of(op.group(1)) : List.of();
                return c.result(MatrixStatus.UNSUPPORTED, "export refused: " + stripFile(FailureReasons.oneLine(t), out));
            }
            return c.result(MatrixStatus.ERROR, "export: " + stripFile(FailureReasons.oneLine(t), out));
        }
        c.stage = "re-import";
        Model back = Formats.importer(d.to()).read(out, ImportOptions.defaults());
        if (tamper != null) {
            tamper.accept(d, back);
        }
        c.stage = "pairing inputs";
        Map<String, Value> feedsB = feedsForB(back.graph(), src.feeds());
        c.stage = "running the written model";
        Map<String, Value> outB;
        try (Session s = Session.create(back, SessionOptions.defaults().seed(SEED))) {
            outB = s.run(feedsB);
        }
        c.stage = "comparing";
        List<String> namesA = names(model.graph().outputs());
        List<String> namesB = names(back.graph().outputs());
        List<NameMatching.Pair> pairs = NameMatching.match(namesA, namesB);
        String failure = null;
        List<Value> bInOrder = new ArrayList<>();
        for (NameMatching.Pair p : pairs) {
            Value a = src.outputs().get(p.a());
            Value b = p.b() == null ? null : outB.get(p.b());
            bInOrder.add(b);
            Comparison cmp = Comparator.compare(a, b, tolerance);
            c.maxAbs = max(c.maxAbs, cmp.maxAbsErr());
            c.maxRel = max(c.maxRel, cmp.maxRelErr());
            if (!cmp.passed() && failure == null) {
                failure = "output '" + p.a() + "'" + (p.b() == null ? "" : p.b().equals(p.a()) ? "" : " (written: '" + p.b() + "')") + ": "
                        + (p.b() == null ? "the written model has no counterpart" : cmp.reason());
            }
        }
        if (src.expected() != null && src.expectedNote() == null) {
            for (int i = 0; i < src.expected().size() && i < bInOrder.size(); i++) {
                Comparison cmp = compareWithExpected(src.expected().get(i), bInOrder.get(i), src.expectedTolerance());
                c.expectedAbs = max(c.expectedAbs, cmp.maxAbsErr());
                if (!cmp.passed() && failure == null) {
                    failure = "output " + i + " against the stored expected output: " + cmp.reason();
                }
            }
        }
        if (failure == null) {
            return c.result(MatrixStatus.PASS, src.expectedNote());
        }
        if (!src.random().isEmpty()) {
            failure = "random ops " + src.random() + " (their draws need not match across graphs): " + failure;
        }
        if (bisect && !m.heavy()) {
            c.stage = "bisecting";
            bisect(c, m, model, back, toWrite, out, src.feeds(), feedsB);
        }
        return c.result(MatrixStatus.FAIL, failure);
    }

    /** Finds the first diverging node, when every input is a tensor. */
    private void bisect(Cell c, MatrixModel m, Model a, Model b, Model written, Path out, Map<String, Value> feedsA,
                        Map<String, Value> feedsB) {
        Map<String, Tensor> ta = tensors(feedsA);
        Map<String, Tensor> tb = tensors(feedsB);
        if (ta == null || tb == null) {
            return;
        }
        try {
            Provenances.copy(written, b);
            Bisection bis = new Bisector(tolerance, SEED).bisect(ModelSource.of(a, m.path(), m.format()), ta,
                    ModelSource.of(b, out, c.direction.to()), tb);
            if (bis.found()) {
                c.divergenceNode = bis.node();
                c.divergenceOp = bis.op();
            }
        } catch (ThreadDeath d) {
            throw d;
        } catch (Throwable t) {
            // bisection is best effort: the mismatch itself is the result
        }
    }

    /** Runs the source model once: import, inputs, reference runtime, and (backend tests) the stored expected outputs. */
    private SourceRun runSource(MatrixModel m) {
        List<String> ops = List.of();
        String stage = "import";
        try {
            ModelProto[] proto = new ModelProto[1];
            Model model = load(m, proto);
            ops = m.backend() != null ? OpsUnderTest.of(m.backend(), proto[0]) : opsOf(model.graph());
            proto[0] = null;
            stage = "inputs";
            Map<String, Value> feeds = new LinkedHashMap<>();
            List<Value> expected = null;
            ToleranceSpec expectedTol = null;
            BackendCase bc = m.backend();
            if (bc != null) {
                expected = new ArrayList<>();
                backendData(bc, model, feeds, expected);
                Tolerance t = backendTolerances.override(bc.name()).orElse(bc.defaultTolerance());
                expectedTol = ToleranceSpec.of(t.rtol(), t.atol());
            } else {
                Map<String, Tensor> given = storedInputs(m, model);
                InputSynthesizer.generate(model, DIMS, SEED, given).forEach(i -> feeds.put(i.name(), new TensorValue(i.tensor())));
            }
            stage = "run";
            Map<String, Value> outputs;
            try (Session s = Session.create(model, SessionOptions.defaults().seed(SEED))) {
                outputs = s.run(feeds);
            }
            String note = null;
            if (expected != null) {
                List<ValueInfo> outs = model.graph().outputs();
                for (int i = 0; i < expected.size() && i < outs.size(); i++) {
                    Comparison cmp = compareWithExpected(expected.get(i), outputs.get(outs.get(i).name()), expectedTol);
                    if (!cmp.passed()) {
                        note = "the source itself differs from the stored expected output " + i + " on the reference runtime ("
                                + cmp.reason() + "); the conversion is judged against the source only";
                        break;
                    }
                }
            }
            return new SourceRun(ops, feeds, outputs, expected, expectedTol, note, RandomChecks.randomOps(model, feeds), null, null);
        } catch (ThreadDeath d) {
            throw d;
        } catch (Throwable t) {
            UnsupportedOpsException u = stage.equals("import") ? unsupported(t) : null;
            if (u != null) {
                return SourceRun.failed(ops, u, null);
            }
            String what = switch (stage) {
                case "import" -> "source import: ";
                case "inputs" -> "source inputs: ";
                default -> "the source does not run on the reference runtime: ";
            };
            return SourceRun.failed(ops, null, what + FailureReasons.oneLine(t));
        }
    }

    /**
     * Compares a value with a backend test's stored expected output: within onnx's tolerance for the test, or within the
     * per-element-type default (looser for float16, bfloat16 and the float8 types, whose rounding onnx's 1e-3 does not
     * allow for once a conversion computes in another order).
     */
    private Comparison compareWithExpected(Value expected, Value actual, ToleranceSpec onnx) {
        Comparison c = Comparator.compare(expected, actual, onnx);
        if (c.passed()) {
            return c;
        }
        Comparison byType = Comparator.compare(expected, actual, ToleranceSpec.DEFAULTS);
        return byType.passed() ? byType : c;
    }

    /** Imports the source (keeping the parsed ONNX proto of a backend test in {@code proto[0]} when asked). */
    static Model load(MatrixModel m, ModelProto[] proto) throws IOException {
        if (m.builtIn() != null) {
            Model model = m.builtIn().get();
            if (model.sourceFormat().isEmpty()) {
                model.sourceFormat(m.format());
            }
            return model;
        }
        if (m.format().equals("onnx") && proto != null) {
            ModelProto p = OnnxFiles.readModel(m.path());
            proto[0] = p;
            return new OnnxImporter().read(p, m.path());
        }
        return Formats.importer(m.format()).read(m.path(), ImportOptions.of(m.options()));
    }

    /** Data set 0 of a backend test (or a light model's arange input) and its expected outputs. */
    private static void backendData(BackendCase c, Model model, Map<String, Value> feeds, List<Value> expected) {
        List<ValueInfo> inputs = model.graph().feedInputs();
        List<ValueInfo> outputs = model.graph().outputs();
        if (c.kind() == BackendCase.Kind.LIGHT) {
            for (ValueInfo in : inputs) {
                if (!(in.type() instanceof Type.TensorType tt) || tt.elementType() != DataType.FLOAT) {
                    throw new IllegalArgumentException("light model input '" + in.name() + "' is not float");
                }
                feeds.put(in.name(), new TensorValue(TestValues.lightInput(tt.shape())));
            }
            expected.add(TestValues.read(c.expected(), outputs.isEmpty() ? null : outputs.get(0).type()));
            return;
        }
        if (c.dataSets().isEmpty()) {
            throw new IllegalArgumentException("no test_data_set folders");
        }
        Path dir = c.dataSets().get(0);
        for (int n = 0; Files.isRegularFile(dir.resolve("input_" + n + ".pb")); n++) {
            if (n >= inputs.size()) {
                throw new IllegalArgumentException("input_" + n + ".pb has no model input to feed");
            }
            feeds.put(inputs.get(n).name(), TestValues.read(dir.resolve("input_" + n + ".pb"), inputs.get(n).type()));
        }
        for (int n = 0; Files.isRegularFile(dir.resolve("output_" + n + ".pb")); n++) {
            expected.add(TestValues.read(dir.resolve("output_" + n + ".pb"), n < outputs.size() ? outputs.get(n).type() : null));
        }
    }

    /** Stored inputs ({@code input_<name>.npy}, ':' and '/' written as '_') for the model's feed inputs. */
    private static Map<String, Tensor> storedInputs(MatrixModel m, Model model) throws IOException {
        Map<String, Tensor> given = new LinkedHashMap<>();
        if (m.inputs() == null) {
            return given;
        }
        for (ValueInfo in : model.graph().feedInputs()) {
            String key = in.name().replace(':', '_').replace('/', '_');
            for (String candidate : List.of(key, key + "_0")) {
                Path npy = m.inputs().resolve("input_" + candidate + ".npy");
                if (Files.isRegularFile(npy)) {
                    given.put(in.name(), Npy.read(npy));
                    break;
                }
            }
        }
        return given;
    }

    /** The source's feeds renamed to the written model's inputs (by name, else position), cast to its declared types. */
    static Map<String, Value> feedsForB(Graph gb, Map<String, Value> feedsA) {
        List<String> namesA = new ArrayList<>(feedsA.keySet());
        List<String> namesB = names(gb.feedInputs());
        Map<String, Value> out = new LinkedHashMap<>();
        for (NameMatching.Pair p : NameMatching.match(namesA, namesB)) {
            if (p.b() == null) {
                continue; // the written model does not read it
            }
            Value v = feedsA.get(p.a());
            if (v instanceof TensorValue tv) {
                Tensor t = tv.tensor();
                DataType want = gb.declaredType(p.b()).filter(Type.TensorType.class::isInstance)
                        .map(x -> ((Type.TensorType) x).elementType()).orElse(DataType.UNDEFINED);
                if (want != DataType.UNDEFINED && want != t.type() && t.type() != DataType.STRING && want != DataType.STRING) {
                    t = want.isFloatingPoint() ? Tensors.fromDoubles(want, t.shape(), t.toDoubleArray())
                            : Tensors.fromLongs(want, t.shape(), t.toLongArray());
                    v = new TensorValue(t);
                }
            }
            out.put(p.b(), v);
        }
        return out;
    }

    /** Distinct op types of the main graph, rarest first (first appearance breaks ties). */
    static List<String> opsOf(Graph g) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Node n : g.nodes()) {
            String op = n.domain().isEmpty() || n.domain().equals("ai.onnx") ? n.opType() : n.domain() + "." + n.opType();
            counts.merge(op, 1, Integer::sum);
        }
        List<String> ops = new ArrayList<>(counts.keySet());
        ops.sort(java.util.Comparator.comparingInt(counts::get));
        return ops;
    }

    /** The file or folder a cell writes: model.onnx, model.pb, or a folder for SavedModel and Paddle. */
    static Path target(Path dir, String format) {
        return switch (format) {
            case "onnx" -> dir.resolve("model.onnx");
            case "tf-graphdef" -> dir.resolve("model.pb");
            case "tf-savedmodel" -> dir.resolve("saved_model");
            default -> dir.resolve(format);
        };
    }

    private static Map<String, Tensor> tensors(Map<String, Value> feeds) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : feeds.entrySet()) {
            if (!(e.getValue() instanceof TensorValue tv)) {
                return null;
            }
            out.put(e.getKey(), tv.tensor());
        }
        return out;
    }

    private static List<String> names(List<ValueInfo> infos) {
        List<String> out = new ArrayList<>(infos.size());
        infos.forEach(v -> out.add(v.name()));
        return out;
    }

    private static double max(double acc, double v) {
        if (Double.isNaN(v)) {
            return acc;
        }
        return Double.isNaN(acc) ? v : Math.max(acc, v);
    }

    /** "node 'name' (Op)" as exporters name the node they refuse. */
    static final Pattern REFUSED_NODE = Pattern.compile("node '[^']*' \\(([^)\\s]+)\\)");

    /** An exception class named in a message ("NullPointerException: ..."): an exporter wrapping a crash. */
    private static final Pattern CRASH_NAMED = Pattern.compile("\\b(\\w+(?:Exception|Error)):");

    /**
     * True when an exporter refused the model on purpose: a {@link ModelFormatException} naming what it
     * cannot write ("Resize needs constant sizes", "Mod with fmod=1 has no Paddle op"), caused by nothing but such
     * refusals or {@link IllegalArgumentException}s (the emitters' and type mappings' way of saying "no equivalent":
     * "TensorFlow has no float4e2m1 type"), or such an IllegalArgumentException alone. Anything else (a
     * NullPointerException inside, an IllegalStateException) is a crash.
     */
    static boolean isRefusal(Throwable t) {
        if (t.getMessage() == null
                || !(t instanceof ModelFormatException) && t.getClass() != IllegalArgumentException.class) {
            return false;
        }
        for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (!(x instanceof ModelFormatException) && x.getClass() != IllegalArgumentException.class) {
                return false;
            }
        }
        Matcher m = CRASH_NAMED.matcher(t.getMessage());
        while (m.find()) {
            if (!m.group(1).equals("IllegalArgumentException")) {
                return false;
            }
        }
        return true;
    }

    /** The not-covered error in {@code t} or its causes, or null. */
    static UnsupportedOpsException unsupported(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (x instanceof UnsupportedOpsException u) {
                return u;
            }
        }
        return null;
    }

    /** The message without the leading "model.pb: " that format exceptions put before it. */
    private static String stripFile(String reason, Path out) {
        String prefix = out.getFileName() + ": ";
        return reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason;
    }
}
