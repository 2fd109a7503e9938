package dev.modelx.conformance.matrix;

import java.util.Locale;

/** How one cell of the matrix (a model in one direction) ended. */
public enum MatrixStatus {
    /** Converted, read back, and every output within tolerance of the source's (and of the stored expected outputs). */
    PASS,
    /** Converted, read back and run, but an output differs beyond tolerance: the worst error and the first diverging node. */
    FAIL,
    /**
     * The target cannot express the model: the exporter's {@link dev.modelx.graph.UnsupportedOpsException} (the ops are
     * recorded), an exporter's deliberate refusal of one node ("Resize needs constant sizes": that node's op), or the
     * source's importer not covering an op.
     */
    UNSUPPORTED,
    /**
     * Something crashed (an exporter's internal error, the written model not reading back or not running, the source not
     * running), or the case ran past its time limit: the message is recorded.
     */
    ERROR;

    /** "pass", "fail", "unsupported", "error": the report's spelling. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
