package dev.modelx.conformance.realmodels;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.KernelRegistry;
import dev.modelx.runtime.Kernels;
import dev.modelx.runtime.Session;
import dev.modelx.runtime.SessionOptions;
import dev.modelx.runtime.value.TensorValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One model run on the reference runtime and on ONNX Runtime with the same feeds, compared output by output and,
 * when asked, intermediate by intermediate: every tensor a top-level node computes on the reference runtime is
 * added to the model ORT runs as an extra graph output. Whole networks often end in a value that hides upstream
 * errors (the light models' softmax over constant weights is exactly 1/1000 everywhere), so the intermediates are
 * what make such a comparison meaningful; they also name the first node where the runtimes part.
 */
final class DualRun {

    /** What the reference runtime produced (graph outputs), or null with {@link #referenceError}. */
    Map<String, Tensor> ours;
    String referenceError;
    double oursSeconds;

    /** What ORT produced (graph outputs and any intermediates), or null with {@link #oracleError}. */
    Map<String, Tensor> theirs;
    String oracleError;
    double ortSeconds;

    /** Why the intermediates were not compared, when they were asked for but ORT would not return them. */
    String intermediatesNote = "";

    final List<OrtOracle.Comparison> outputs = new ArrayList<>();
    /** In the reference runtime's execution order. */
    final List<OrtOracle.Comparison> intermediates = new ArrayList<>();

    private DualRun() {
    }

    /**
     * Runs {@code model} (imported from {@code file}) on both runtimes. Failures are recorded, never thrown:
     * {@code referenceError} when the reference runtime cannot create a session or run, {@code oracleError} when
     * ORT cannot (old op sets, types its Java API lacks).
     */
    static DualRun of(Path file, Model model, Map<String, Tensor> feeds, boolean withIntermediates) {
        return of(file, model, feeds, withIntermediates, null);
    }

    /** As {@link #of(Path, Model, Map, boolean)} with the reference runtime using {@code registry} (null: the default). */
    static DualRun of(Path file, Model model, Map<String, Tensor> feeds, boolean withIntermediates, KernelRegistry registry) {
        DualRun r = new DualRun();
        Set<Node> topLevel = Collections.newSetFromMap(new IdentityHashMap<>());
        topLevel.addAll(model.graph().nodes());
        Set<String> notCompared = oracleDivergences(model);
        Map<String, Tensor> captured = new LinkedHashMap<>();
        SessionOptions options = SessionOptions.defaults();
        if (registry != null) {
            options.registry(registry);
        }
        if (withIntermediates) {
            options.observer((node, valueName, v) -> {
                if (topLevel.contains(node) && !notCompared.contains(valueName)
                        && v instanceof TensorValue tv && tv.tensor().type() != DataType.STRING) {
                    captured.put(valueName, tv.tensor());
                }
            });
        }
        long t0 = System.nanoTime();
        try (Session session = Session.create(model, options)) {
            r.ours = new LinkedHashMap<>(session.runTensors(feeds));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            r.referenceError = oneLine(e.toString());
        }
        r.oursSeconds = (System.nanoTime() - t0) / 1e9;
        if (r.ours != null) {
            r.ours.keySet().forEach(captured::remove);
        }

        long t1 = System.nanoTime();
        if (r.ours != null && !captured.isEmpty()) {
            Map<String, DataType> types = new LinkedHashMap<>();
            captured.forEach((k, v) -> types.put(k, v.type()));
            try (OrtSession.SessionOptions o = OrtOracle.options();
                 OrtSession ort = OrtOracle.env().createSession(OrtOracle.withExtraOutputs(file, types), o)) {
                r.theirs = OrtOracle.run(ort, feeds);
            } catch (OrtException | RuntimeException e) {
                r.intermediatesNote = "intermediates not compared: " + oneLine(e.getMessage());
            }
        }
        if (r.theirs == null) {
            try (OrtSession.SessionOptions o = OrtOracle.options();
                 OrtSession ort = OrtOracle.env().createSession(file.toString(), o)) {
                r.theirs = OrtOracle.run(ort, feeds);
            } catch (OrtException | RuntimeException e) {
                r.oracleError = oneLine(e.getMessage());
            }
        }
        r.ortSeconds = (System.nanoTime() - t1) / 1e9;

        if (r.ours == null || r.theirs == null) {
            return r;
        }
        for (ValueInfo out : model.graph().outputs()) {
            Tensor t = r.theirs.get(out.name());
            r.outputs.add(t == null ? new OrtOracle.Comparison(out.name(), false, Double.NaN, Double.NaN, 0, 0, "ORT returned no such output")
                    : OrtOracle.compare(out.name(), r.ours.get(out.name()), t));
        }
        captured.forEach((name, ours) -> {
            Tensor t = r.theirs.get(name);
            if (t != null) {
                r.intermediates.add(OrtOracle.compare(name, ours, t));
            }
        });
        return r;
    }

    boolean outputsMatch() {
        return !outputs.isEmpty() && outputs.stream().allMatch(OrtOracle.Comparison::matches);
    }

    Optional<OrtOracle.Comparison> firstDivergingIntermediate() {
        return intermediates.stream().filter(c -> !c.matches()).findFirst();
    }

    boolean allMatch() {
        return outputsMatch() && firstDivergingIntermediate().isEmpty();
    }

    double maxOutputError() {
        return outputs.stream().mapToDouble(OrtOracle.Comparison::maxAbsError).max().orElse(Double.NaN);
    }

    /** The largest share of its tolerance any compared element used (1 = at the limit). */
    double worstToleranceUse() {
        return worst().map(OrtOracle.Comparison::toleranceUse).orElse(0.0);
    }

    /** The compared value (output or intermediate) that came closest to its tolerance. */
    Optional<OrtOracle.Comparison> worst() {
        OrtOracle.Comparison w = null;
        for (List<OrtOracle.Comparison> l : List.of(outputs, intermediates)) {
            for (OrtOracle.Comparison c : l) {
                if (w == null || !(c.toleranceUse() <= w.toleranceUse())) {
                    w = c;
                }
            }
        }
        return Optional.ofNullable(w);
    }

    /** Everything that disagrees, in one line. */
    String mismatches() {
        List<String> parts = new ArrayList<>();
        outputs.stream().filter(c -> !c.matches()).forEach(c -> parts.add("output " + c));
        firstDivergingIntermediate().ifPresent(c -> parts.add("first diverging intermediate (execution order, of "
                + intermediates.stream().filter(x -> !x.matches()).count() + " diverging) " + c));
        return String.join("; ", parts);
    }

    /**
     * Intermediate values where ORT knowingly departs from the ONNX reference, so they are not compared: the mask
     * output of Dropout 7 to 11 in inference, which ORT's CPU kernel for those versions ({@code IdentityOp<true>})
     * fills with zeros while onnx's reference implementation (and ours) gives ones, i.e. every element kept. In the
     * light models (alexnet, inception_v1, squeezenet, vgg19) nothing consumes those masks.
     */
    static Set<String> oracleDivergences(Model model) {
        long opset = model.opset("").orElse(0L);
        Set<String> out = new HashSet<>();
        if (opset >= 7 && opset <= 11) {
            for (Node n : model.graph().nodes()) {
                if (n.domain().isEmpty() && n.opType().equals("Dropout") && n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
                    out.add(n.outputs().get(1));
                }
            }
        }
        return out;
    }

    /** The default kernels less {@code opType} in the default domain (to show that a missing kernel fails loudly). */
    static KernelRegistry defaultKernelsWithout(String opType) {
        KernelRegistry all = Kernels.defaultRegistry();
        KernelRegistry out = new KernelRegistry();
        for (String key : all.ops()) {
            int dot = key.lastIndexOf('.');
            String domain = dot < 0 ? "" : key.substring(0, dot);
            String op = key.substring(dot + 1);
            if (domain.isEmpty() && op.equals(opType)) {
                continue;
            }
            for (int v : all.versions(domain, op)) {
                all.lookup(domain, op, v).ifPresent(k -> out.add(domain, op, v, k));
            }
        }
        return out;
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() > 500 ? t.substring(0, 500) + "..." : t;
    }
}
