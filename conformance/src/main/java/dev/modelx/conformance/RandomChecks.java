package dev.modelx.conformance;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tests of random ops cannot reproduce numpy's generator, so when such a test's outputs differ from the expected
 * draws they are checked for plausibility instead: same shape and type, values in the op's range, and sample
 * statistics within {@value #Z} standard errors of what the op's parameters (or, for derived outputs, the expected
 * draws) imply. Such a test is reported as {@link CaseStatus#STATISTICAL}, never as a pass.
 */
public final class RandomChecks {

    /** The random ops of the default domain. */
    public static final Set<String> RANDOM_OPS = Set.of("Bernoulli", "RandomNormal", "RandomNormalLike", "RandomUniform",
            "RandomUniformLike", "Multinomial");

    /** How many standard errors a sample statistic may be from its expectation. */
    static final double Z = 5;

    /** One output's verdict: plausible or not, and what was checked. */
    public record Check(boolean plausible, String detail) {
    }

    private RandomChecks() {
    }

    /**
     * The random ops the model runs (sorted; empty when it is deterministic): the ops of {@link #RANDOM_OPS}, and
     * Dropout whose training_mode input is true or cannot be told from the feeds and constants.
     */
    public static Set<String> randomOps(Model model, Map<String, Value> feeds) {
        Set<String> found = new TreeSet<>();
        Graphs.forEachNode(model.graph(), n -> {
            if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx")) {
                return;
            }
            if (RANDOM_OPS.contains(n.opType())) {
                found.add(n.opType());
            } else if (n.opType().equals("Dropout") && n.inputs().size() > 2 && !n.input(2).isEmpty()) {
                Tensor training = constant(model.graph(), feeds, n.input(2));
                if (training == null || training.size() != 1 || training.getDouble(0) != 0) {
                    found.add("Dropout");
                }
            }
        });
        for (dev.modelx.graph.Function f : model.functions()) {
            f.nodes().stream().filter(n -> RANDOM_OPS.contains(n.opType())).forEach(n -> found.add(n.opType()));
        }
        return found;
    }

    /**
     * Checks an output of a random model whose values differ from the expected draws (shape and type already
     * equal). The op producing it decides the check; outputs derived from random values are compared with the
     * expected draws' distribution.
     */
    public static Check check(Model model, Map<String, Value> feeds, Map<String, Value> actualOutputs, String output,
                              Tensor expected, Tensor actual, Tolerance tolerance) {
        Node producer = model.graph().producer(output).orElse(null);
        String op = producer == null ? "" : producer.opType();
        double[] a = actual.toDoubleArray();
        for (double v : a) {
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return new Check(false, "holds " + v);
            }
        }
        switch (op) {
            case "Bernoulli" -> {
                Tensor p = constant(model.graph(), feeds, producer.input(0));
                double mean = p != null ? mean(p.toDoubleArray()) : mean(expected.toDoubleArray());
                return binary(a, mean, "Bernoulli", p != null ? "mean of the input probabilities" : "expected mean");
            }
            case "RandomUniform", "RandomUniformLike" -> {
                double low = producer.attrFloat("low", 0f);
                double high = producer.attrFloat("high", 1f);
                for (double v : a) {
                    if (v < low || v > high) {
                        return new Check(false, op + " value " + ValueComparator.fmt(v) + " outside [" + ValueComparator.fmt(low)
                                + ", " + ValueComparator.fmt(high) + "]");
                    }
                }
                return mean(a, (low + high) / 2, (high - low) / Math.sqrt(12), op + " values in [" + ValueComparator.fmt(low)
                        + ", " + ValueComparator.fmt(high) + "]");
            }
            case "RandomNormal", "RandomNormalLike" -> {
                double mu = producer.attrFloat("mean", 0f);
                double sigma = producer.attrFloat("scale", 1f);
                Check m = mean(a, mu, sigma, op);
                if (!m.plausible() || a.length < 10) {
                    return m;
                }
                double sd = Math.sqrt(variance(a));
                double band = Z / Math.sqrt(2.0 * a.length);
                boolean ok = sd >= sigma * Math.max(0, 1 - band) && sd <= sigma * (1 + band);
                return new Check(ok, m.detail() + ", sample std " + ValueComparator.fmt(sd) + " vs scale " + ValueComparator.fmt(sigma));
            }
            case "Multinomial" -> {
                Tensor in = constant(model.graph(), feeds, producer.input(0));
                long classes = in != null && in.rank() > 0 ? in.dim(in.rank() - 1) : Long.MAX_VALUE;
                for (double v : a) {
                    if (v < 0 || v >= classes || v != Math.rint(v)) {
                        return new Check(false, "Multinomial sample " + ValueComparator.fmt(v) + " is not a class index in [0, " + classes + ")");
                    }
                }
                return new Check(true, "Multinomial samples are class indices" + (in != null ? " in [0, " + classes + ")" : ""));
            }
            case "Dropout" -> {
                return dropout(model, feeds, actualOutputs, producer, output, a, tolerance);
            }
            default -> {
                return derived(expected.toDoubleArray(), a);
            }
        }
    }

    private static Check dropout(Model model, Map<String, Value> feeds, Map<String, Value> actualOutputs, Node node,
                                 String output, double[] a, Tolerance tolerance) {
        Tensor x = constant(model.graph(), feeds, node.input(0));
        Tensor r = node.inputs().size() > 1 && !node.input(1).isEmpty() ? constant(model.graph(), feeds, node.input(1)) : null;
        double ratio = r != null && r.size() == 1 ? r.getDouble(0) : 0.5;
        if (x == null) {
            return new Check(false, "Dropout input '" + node.input(0) + "' is not a feed or constant, so the output cannot be checked");
        }
        double[] xs = x.toDoubleArray();
        if (xs.length != a.length) {
            return new Check(false, "Dropout input has " + xs.length + " elements, output " + a.length);
        }
        double scale = 1 / (1 - ratio);
        boolean isMask = node.outputs().indexOf(output) == 1;
        double[] kept = a;
        if (isMask) {
            // the mask: true where kept; when output 0 was computed too it must agree
            Value out0 = actualOutputs.get(node.output(0));
            if (out0 instanceof TensorValue tv) {
                double[] y = tv.tensor().toDoubleArray();
                for (int i = 0; i < a.length; i++) {
                    if (xs[i] != 0 && (a[i] != 0) != (y[i] != 0)) {
                        return new Check(false, "Dropout mask disagrees with its output at element " + i);
                    }
                }
            }
        } else {
            for (int i = 0; i < a.length; i++) {
                if (a[i] != 0 && !tolerance.accepts(xs[i] * scale, a[i])) {
                    return new Check(false, "Dropout output element " + i + " is " + ValueComparator.fmt(a[i]) + ", neither 0 nor input * "
                            + ValueComparator.fmt(scale) + " = " + ValueComparator.fmt(xs[i] * scale));
                }
            }
        }
        int n = 0;
        int dropped = 0;
        for (int i = 0; i < a.length; i++) {
            if (xs[i] != 0) {
                n++;
                if (kept[i] == 0) {
                    dropped++;
                }
            }
        }
        double frac = n == 0 ? ratio : (double) dropped / n;
        double bound = Z * Math.sqrt(ratio * (1 - ratio) / Math.max(1, n)) + 1.0 / Math.max(1, n);
        boolean ok = Math.abs(frac - ratio) <= bound;
        return new Check(ok, "Dropout " + (isMask ? "mask" : "output") + " keeps or zeroes each element, dropped fraction "
                + ValueComparator.fmt(frac) + " vs ratio " + ValueComparator.fmt(ratio));
    }

    /** Values in {0, 1} with a proportion of ones near {@code p}. */
    private static Check binary(double[] a, double p, String what, String against) {
        for (double v : a) {
            if (v != 0 && v != 1) {
                return new Check(false, what + " value " + ValueComparator.fmt(v) + " is not 0 or 1");
            }
        }
        double m = mean(a);
        double bound = Z * Math.sqrt(p * (1 - p) / a.length) + 1.0 / a.length;
        return new Check(Math.abs(m - p) <= bound, what + " values in {0, 1}, proportion of ones " + ValueComparator.fmt(m)
                + " vs " + against + " " + ValueComparator.fmt(p));
    }

    private static Check mean(double[] a, double mu, double sigma, String what) {
        double m = mean(a);
        double bound = Z * sigma / Math.sqrt(a.length) + 1e-12;
        return new Check(Math.abs(m - mu) <= bound, what + ", sample mean " + ValueComparator.fmt(m) + " vs " + ValueComparator.fmt(mu));
    }

    /** An output computed from random values: compared with the distribution of the expected draws. */
    private static Check derived(double[] e, double[] a) {
        boolean binary = Arrays.stream(e).allMatch(v -> v == 0 || v == 1);
        if (binary) {
            double pe = mean(e);
            for (double v : a) {
                if (v != 0 && v != 1) {
                    return new Check(false, "value " + ValueComparator.fmt(v) + " is not 0 or 1 like the expected values");
                }
            }
            double pa = mean(a);
            double pooled = (pe + pa) / 2;
            double bound = Z * Math.sqrt(2 * pooled * (1 - pooled) / a.length) + 1.0 / a.length;
            return new Check(Math.abs(pa - pe) <= bound, "values in {0, 1}, proportion of ones " + ValueComparator.fmt(pa)
                    + " vs expected " + ValueComparator.fmt(pe));
        }
        double lo = Arrays.stream(e).min().orElse(0);
        double hi = Arrays.stream(e).max().orElse(0);
        double span = Math.max(hi - lo, 1e-12);
        for (double v : a) {
            if (v < lo - span || v > hi + span) {
                return new Check(false, "value " + ValueComparator.fmt(v) + " far outside the expected range ["
                        + ValueComparator.fmt(lo) + ", " + ValueComparator.fmt(hi) + "]");
            }
        }
        double me = mean(e);
        double ma = mean(a);
        double bound = Z * Math.sqrt((variance(e) + variance(a)) / a.length) + 1e-12;
        return new Check(Math.abs(ma - me) <= bound, "sample mean " + ValueComparator.fmt(ma) + " vs expected "
                + ValueComparator.fmt(me));
    }

    /** The value of {@code name} when it is fed, an initializer or a Constant node's output; else null. */
    static Tensor constant(Graph g, Map<String, Value> feeds, String name) {
        Value v = feeds.get(name);
        if (v instanceof TensorValue tv) {
            return tv.tensor();
        }
        Tensor init = g.initializers().get(name);
        if (init != null) {
            return init;
        }
        Node p = g.producer(name).orElse(null);
        if (p != null && p.opType().equals("Constant") && p.hasAttribute("value")) {
            return p.attribute("value").asTensor();
        }
        return null;
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return a.length == 0 ? 0 : s / a.length;
    }

    private static double variance(double[] a) {
        double m = mean(a);
        double s = 0;
        for (double v : a) {
            s += (v - m) * (v - m);
        }
        return a.length < 2 ? 0 : s / (a.length - 1);
    }
}
