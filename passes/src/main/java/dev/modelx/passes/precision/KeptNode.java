package dev.modelx.passes.precision;

/**
 * A node that computes in float32 after the conversion, and why. {@code path} locates it: the node's name, or
 * its outputs, prefixed by the containing nodes for sub-graphs ({@code "loop/body: mul_3"}).
 */
public record KeptNode(String path, String opType, Reason reason, String detail) {

    /** Why a node stays float32. */
    public enum Reason {
        /** Named by {@link PrecisionOptions#blockList} or {@link PrecisionOptions#blockNodes}. */
        BLOCK_LIST("block list"),
        /** In {@link PrecisionOptions#defaultBlockListOps()}. */
        DEFAULT_BLOCK_LIST("default block list"),
        /** The op's definition at the model's op set does not accept the target type. */
        TYPE_NOT_ACCEPTED("type not accepted"),
        /** Not an ai.onnx op (custom domain, model-local function): its types are unknown. */
        NOT_ONNX("not an ai.onnx op"),
        /** An ai.onnx op modelx has no definition of at the model's op set. */
        UNKNOWN_OP("unknown op"),
        /** Operates on sequences or optionals. */
        SEQUENCE_OR_OPTIONAL("sequence/optional op"),
        /** A sub-graph op left as it is (blocked, or a kind modelx does not convert inside). */
        SUBGRAPH("sub-graph op"),
        /** A data-movement op whose input is float32: it follows its input. */
        FOLLOWS_INPUT("follows its float32 input"),
        /** The automatic mode found that converting it breaks the tolerance or overflows. */
        AUTO("auto mixed precision");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One line, e.g. {@code Mul 'scale_up': auto mixed precision: produced Inf in 'big' ...}. */
    @Override
    public String toString() {
        return opType + " '" + path + "': " + reason.label() + (detail == null || detail.isEmpty() ? "" : ": " + detail);
    }
}
