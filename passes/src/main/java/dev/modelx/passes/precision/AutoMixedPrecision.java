package dev.modelx.passes.precision;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.RandomInputs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The automatic mode, after onnxconverter-common's {@code auto_convert_mixed_precision}: run the float32 model
 * as the reference; try converting every candidate op; when that breaks the tolerance (or a finite value
 * becomes Inf/NaN, or the runtime fails), split the ops into segments and, largest segment first, try
 * converting the ops already accepted plus one segment with all others in float32: a segment that passes is
 * accepted, one that fails is halved, and a single op that fails stays float32, with the failure as its reason.
 */
final class AutoMixedPrecision {

    private AutoMixedPrecision() {
    }

    private static final class Segment {
        final List<Integer> ids;

        Segment(List<Integer> ids) {
            this.ids = ids;
        }
    }

    static PrecisionReport run(Model model, PrecisionOptions options) {
        List<Map<String, Tensor>> samples = new ArrayList<>(options.samples());
        if (samples.isEmpty()) {
            for (int i = 0; i < options.generatedSamples(); i++) {
                samples.add(RandomInputs.generate(model, options.dims(), options.seed() + i));
            }
        }
        Trials trials = new Trials(samples, options);
        Trials.Reference ref = trials.reference(model);
        Map<Integer, DataType[]> observed = ref.observed();
        Conversion probe = new Conversion(model.copy(), options, Map.of(), observed);
        List<Integer> candidates = probe.candidates();

        int[] attempts = {0};
        Map<Integer, String> reasons = new LinkedHashMap<>();
        Set<Integer> good = new LinkedHashSet<>();
        String inTarget = "with it in " + options.target().displayName() + ", ";
        Trials.Outcome all = attempt(model, options, observed, candidates, Set.copyOf(candidates), trials, attempts);
        Trials.Outcome none = all.ok() || candidates.isEmpty() ? null
                : attempt(model, options, observed, candidates, Set.of(), trials, attempts);
        if (all.ok()) {
            good.addAll(candidates);
        } else if (none != null && !none.ok()) {
            // Keeping every candidate does not help: the rest (converted inputs/outputs, weights of
            // data-movement ops, ops with no float32 choice) already breaks the tolerance.
            for (int id : candidates) {
                reasons.put(id, "the tolerance is not reachable even with every candidate in float32 ("
                        + none.failure() + "); loosen it" + (options.keepIoTypes() ? "" : " or keep float32 inputs/outputs"));
            }
        } else {
            List<Segment> segments = new ArrayList<>();
            if (candidates.size() == 1) {
                reasons.put(candidates.get(0), inTarget + all.failure());
            } else if (!candidates.isEmpty()) {
                split(segments, new Segment(candidates));
            }
            while (!segments.isEmpty()) {
                if (attempts[0] >= options.maxAttempts()) {
                    for (Segment s : segments) {
                        for (int id : s.ids) {
                            reasons.put(id, "not tried within " + options.maxAttempts() + " trial conversions");
                        }
                    }
                    break;
                }
                Segment seg = largest(segments);
                segments.remove(seg);
                Set<Integer> low = new LinkedHashSet<>(good);
                low.addAll(seg.ids);
                Trials.Outcome o = attempt(model, options, observed, candidates, low, trials, attempts);
                if (o.ok()) {
                    good.addAll(seg.ids);
                } else if (seg.ids.size() == 1) {
                    reasons.put(seg.ids.get(0), inTarget + o.failure());
                } else {
                    split(segments, seg);
                }
            }
        }
        Map<Integer, String> keep = new LinkedHashMap<>();
        for (int id : candidates) {
            if (!good.contains(id)) {
                keep.put(id, reasons.getOrDefault(id, "not accepted"));
            }
        }
        Model converted = model.copy();
        Conversion finalRun = new Conversion(converted, options, keep, observed);
        List<String> keptNames = new ArrayList<>();
        for (int id : keep.keySet()) {
            keptNames.add(probe.describe(id));
        }
        PrecisionReport draft = finalRun.run(null);
        Trials.Outcome check = trials.trial(draft.model());
        AutoReport auto = new AutoReport(candidates.size(), attempts[0], samples.size(), keptNames, options.rtol(),
                options.atol(), check.maxAbs(), check.toleranceUsed(), check.worst(), check.ok());
        return new PrecisionReport(draft.model(), draft.target(), draft.keepIoTypes(), draft.nodesConverted(), draft.kept(),
                draft.initializersConverted(), draft.initializersDuplicated(), draft.constantsConverted(),
                draft.valuesConverted(), draft.valuesClamped(), draft.valuesFlushedToZero(), draft.castsInserted(),
                draft.weightBytesBefore(), draft.weightBytesAfter(), auto);
    }

    private static Trials.Outcome attempt(Model model, PrecisionOptions options, Map<Integer, DataType[]> observed,
                                          List<Integer> candidates, Set<Integer> low, Trials trials, int[] attempts) {
        attempts[0]++;
        Map<Integer, String> keep = new LinkedHashMap<>();
        for (int id : candidates) {
            if (!low.contains(id)) {
                keep.put(id, "kept in this trial");
            }
        }
        Model copy = model.copy();
        try {
            new Conversion(copy, options, keep, observed).run(null);
        } catch (RuntimeException e) {
            return new Trials.Outcome(false, "the conversion fails: " + e.getMessage(), Double.POSITIVE_INFINITY,
                    Double.POSITIVE_INFINITY, "");
        }
        return trials.trial(copy);
    }

    private static Segment largest(List<Segment> segments) {
        Segment best = segments.get(0);
        for (Segment s : segments) {
            if (s.ids.size() > best.ids.size()) {
                best = s;
            }
        }
        return best;
    }

    private static void split(List<Segment> segments, Segment s) {
        int mid = s.ids.size() / 2;
        segments.add(new Segment(new ArrayList<>(s.ids.subList(0, mid))));
        segments.add(new Segment(new ArrayList<>(s.ids.subList(mid, s.ids.size()))));
    }
}
