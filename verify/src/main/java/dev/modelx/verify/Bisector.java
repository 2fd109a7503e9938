package dev.modelx.verify;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.SessionOptions;
import dev.modelx.runtime.value.MapValue;
import dev.modelx.runtime.value.OptionalValue;
import dev.modelx.runtime.value.SequenceValue;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the first node whose outputs diverge between a source model (A) and its conversion (B).
 * <p>
 * The values of the two main graphs are paired by {@link TensorMatcher} (name, provenance record, graph-output
 * position) and ordered by A's topological order. Both models run with the session observer
 * ({@link SessionOptions#observer}), which sees every value as it is computed. Memory stays bounded: while A runs,
 * only the paired values are kept, and only up to a byte budget (a window of the pairs); while B runs, each paired
 * value is compared the moment it is computed and both sides are dropped at once. When the budget cuts a window
 * short and no divergence was found in it, both models run again for the next window. Statistics (shape, min, max,
 * mean, std) of every A value are kept — a few numbers each — so the diverging node's inputs can be described.
 * <p>
 * Intermediate values are compared with {@link Comparator#compareIntermediate}: the outputs' tolerances with the
 * relative term taken of at least the tensor's median magnitude (so rounding noise carried in from upstream and
 * amplified by cancellation is not mistaken for the node's own divergence), and shapes that differ only by size-1
 * axes or by an axis permutation (a layout change such as NHWC against NCHW) lined up first.
 */
public final class Bisector {

    private static final int TRAIL = 8;

    private final ToleranceSpec tolerance;
    private final long seed;
    private long memoryBudget;
    private VerifyListener listener = VerifyListener.NONE;

    public Bisector(ToleranceSpec tolerance, long seed) {
        this.tolerance = tolerance;
        this.seed = seed;
    }

    /** Largest number of bytes of A's values kept at once; 0 (the default) for a quarter of the free heap. */
    public Bisector memoryBudget(long bytes) {
        this.memoryBudget = bytes;
        return this;
    }

    public Bisector listener(VerifyListener l) {
        this.listener = l;
        return this;
    }

    /** Bisects with both models on the reference runtime. */
    public Bisection bisect(ModelSource a, Map<String, Tensor> feedsA, ModelSource b, Map<String, Tensor> feedsB) {
        return bisect(a, Oracles.reference(), feedsA, b, Oracles.reference(), feedsB);
    }

    /**
     * Bisects with A on {@code oracleA} and B on {@code oracleB}; an oracle that cannot report intermediate values is
     * replaced by the reference runtime, with a note.
     */
    public Bisection bisect(ModelSource a, Oracle oracleA, Map<String, Tensor> feedsA, ModelSource b, Oracle oracleB,
                            Map<String, Tensor> feedsB) {
        List<String> notes = new ArrayList<>();
        List<TensorMatcher.Match> matches = TensorMatcher.match(a.model(), b.model());
        if (matches.isEmpty()) {
            notes.add("no value of B could be paired with one of A by name, provenance or output position");
            return Bisection.notFound(0, 0, 0, List.of(), null, notes);
        }
        Map<String, Integer> indexOfA = new HashMap<>();
        Map<String, List<Integer>> indicesOfB = new HashMap<>();
        for (int i = 0; i < matches.size(); i++) {
            indexOfA.put(matches.get(i).aValue(), i);
            indicesOfB.computeIfAbsent(matches.get(i).bValue(), k -> new ArrayList<>()).add(i);
        }
        Set<Node> topA = identitySet(a.model().graph().nodes());
        Set<Node> topB = identitySet(b.model().graph().nodes());
        Map<String, TensorStats> statsA = new HashMap<>();
        Comparison[] results = new Comparison[matches.size()];
        long budget = memoryBudget > 0 ? memoryBudget : autoBudget();
        String failureB = null;
        int windows = 0;
        int start = 0;
        int found = -1;
        try (OracleSession sa = observing(oracleA, a, "A", notes); OracleSession sb = observing(oracleB, b, "B", notes)) {
            while (start < matches.size() && found < 0) {
                windows++;
                final int s = start;
                final boolean firstPass = windows == 1;
                int[] end = {matches.size()};
                Map<String, Value> kept = new HashMap<>();
                long[] bytes = {0};
                Set<Node> pendingA = identitySet(a.model().graph().nodes());
                Set<Node> pendingB = identitySet(b.model().graph().nodes());
                listener.stage("bisecting" + (windows > 1 ? " (pass " + windows + ")" : ""), pendingA.size() + pendingB.size());
                SessionOptions.ValueObserver observeA = (node, name, v) -> {
                    if (!topA.contains(node)) {
                        return;
                    }
                    if (pendingA.remove(node)) {
                        listener.step(node.describe());
                    }
                    if (firstPass) {
                        statsA.put(name, TensorStats.of(v));
                    }
                    Integer i = indexOfA.get(name);
                    if (i == null || i < s || i >= end[0]) {
                        return;
                    }
                    long size = bytesOf(v);
                    if (!kept.isEmpty() && bytes[0] + size > budget) {
                        end[0] = i;
                        return;
                    }
                    kept.put(name, v);
                    bytes[0] += size;
                };
                try {
                    sa.run(feedsA, observeA);
                } catch (Exception e) {
                    listener.done();
                    notes.add("A failed to run: " + oneLine(e));
                    return Bisection.notFound(matches.size(), 0, windows, List.of(), null, notes);
                }
                SessionOptions.ValueObserver observeB = (node, name, v) -> {
                    if (!topB.contains(node)) {
                        return;
                    }
                    if (pendingB.remove(node)) {
                        listener.step(node.describe());
                    }
                    for (int i : indicesOfB.getOrDefault(name, List.of())) {
                        if (i >= s && i < end[0]) {
                            Value expected = kept.remove(matches.get(i).aValue());
                            if (expected != null) {
                                results[i] = Comparator.compareIntermediate(expected, v, tolerance);
                            }
                        }
                    }
                };
                try {
                    sb.run(feedsB, observeB);
                } catch (Exception e) {
                    failureB = oneLine(e);
                }
                listener.done();
                kept.clear();
                for (int i = s; i < end[0]; i++) {
                    if (results[i] == null && failureB != null) {
                        TensorMatcher.Match m = matches.get(i);
                        TensorStats expected = statsA.get(m.aValue());
                        results[i] = Comparison.structural(expected == null ? "?" : expected.describe(), "nothing",
                                "B failed before computing '" + m.bValue() + "'");
                    }
                    if (results[i] != null && !results[i].passed()) {
                        found = i;
                        break;
                    }
                }
                start = end[0];
            }
        } catch (Exception e) {
            notes.add("could not open the models: " + oneLine(e));
            return Bisection.notFound(matches.size(), 0, windows, List.of(), failureB, notes);
        }
        int compared = 0;
        int last = found >= 0 ? found : matches.size() - 1;
        for (int i = 0; i <= last; i++) {
            if (results[i] != null) {
                compared++;
            }
        }
        List<Bisection.Step> trail = trail(matches, results, last);
        if (found < 0) {
            return Bisection.notFound(matches.size(), compared, windows, trail, failureB, notes);
        }
        TensorMatcher.Match m = matches.get(found);
        Node na = m.aNode();
        return new Bisection(true, na.describe(), na.name(), op(na), m.aValue(), m.bValue(), m.bNode() == null ? "" : m.bNode().describe(),
                m.by(), results[found], inputs(a, feedsA, na, statsA, indexOfA, results), attributeDifferences(na, m.bNode()),
                matches.size(), compared, windows, trail, failureB, notes);
    }

    private OracleSession observing(Oracle oracle, ModelSource source, String side, List<String> notes) throws Exception {
        OracleSession s = oracle.open(source, seed);
        if (s.observesIntermediates()) {
            return s;
        }
        s.close();
        notes.add(side + " ran on the reference runtime for the bisection: the " + oracle.name()
                + " oracle does not report intermediate values");
        return Oracles.reference().open(source, seed);
    }

    private static List<Bisection.Step> trail(List<TensorMatcher.Match> matches, Comparison[] results, int last) {
        List<Bisection.Step> out = new ArrayList<>();
        for (int i = last; i >= 0 && out.size() < TRAIL; i--) {
            if (results[i] != null) {
                TensorMatcher.Match m = matches.get(i);
                out.add(new Bisection.Step(m.aValue(), m.aNode().describe(), op(m.aNode()), m.by(), results[i].passed(),
                        results[i].summary()));
            }
        }
        Collections.reverse(out);
        return out;
    }

    private static List<Bisection.InputStat> inputs(ModelSource a, Map<String, Tensor> feeds, Node node,
                                                    Map<String, TensorStats> statsA, Map<String, Integer> indexOfA,
                                                    Comparison[] results) {
        Graph g = a.model().graph();
        List<Bisection.InputStat> out = new ArrayList<>();
        for (String in : new LinkedHashSet<>(node.inputs())) {
            if (in.isEmpty()) {
                continue;
            }
            if (feeds.containsKey(in)) {
                out.add(new Bisection.InputStat(in, "model input", TensorStats.of(feeds.get(in)), "same value fed to both"));
            } else if (g.initializers().containsKey(in)) {
                out.add(new Bisection.InputStat(in, "weight", TensorStats.of(g.initializers().get(in)), null));
            } else {
                Integer i = indexOfA.get(in);
                String check;
                if (i == null) {
                    check = "no counterpart in B";
                } else if (results[i] == null) {
                    check = "not compared";
                } else {
                    check = (results[i].passed() ? "agrees in B: " : "differs in B: ") + results[i].summary();
                }
                String producer = g.producer(in).map(Node::describe).orElse("outer scope");
                out.add(new Bisection.InputStat(in, "from " + producer, statsA.get(in), check));
            }
        }
        return out;
    }

    /** {@code axis: -1 in A, 1 in B} for each attribute that differs when both nodes are the same op. */
    static List<String> attributeDifferences(Node a, Node b) {
        List<String> out = new ArrayList<>();
        if (b == null || !a.opType().equals(b.opType()) || !a.domain().equals(b.domain())) {
            return out;
        }
        Set<String> names = new LinkedHashSet<>(a.attributes().keySet());
        names.addAll(b.attributes().keySet());
        for (String n : names) {
            Attribute x = a.attribute(n), y = b.attribute(n);
            if (x == null || y == null || !x.equals(y)) {
                out.add(n + ": " + value(x) + " in A, " + value(y) + " in B");
            }
        }
        return out;
    }

    private static String value(Attribute a) {
        if (a == null) {
            return "(not set)";
        }
        String s = a.toString();
        return s.substring(s.indexOf('=') + 1);
    }

    private static String op(Node n) {
        return n.domain().isEmpty() ? n.opType() : n.domain() + "." + n.opType();
    }

    private static Set<Node> identitySet(List<Node> nodes) {
        Set<Node> s = Collections.newSetFromMap(new IdentityHashMap<>());
        s.addAll(nodes);
        return s;
    }

    private static long autoBudget() {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return Math.max(16L << 20, free / 4);
    }

    /** Heap bytes a value holds (its elements; strings counted at 64 bytes each). */
    static long bytesOf(Value v) {
        if (v instanceof TensorValue tv) {
            Tensor t = tv.tensor();
            DataType type = t.type();
            long per = type == DataType.STRING ? 64 : Math.max(1, type.bits() / 8);
            return t.size() * per;
        }
        if (v instanceof SequenceValue s) {
            return s.items().stream().mapToLong(Bisector::bytesOf).sum();
        }
        if (v instanceof OptionalValue o) {
            return o.value() == null ? 0 : bytesOf(o.value());
        }
        if (v instanceof MapValue m) {
            return bytesOf(new TensorValue(m.keys())) + bytesOf(m.values());
        }
        return 0;
    }

    static String oneLine(Throwable e) {
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
        }
        return msg.replace('\n', ' ').replace('\r', ' ');
    }
}
