package dev.modelx.passes.precision;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The converted model and what the conversion did: nodes now computing in the target type, nodes kept in
 * float32 with the reason for each, initializers and Constant values converted (and how many of their
 * elements were clamped to the target's largest finite value or flushed to zero), Casts inserted at the
 * float32/target boundaries, the weights' size before and after, and the automatic mode's report when it ran.
 *
 * @param nodesConverted          nodes whose float32 inputs/outputs are now in the target type (sub-graphs included)
 * @param initializersConverted   float32 initializers now stored in the target type
 * @param initializersDuplicated  float32 initializers read both by converted and by float32 nodes: kept, plus a converted copy
 * @param constantsConverted      Constant / ConstantOfShape values converted
 * @param valuesConverted         weight elements converted
 * @param valuesClamped           finite elements beyond the target's range, set to its largest finite value
 * @param valuesFlushedToZero     non-zero elements too small for the target, now zero
 * @param castsInserted           Cast nodes added at boundaries
 */
public record PrecisionReport(Model model, DataType target, boolean keepIoTypes, int nodesConverted, List<KeptNode> kept,
                              int initializersConverted, int initializersDuplicated, int constantsConverted,
                              long valuesConverted, long valuesClamped, long valuesFlushedToZero, int castsInserted,
                              long weightBytesBefore, long weightBytesAfter, AutoReport auto) {

    public PrecisionReport {
        kept = List.copyOf(kept);
    }

    /** Kept nodes, not counting data-movement ops that merely follow a float32 input. */
    public List<KeptNode> keptForAReason() {
        return kept.stream().filter(k -> k.reason() != KeptNode.Reason.FOLLOWS_INPUT).toList();
    }

    /** How many kept nodes per reason. */
    public Map<KeptNode.Reason, Integer> keptByReason() {
        Map<KeptNode.Reason, Integer> m = new LinkedHashMap<>();
        for (KeptNode k : kept) {
            m.merge(k.reason(), 1, Integer::sum);
        }
        return m;
    }

    /**
     * One line, e.g. {@code fp16: 14 nodes converted, 2 kept in float32 (auto 2), 11 initializers converted
     * (0 values clamped, 0 flushed to zero), 2 Casts inserted, weights 48.2 KiB -> 24.1 KiB}.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(target == DataType.FLOAT16 ? "fp16" : "bf16").append(": ").append(nodesConverted).append(" nodes converted, ");
        List<KeptNode> real = keptForAReason();
        sb.append(real.size()).append(" kept in float32");
        Map<KeptNode.Reason, Integer> by = new LinkedHashMap<>();
        real.forEach(k -> by.merge(k.reason(), 1, Integer::sum));
        if (!by.isEmpty()) {
            List<String> parts = new ArrayList<>();
            by.forEach((r, n) -> parts.add(r.label() + " " + n));
            sb.append(" (").append(String.join(", ", parts)).append(')');
        }
        sb.append(", ").append(initializersConverted).append(" initializers");
        if (constantsConverted > 0) {
            sb.append(" and ").append(constantsConverted).append(" constants");
        }
        sb.append(" converted (").append(valuesClamped).append(" values clamped, ").append(valuesFlushedToZero)
                .append(" flushed to zero)");
        if (initializersDuplicated > 0) {
            sb.append(", ").append(initializersDuplicated).append(" kept in both types");
        }
        sb.append(", ").append(castsInserted).append(" Casts inserted, weights ").append(bytes(weightBytesBefore))
                .append(" -> ").append(bytes(weightBytesAfter));
        if (keepIoTypes) {
            sb.append(", float32 inputs/outputs kept");
        }
        return sb.toString();
    }

    /** The summary, the automatic mode's line, then one line per node kept for a reason. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(summary());
        if (auto != null) {
            out.add(auto.summary());
        }
        for (KeptNode k : keptForAReason()) {
            out.add("  kept " + k);
        }
        return out;
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        if (b < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", b / (1024.0 * 1024 * 1024));
    }
}
