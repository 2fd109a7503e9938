package dev.modelx.passes;

import java.util.List;

/**
 * What one pass did: node counts before and after (sub-graph nodes included), how many nodes it removed,
 * added and rewrote in place, notes on what it skipped and why, and its wall time.
 */
public record PassResult(String pass, int nodesBefore, int nodesAfter, int removed, int added, int rewritten,
                         List<String> notes, long millis) {

    public PassResult {
        notes = List.copyOf(notes);
    }

    public boolean changed() {
        return removed > 0 || added > 0 || rewritten > 0;
    }

    /** One line, e.g. {@code fold: 415 -> 176 nodes (239 removed, 0 added, 0 rewritten) in 85 ms}. */
    public String summary() {
        StringBuilder sb = new StringBuilder()
                .append(pass).append(": ").append(nodesBefore).append(" -> ").append(nodesAfter).append(" nodes (")
                .append(removed).append(" removed, ").append(added).append(" added, ").append(rewritten).append(" rewritten) in ")
                .append(millis).append(" ms");
        if (!notes.isEmpty()) {
            sb.append("; ").append(notes.get(0));
            if (notes.size() > 1) {
                sb.append(" (+").append(notes.size() - 1).append(" more notes)");
            }
        }
        return sb.toString();
    }
}
