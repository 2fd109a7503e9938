package dev.modelx.passes;

import java.util.List;

/** The results of a pipeline's passes in order, with the node counts of the whole run. */
public record PipelineResult(List<PassResult> passes, int nodesBefore, int nodesAfter, Preservation preservation) {

    public PipelineResult {
        passes = List.copyOf(passes);
    }

    public boolean changed() {
        return passes.stream().anyMatch(PassResult::changed);
    }

    /** One summary line per pass. */
    public List<String> lines() {
        return passes.stream().map(PassResult::summary).toList();
    }

    /** The per-pass lines and a total line, newline-separated. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (String line : lines()) {
            sb.append(line).append('\n');
        }
        long ms = passes.stream().mapToLong(PassResult::millis).sum();
        return sb.append("total: ").append(nodesBefore).append(" -> ").append(nodesAfter).append(" nodes in ")
                .append(ms).append(" ms (").append(preservation.description()).append(')').toString();
    }
}
