package dev.modelx.passes.opset;

import java.util.List;

/**
 * Thrown when a model cannot be converted to the requested op set. Lists every node that blocks the target
 * (not just the first), each with the reason, so one run tells the user everything to change.
 */
public final class OpsetConversionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** One node that cannot be expressed at the target op set. */
    public record Blocker(String node, String opType, int opset, String reason) {
        @Override
        public String toString() {
            return node + ": " + reason;
        }
    }

    private final int sourceOpset;
    private final int targetOpset;
    private final List<Blocker> blockers;

    public OpsetConversionException(int sourceOpset, int targetOpset, List<Blocker> blockers) {
        super(message(sourceOpset, targetOpset, blockers));
        this.sourceOpset = sourceOpset;
        this.targetOpset = targetOpset;
        this.blockers = List.copyOf(blockers);
    }

    public OpsetConversionException(String message) {
        super(message);
        this.sourceOpset = -1;
        this.targetOpset = -1;
        this.blockers = List.of();
    }

    public int sourceOpset() {
        return sourceOpset;
    }

    public int targetOpset() {
        return targetOpset;
    }

    public List<Blocker> blockers() {
        return blockers;
    }

    /** The op types of the blocking nodes, each once, in order of appearance. */
    public List<String> blockingOps() {
        return blockers.stream().map(Blocker::opType).distinct().toList();
    }

    private static String message(int source, int target, List<Blocker> blockers) {
        StringBuilder sb = new StringBuilder("Cannot convert from ai.onnx op set ").append(source).append(" to ").append(target)
                .append(": ").append(blockers.size()).append(blockers.size() == 1 ? " node blocks" : " nodes block").append(" it");
        for (Blocker b : blockers) {
            sb.append("\n  ").append(b);
        }
        return sb.toString();
    }
}
