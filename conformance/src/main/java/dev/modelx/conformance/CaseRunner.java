package dev.modelx.conformance;

import dev.modelx.format.onnx.OnnxFiles;
import dev.modelx.format.onnx.proto.OnnxProtos.ModelProto;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.importer.onnx.OnnxImporter;
import dev.modelx.passes.opset.OpsetConversionException;
import dev.modelx.passes.opset.OpsetConverter;
import dev.modelx.runtime.Session;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one backend test in the calling thread: import, create a session, run every data set, compare. With a
 * {@link ViaFormat}, the imported model is first exported to that format and the written model is what runs (in
 * TensorFlow, or re-imported on the reference runtime); a model the exporter does not cover is skipped.
 */
final class CaseRunner {

    private final Tolerances tolerances;
    private final boolean stackTraces;
    private final ViaFormat via;

    CaseRunner(Tolerances tolerances, boolean stackTraces) {
        this(tolerances, stackTraces, null);
    }

    /** Prefix of the reason of a test skipped because the op-set converter refused its model. */
    static final String OPSET_REFUSED = "op-set conversion refused: ";

    private final Integer targetOpset;

    CaseRunner(Tolerances tolerances, boolean stackTraces, ViaFormat via) {
        this(tolerances, stackTraces, via, null);
    }

    CaseRunner(Tolerances tolerances, boolean stackTraces, ViaFormat via, Integer targetOpset) {
        this.targetOpset = targetOpset;
        this.tolerances = tolerances;
        this.stackTraces = stackTraces;
        this.via = via;
    }

    /**
     * Where a failure happened, to prefix its reason ("import: ...", "export: ..."); the runtime's own messages and
     * those of a via-format run (which say "tensorflow: ..." or "re-import: ...") stand alone.
     */
    private enum Stage { READ, IMPORT, EXPORT, SESSION, DATA, RUN, COMPARE }

    /** Runs {@code c}; {@code opsFound} hears the op types as soon as they are known (before anything can hang). */
    CaseResult run(BackendCase c, java.util.function.Consumer<List<String>> opsFound) {
        long start = System.nanoTime();
        if (c.kind() == BackendCase.Kind.URL_ONLY) {
            return CaseResult.skipped(c, "model-zoo URL only, not downloadable here", null);
        }
        List<String> ops = List.of();
        Stage stage = Stage.READ;
        Outcome outcome = new Outcome();
        Path viaDir = null;
        try {
            ModelProto proto = OnnxFiles.readModel(c.model());
            ops = OpsUnderTest.of(c, proto);
            opsFound.accept(ops);
            stage = Stage.IMPORT;
            Model model = new OnnxImporter().read(proto, c.model());
            proto = null; // let the parsed bytes go before running
            Tolerance tolerance = tolerances.override(c.name()).orElse(c.defaultTolerance());
            if (targetOpset != null) {
                stage = Stage.EXPORT;
                try {
                    model = OpsetConverter.convert(model, targetOpset);
                } catch (OpsetConversionException e) {
                    return result(c, ops, CaseStatus.SKIPPED, outcome, OPSET_REFUSED + e.getMessage(), start, null);
                }
            }
            Path written = null;
            if (via != null) {
                stage = Stage.EXPORT;
                viaDir = via.caseFolder(c.name());
                try {
                    written = via.export(model, viaDir);
                } catch (Exception e) {
                    dev.modelx.graph.UnsupportedOpsException u = ViaFormat.unsupported(e);
                    if (u != null) {
                        return result(c, ops, CaseStatus.SKIPPED, outcome, via.notCovered(u), start, null);
                    }
                    throw e;
                }
            }
            stage = Stage.SESSION;
            try (ViaFormat.Runner session = via == null ? reference(model) : via.open(model, written)) {
                int sets = c.kind() == BackendCase.Kind.LIGHT ? 1 : c.dataSets().size();
                if (sets == 0) {
                    return result(c, ops, CaseStatus.SKIPPED, outcome, "no test_data_set folders", start, null);
                }
                for (int k = 0; k < sets; k++) {
                    String prefix = sets > 1 ? "data set " + k + ": " : "";
                    stage = Stage.DATA;
                    Map<String, Value> feeds = new LinkedHashMap<>();
                    List<Value> expected = new ArrayList<>();
                    if (c.kind() == BackendCase.Kind.LIGHT) {
                        lightData(c, model, feeds, expected);
                    } else {
                        dataSet(c.dataSets().get(k), model, feeds, expected);
                    }
                    stage = Stage.RUN;
                    Map<String, Value> actual = session.run(feeds);
                    stage = Stage.COMPARE;
                    compare(prefix, model, feeds, expected, actual, tolerance, outcome);
                }
            }
            if (outcome.failure != null) {
                return result(c, ops, CaseStatus.FAILED, outcome, outcome.failure, start, null);
            }
            if (outcome.statistical != null) {
                return result(c, ops, CaseStatus.STATISTICAL, outcome, "checked by statistics: " + outcome.statistical, start, null);
            }
            return result(c, ops, CaseStatus.PASSED, outcome, null, start, null);
        } catch (ThreadDeath d) {
            throw d;
        } catch (Throwable t) {
            String reason = FailureReasons.oneLine(t);
            if (stage == Stage.IMPORT || stage == Stage.READ) {
                reason = "import: " + reason;
            } else if (stage == Stage.EXPORT) {
                // a format error (or a bad argument) is the exporter declining this use of a covered op, with its reason;
                // anything else (a NullPointerException, an IllegalStateException, ...) is a bug in it
                boolean refused = t instanceof dev.modelx.graph.ModelFormatException || t instanceof IllegalArgumentException;
                reason = (refused ? ViaSummary.REFUSED : "export: ")
                        + reason.replaceFirst("^model(\\.pb|\\.onnx)?: ", "");
            } else if (stage == Stage.DATA) {
                reason = "test data: " + reason;
            }
            return result(c, ops, CaseStatus.FAILED, outcome, reason, start, stackTraces ? stackTrace(t) : null);
        } finally {
            TempTrees.delete(viaDir);
        }
    }

