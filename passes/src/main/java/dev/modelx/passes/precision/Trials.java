package dev.modelx.passes.precision;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Session;
import dev.modelx.runtime.SessionOptions;
import dev.modelx.runtime.value.TensorValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs models on the reference runtime for the automatic mode: the float32 reference (its outputs, which
 * values are finite, and every node's output types), and trials of converted models compared with it.
 */
final class Trials {

    /** The float32 model's outputs per sample, and per sample the names of float values that were all finite. */
    record Reference(List<Map<String, Tensor>> outputs, List<Set<String>> finite, Map<Integer, DataType[]> observed) {
    }

    /** What one trial found: within tolerance or why not, the largest deviation, and the largest share of the allowed deviation used. */
    record Outcome(boolean ok, String failure, double maxAbs, double toleranceUsed, String worst) {
    }

    private final List<Map<String, Tensor>> samples;
    private final double rtol;
    private final double atol;
    private final boolean checkIntermediates;
    private final String targetName;
    Reference reference;

    Trials(List<Map<String, Tensor>> samples, PrecisionOptions o) {
        this.samples = samples;
        this.rtol = o.rtol();
        this.atol = o.atol();
        this.checkIntermediates = o.checkIntermediates();
        this.targetName = o.target().displayName();
    }

    /** Runs the float32 model on every sample, recording outputs, finiteness and output types by node number. */
    Reference reference(Model model) {
        Map<Node, Integer> ids = TypeAnalysis.number(model);
        Map<Integer, DataType[]> observed = new HashMap<>();
        List<Map<String, Tensor>> outs = new ArrayList<>();
        List<Set<String>> finite = new ArrayList<>();
        for (Map<String, Tensor> feeds : samples) {
            Set<String> fin = new HashSet<>();
            Set<String> notFinite = new HashSet<>();
            SessionOptions so = SessionOptions.defaults().observer((node, name, value) -> {
                Integer id = ids.get(node);
                if (id != null && value instanceof TensorValue tv) {
                    DataType[] t = observed.computeIfAbsent(id, k -> new DataType[node.outputs().size()]);
                    int j = node.outputs().indexOf(name);
                    if (j >= 0 && j < t.length) {
                        t[j] = tv.tensor().type();
                    }
                }
                if (value instanceof TensorValue tv && isFloat(tv.tensor().type())) {
                    if (allFinite(tv.tensor()) && !notFinite.contains(name)) {
                        fin.add(name);
                    } else {
                        fin.remove(name);
                        notFinite.add(name);
                    }
                }
            });
            try (Session s = Session.create(model, so)) {
                outs.add(s.runTensors(feeds));
            }
            finite.add(fin);
        }
        reference = new Reference(outs, finite, observed);
        return reference;
    }

    /** Runs {@code converted} on every sample and compares it with the reference. */
    Outcome trial(Model converted) {
        double maxAbs = 0, used = 0;
        String worst = "";
        for (int s = 0; s < samples.size(); s++) {
            Set<String> fin = reference.finite().get(s);
            String[] overflow = {null};
            SessionOptions so = SessionOptions.defaults();
            if (checkIntermediates) {
                so.observer((node, name, value) -> {
                    if (overflow[0] == null && fin.contains(name) && value instanceof TensorValue tv
                            && isFloat(tv.tensor().type()) && !allFinite(tv.tensor())) {
                        overflow[0] = "'" + name + "' (" + node.opType() + ") becomes Inf/NaN where float32 is finite";
                        throw new Stop();
                    }
                });
            }
            Map<String, Tensor> actual;
            try (Session session = Session.create(converted, so)) {
                actual = session.runTensors(PrecisionConverter.adaptFeeds(converted, samples.get(s)));
            } catch (RuntimeException e) {
                if (overflow[0] != null) {
                    return new Outcome(false, overflow[0], Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, "");
                }
                return new Outcome(false, "the runtime fails: " + e.getMessage(), Double.POSITIVE_INFINITY,
                        Double.POSITIVE_INFINITY, "");
            }
            for (Map.Entry<String, Tensor> e : reference.outputs().get(s).entrySet()) {
                String name = e.getKey();
                Tensor exp = e.getValue();
                Tensor act = actual.get(name);
                if (act == null) {
                    return new Outcome(false, "output '" + name + "' is missing", maxAbs, used, worst);
                }
                if (!isFloat(exp.type()) || !isFloat(act.type())) {
                    if (!exp.equals(act)) {
                        return new Outcome(false, "output '" + name + "' (" + exp.type().displayName() + ") changes", maxAbs, used, worst);
                    }
                    continue;
                }
                if (exp.size() != act.size()) {
                    return new Outcome(false, "output '" + name + "' changes shape", maxAbs, used, worst);
                }
                for (int i = 0; i < exp.size(); i++) {
                    double x = exp.getDouble(i), y = act.getDouble(i);
                    if (Double.isNaN(x) && Double.isNaN(y) || x == y) {
                        continue;
                    }
                    if (Double.isFinite(x) && !Double.isFinite(y)) {
                        return new Outcome(false, "output '" + name + "' element " + i + " becomes " + y + " (float32 "
                                + fmt(x) + ")", Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, name);
                    }
                    double d = Math.abs(x - y);
                    double allowed = atol + rtol * Math.abs(x);
                    if (!(d <= allowed)) {
                        return new Outcome(false, "output '" + name + "' element " + i + " differs by " + fmt(d) + " (float32 "
                                + fmt(x) + ", " + targetName + " " + fmt(y) + "; allowed " + fmt(allowed) + ")",
                                Math.max(maxAbs, d), d / allowed, name);
                    }
                    if (d > maxAbs) {
                        maxAbs = d;
                        worst = name;
                    }
                    used = Math.max(used, allowed > 0 ? d / allowed : Double.POSITIVE_INFINITY);
                }
            }
        }
        return new Outcome(true, null, maxAbs, used, worst);
    }

    static boolean isFloat(DataType t) {
        return t == DataType.FLOAT || t == DataType.FLOAT16 || t == DataType.BFLOAT16 || t == DataType.DOUBLE;
    }

    private static boolean allFinite(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (!Double.isFinite(t.getDouble(i))) {
                return false;
            }
        }
        return true;
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.4g", d);
    }

    /** Stops a trial run at the first overflow. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super("overflow", null, false, false);
        }
    }
}
