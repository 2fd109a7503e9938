package dev.modelx.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a converted model first parts from its source: the first value, in the source's topological order, whose
 * counterpart in the converted model is beyond tolerance (see {@link Bisector}).
 *
 * @param found                 whether a diverging value was found
 * @param node                  A's node computing it, e.g. {@code node 'attention_probs' (Softmax)}
 * @param nodeName              its name ("" when unnamed)
 * @param op                    its op type (with domain when not the default)
 * @param value                 the diverging value's name in A
 * @param valueB                its counterpart's name in B
 * @param nodeB                 B's node computing the counterpart
 * @param matchedBy             how the two were paired: "name", "provenance" or "position"
 * @param error                 how the counterpart compares
 * @param inputs                the A node's inputs with their statistics in A
 * @param attributeDifferences  attributes that differ between the A node and the B node when they are the same op
 * @param matched               values paired across the two graphs
 * @param compared              pairs compared (up to and including the divergence)
 * @param windows               runs of both models the bisection needed (more than one when the values to keep
 *                              exceeded the memory budget)
 * @param trail                 the last compared pairs up to and including the divergence, in A's order
 * @param failureB              B's run failure, when it failed
 * @param notes                 anything the reader should know (an oracle that could not report intermediates)
 */
public record Bisection(boolean found, String node, String nodeName, String op, String value, String valueB, String nodeB,
                        String matchedBy, Comparison error, List<InputStat> inputs, List<String> attributeDifferences,
                        int matched, int compared, int windows, List<Step> trail, String failureB, List<String> notes) {

    /** One input of the diverging node. {@code check} says how it compares in B, or why it was not compared. */
    public record InputStat(String name, String role, TensorStats stats, String check) {
    }

    /** One compared pair of the trail. */
    public record Step(String value, String node, String op, String matchedBy, boolean passed, String summary) {
    }

    public Bisection {
        inputs = List.copyOf(inputs);
        attributeDifferences = List.copyOf(attributeDifferences);
        trail = List.copyOf(trail);
        notes = List.copyOf(notes);
    }

    static Bisection notFound(int matched, int compared, int windows, List<Step> trail, String failureB, List<String> notes) {
        return new Bisection(false, null, null, null, null, null, null, null, null, List.of(), List.of(), matched, compared,
                windows, trail, failureB, notes);
    }

    /** The text the CLI prints, one item per line. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (!found) {
            out.add("bisection: no matched value diverged beyond tolerance (" + compared + " of " + matched
                    + " matched values compared)");
        } else {
            out.add("first divergence: " + node + ", output '" + value + "'" + (valueB.equals(value) ? "" : " (B: '" + valueB + "')")
                    + ", matched by " + matchedBy);
            if (!nodeB.isEmpty()) {
                out.add("  B computes it in " + nodeB);
            }
            out.add("  error: " + error.summary());
            String reason = error.reason();
            if (reason != null && error.mismatch() == null) {
                out.add("  " + reason);
            }
            if (error.note() != null) {
                out.add("  note: " + error.note());
            }
            for (String d : attributeDifferences) {
                out.add("  attribute " + d);
            }
            if (!inputs.isEmpty()) {
                out.add("  inputs (in A):");
                for (InputStat i : inputs) {
                    out.add("    " + i.name() + " (" + i.role() + "): " + (i.stats() == null ? "?" : i.stats().describe())
                            + (i.check() == null ? "" : "; " + i.check()));
                }
            }
            out.add("  " + (compared - 1) + " matched values before it agree (" + matched + " matched in all"
                    + (windows > 1 ? ", " + windows + " passes" : "") + ")");
        }
        if (failureB != null) {
            out.add("  B failed: " + failureB);
        }
        for (String n : notes) {
            out.add("  note: " + n);
        }
        return out;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("found", found);
        if (found) {
            m.put("node", nodeName);
            m.put("op", op);
            m.put("description", node);
            m.put("value", value);
            m.put("value_b", valueB);
            m.put("node_b", nodeB);
            m.put("matched_by", matchedBy);
            m.put("max_abs_err", error.maxAbsErr());
            m.put("max_rel_err", error.maxRelErr());
            m.put("reason", error.reason());
            m.put("error", error.toMap());
            List<Object> ins = new ArrayList<>();
            for (InputStat i : inputs) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("name", i.name());
                x.put("role", i.role());
                x.put("stats", i.stats() == null ? null : i.stats().toMap());
                x.put("check", i.check());
                ins.add(x);
            }
            m.put("inputs", ins);
            m.put("attribute_differences", attributeDifferences);
        }
        m.put("matched", matched);
        m.put("compared", compared);
        m.put("windows", windows);
        List<Object> t = new ArrayList<>();
        for (Step s : trail) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("value", s.value());
            x.put("node", s.node());
            x.put("op", s.op());
            x.put("matched_by", s.matchedBy());
            x.put("status", s.passed() ? "passed" : "failed");
            x.put("summary", s.summary());
            t.add(x);
        }
        m.put("trail", t);
        m.put("failure_b", failureB);
        m.put("notes", notes);
        return m;
    }
}