    /** The imported model on the reference runtime. */
    private static ViaFormat.Runner reference(Model model) {
        Session session = Session.create(model);
        return new ViaFormat.Runner() {
            @Override
            public Map<String, Value> run(Map<String, Value> feeds) {
                return session.run(feeds);
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    /** Compares every expected output with the actual one of the same position; random models fall back to statistics. */
    private static void compare(String prefix, Model model, Map<String, Value> feeds, List<Value> expected,
                                Map<String, Value> actual, Tolerance tolerance, Outcome outcome) {
        List<ValueInfo> outputs = model.graph().outputs();
        if (expected.size() > outputs.size()) {
            outcome.fail(prefix + "the test expects " + expected.size() + " outputs, the model declares " + outputs.size());
            return;
        }
        Set<String> random = null;
        for (int i = 0; i < expected.size(); i++) {
            String name = outputs.get(i).name();
            String what = prefix + "output " + i + " '" + name + "'";
            Value e = expected.get(i);
            Value a = actual.get(name);
            ValueComparator.Result r = ValueComparator.compare(what, e, a, tolerance);
            outcome.measure(r);
            if (r.matches()) {
                continue;
            }
            if (random == null) {
                random = RandomChecks.randomOps(model, feeds);
            }
            if (!random.isEmpty() && e instanceof TensorValue et && a instanceof TensorValue at
                    && et.tensor().type() == at.tensor().type()
                    && java.util.Arrays.equals(et.tensor().shape(), at.tensor().shape())) {
                RandomChecks.Check check = RandomChecks.check(model, feeds, actual, name, et.tensor(), at.tensor(), tolerance);
                if (check.plausible()) {
                    outcome.statistical(what + ": " + check.detail());
                } else {
                    outcome.fail(what + " (random " + String.join(", ", random) + "): implausible: " + check.detail());
                }
            } else {
                outcome.fail(r.mismatch());
            }
        }
    }

    /** input_N.pb for the N-th fed input, output_N.pb for the N-th output, each read as the kind the model declares. */
    private static void dataSet(Path dir, Model model, Map<String, Value> feeds, List<Value> expected) {
        List<ValueInfo> inputs = model.graph().feedInputs();
        for (int n = 0; ; n++) {
            Path f = dir.resolve("input_" + n + ".pb");
            if (!Files.isRegularFile(f)) {
                break;
            }
            if (n >= inputs.size()) {
                throw new IllegalArgumentException(dir.getFileName() + " has input_" + n + ".pb but the model has only "
                        + inputs.size() + " inputs to feed");
            }
            ValueInfo in = inputs.get(n);
            feeds.put(in.name(), TestValues.read(f, in.type()));
        }
        List<ValueInfo> outputs = model.graph().outputs();
        for (int n = 0; ; n++) {
            Path f = dir.resolve("output_" + n + ".pb");
            if (!Files.isRegularFile(f)) {
                break;
            }
            expected.add(TestValues.read(f, n < outputs.size() ? outputs.get(n).type() : null));
        }
    }

    /** Light models: arange inputs, one expected output beside the model. */
    private static void lightData(BackendCase c, Model model, Map<String, Value> feeds, List<Value> expected) {
        for (ValueInfo in : model.graph().feedInputs()) {
            if (!(in.type() instanceof Type.TensorType tt) || tt.elementType() != DataType.FLOAT) {
                throw new IllegalArgumentException("light model input '" + in.name() + "' is " + in.type()
                        + ", but only float inputs can be generated");
            }
            feeds.put(in.name(), new TensorValue(TestValues.lightInput(tt.shape())));
        }
        List<ValueInfo> outputs = model.graph().outputs();
        expected.add(TestValues.read(c.expected(), outputs.isEmpty() ? null : outputs.get(0).type()));
    }

    private static CaseResult result(BackendCase c, List<String> ops, CaseStatus status, Outcome o, String reason, long start,
                                     String detail) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new CaseResult(c.name(), c.folder(), ops, status, o.compared ? o.maxAbs : Double.NaN,
                o.compared ? o.maxRel : Double.NaN, reason, millis, null, detail);
    }


    static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** What the comparisons of one case found so far. */
    private static final class Outcome {
        boolean compared;
        double maxAbs;
        double maxRel;
        String failure;
        String statistical;

        void measure(ValueComparator.Result r) {
            compared = true;
            maxAbs = Math.max(maxAbs, r.maxAbsErr());
            maxRel = Math.max(maxRel, r.maxRelErr());
        }

        void fail(String reason) {
            if (failure == null) {
                failure = reason;
            }
        }

        void statistical(String detail) {
            statistical = statistical == null ? detail : statistical + "; " + detail;
        }
    }
}
