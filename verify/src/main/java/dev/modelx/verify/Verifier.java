package dev.modelx.verify;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.Tensors;
import dev.modelx.runtime.value.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Proves a conversion by running the source model (A) and the converted one (B) on the same inputs and comparing
 * every output.
 * <pre>{@code
 * VerificationResult r = new Verifier().seed(1).dim("batch", 2).bisect(true)
 *         .verify(ModelSource.of(source), ModelSource.of(converted));
 * if (!r.passed()) System.out.println(r.bisection().lines());
 * }</pre>
 * Inputs are the given ones plus generated ones ({@link InputSynthesizer}); B receives the same values, its
 * inputs paired with A's by name or, when the conversion renamed them, by position (and converted to B's declared
 * element type when it differs). Outputs are paired the same way ({@link NameMatching}); each is compared with
 * {@link Comparator} under the {@link ToleranceSpec}. A runs on {@link #oracleA} (the reference runtime unless
 * another is chosen), B on {@link #oracleB} (the reference runtime). When {@link #bisect} is on and an output fails
 * (or B fails to run), {@link Bisector} finds the first diverging node.
 */
public final class Verifier {

    private Oracle oracleA = Oracles.reference();
    private Oracle oracleB = Oracles.reference();
    private ToleranceSpec tolerance = ToleranceSpec.DEFAULTS;
    private long seed;
    private final Map<String, Long> dims = new LinkedHashMap<>();
    private final Map<String, Tensor> inputs = new LinkedHashMap<>();
    private boolean bisect;
    private long memoryBudget;
    private VerifyListener listener = VerifyListener.NONE;

    public Verifier oracleA(Oracle o) {
        this.oracleA = Objects.requireNonNull(o);
        return this;
    }

    public Verifier oracleB(Oracle o) {
        this.oracleB = Objects.requireNonNull(o);
        return this;
    }

    public Verifier tolerance(ToleranceSpec t) {
        this.tolerance = Objects.requireNonNull(t);
        return this;
    }

    public Verifier seed(long s) {
        this.seed = s;
        return this;
    }

    public Verifier dim(String name, long value) {
        dims.put(name, value);
        return this;
    }

    public Verifier dims(Map<String, Long> d) {
        dims.putAll(d);
        return this;
    }

    /** A given input value, by A's input name. */
    public Verifier input(String name, Tensor value) {
        inputs.put(name, value);
        return this;
    }

    public Verifier inputs(Map<String, Tensor> given) {
        inputs.putAll(given);
        return this;
    }

    public Verifier bisect(boolean b) {
        this.bisect = b;
        return this;
    }

    /** Hears the progress (the CLI draws a progress bar for large models). */
    public Verifier listener(VerifyListener l) {
        this.listener = Objects.requireNonNull(l);
        return this;
    }

    /** See {@link Bisector#memoryBudget}. */
    public Verifier memoryBudget(long bytes) {
        this.memoryBudget = bytes;
        return this;
    }

    /**
     * Runs both models and compares them. Throws {@link IllegalArgumentException} for what the caller must fix (an
     * oracle that cannot run a model, unknown or ill-shaped inputs, inputs of B that cannot be paired with A's); a
     * model failing to run is reported in {@link VerificationResult#error()}.
     */
    public VerificationResult verify(ModelSource a, ModelSource b) {
        String why = oracleA.whyNot(a);
        if (why != null) {
            throw new IllegalArgumentException("the " + oracleA.name() + " oracle cannot run " + a.label() + ": " + why);
        }
        why = oracleB.whyNot(b);
        if (why != null) {
            throw new IllegalArgumentException("the " + oracleB.name() + " oracle cannot run " + b.label() + ": " + why);
        }
        List<InputSynthesizer.Input> generated = InputSynthesizer.generate(a.model(), dims, seed, inputs);
        Map<String, Tensor> feedsA = InputSynthesizer.asMap(generated);
        List<String> notes = new ArrayList<>();
        List<NameMatching.Pair> inputPairs = NameMatching.match(names(a.model().graph().feedInputs()),
                names(b.model().graph().feedInputs()));
        Map<String, Tensor> feedsB = feedsForB(b.model().graph(), inputPairs, feedsA, notes);
        List<VerificationResult.InputInfo> infos = new ArrayList<>();
        for (int i = 0; i < generated.size(); i++) {
            InputSynthesizer.Input in = generated.get(i);
            NameMatching.Pair p = inputPairs.get(i);
            infos.add(new VerificationResult.InputInfo(in.name(), p.b(), p.by(), TensorStats.of(in.tensor()), in.given(), in.origin()));
        }
        Map<String, Long> boundDims = boundDims(a.model().graph(), feedsA);
        for (String d : dims.keySet()) {
            if (!boundDims.containsKey(d)) {
                notes.add("dimension '" + d + "' is not a symbolic dimension of A's inputs"
                        + (boundDims.isEmpty() ? " (they have none)" : " (those are " + boundDims.keySet() + ")"));
            }
        }

        String error = null;
        long t0 = System.nanoTime();
        Map<String, Value> outA = null;
        try (OracleSession s = oracleA.open(a, seed)) {
            outA = run(s, feedsA, "running A on " + oracleA.name(), a);
        } catch (Exception e) {
            error = "A (" + a.label() + ") failed on " + oracleA.name() + ": " + Bisector.oneLine(e);
        } finally {
            listener.done();
        }
        long t1 = System.nanoTime();
        Map<String, Value> outB = null;
        if (outA != null) {
            try (OracleSession s = oracleB.open(b, seed)) {
                outB = run(s, feedsB, "running B on " + oracleB.name(), b);
            } catch (Exception e) {
                error = "B (" + b.label() + ") failed on " + oracleB.name() + ": " + Bisector.oneLine(e);
            } finally {
                listener.done();
            }
        }
        long t2 = System.nanoTime();

        List<OutputResult> outputs = new ArrayList<>();
        if (outA != null && outB != null) {
            List<String> namesA = names(a.model().graph().outputs());
            List<String> namesB = names(b.model().graph().outputs());
            for (NameMatching.Pair p : NameMatching.match(namesA, namesB)) {
                Value ea = outA.get(p.a());
                Value vb = p.b() == null ? null : outB.get(p.b());
                Comparison c = p.b() == null
                        ? Comparison.structural(Comparator.describe(ea), "nothing", "B has no output for '" + p.a() + "'")
                        : Comparator.compare(ea, vb, tolerance);
                outputs.add(new OutputResult(p.a(), p.b(), p.by(), producerOp(a.model().graph(), p.a()), c));
            }
            for (String nb : namesB) {
                if (outputs.stream().noneMatch(o -> nb.equals(o.nameB()))) {
                    notes.add("B's output '" + nb + "' has no counterpart in A; not compared");
                }
            }
        }
        VerificationResult result = new VerificationResult(a, b, oracleA.description(), oracleB.description(), seed, boundDims,
                tolerance, infos, outputs, error, null, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, notes);
        boolean needed = outA != null && (outB == null || !result.passed());
        if (bisect && needed) {
            Bisection bis = new Bisector(tolerance, seed).memoryBudget(memoryBudget).listener(listener)
                    .bisect(a, oracleA, feedsA, b, oracleB, feedsB);
            result = result.withBisection(bis);
        }
        return result;
    }

    /** Runs, reporting each top-level node to the listener when the runtime reports nodes (the reference runtime does). */
    private Map<String, Value> run(OracleSession s, Map<String, Tensor> feeds, String stage, ModelSource m) throws Exception {
        if (listener == VerifyListener.NONE || !(s instanceof ReferenceOracle.Session)) {
            listener.stage(stage, 0);
            return s.run(feeds);
        }
        List<Node> nodes = m.model().graph().nodes();
        listener.stage(stage, nodes.size());
        java.util.Set<Node> top = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        top.addAll(nodes);
        return s.run(feeds, (node, name, v) -> {
            if (top.remove(node)) {
                listener.step(node.describe());
            }
        });
    }

    private static List<String> names(List<ValueInfo> infos) {
        return infos.stream().map(ValueInfo::name).toList();
    }

    private static Map<String, Tensor> feedsForB(Graph gb, List<NameMatching.Pair> pairs, Map<String, Tensor> feedsA,
                                                 List<String> notes) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (NameMatching.Pair p : pairs) {
            if (p.b() == null) {
                throw new IllegalArgumentException("B has no input matching A's input '" + p.a() + "' by name or position");
            }
            Tensor t = feedsA.get(p.a());
            DataType want = gb.declaredType(p.b()).filter(Type.TensorType.class::isInstance)
                    .map(x -> ((Type.TensorType) x).elementType()).orElse(DataType.UNDEFINED);
            if (want != DataType.UNDEFINED && want != t.type() && t.type() != DataType.STRING && want != DataType.STRING) {
                t = cast(t, want);
                notes.add("input '" + p.a() + "' converted to " + want.displayName() + " for B");
            }
            out.put(p.b(), t);
        }
        for (ValueInfo v : gb.feedInputs()) {
            if (!out.containsKey(v.name()) && !(v.type() instanceof Type.OptionalType)) {
                throw new IllegalArgumentException("B's input '" + v.name() + "' has no counterpart in A");
            }
        }
        return out;
    }

    private static Tensor cast(Tensor t, DataType to) {
        if (to.isFloatingPoint()) {
            return Tensors.fromDoubles(to, t.shape(), t.toDoubleArray());
        }
        return Tensors.fromLongs(to, t.shape(), t.toLongArray());
    }

    /** The symbolic dimensions of A's inputs as the fed values bind them. */
    private static Map<String, Long> boundDims(Graph g, Map<String, Tensor> feeds) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ValueInfo in : g.feedInputs()) {
            Tensor t = feeds.get(in.name());
            if (t != null && in.type() instanceof Type.TensorType tt && tt.shape() != null && tt.shape().rank() == t.rank()) {
                for (int i = 0; i < t.rank(); i++) {
                    if (tt.shape().dim(i).isSymbolic()) {
                        out.putIfAbsent(tt.shape().dim(i).param(), t.dim(i));
                    }
                }
            }
        }
        return out;
    }

    private static String producerOp(Graph g, String value) {
        return g.producer(value).map(Node::opType).orElse("");
    }
}
