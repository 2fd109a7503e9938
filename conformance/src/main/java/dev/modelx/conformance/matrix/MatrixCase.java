package dev.modelx.conformance.matrix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of one cell: one source model converted in one direction.
 *
 * @param name            the model's id ({@link MatrixModel#id()})
 * @param group           the corpus part ({@link MatrixModel#group()})
 * @param direction       source and target format
 * @param ops             the op types of the source model's main graph; for backend tests the op under test first
 * @param status          the outcome
 * @param maxAbsErr       largest absolute error of the converted model's outputs against the source's (NaN when not compared)
 * @param maxRelErr       largest relative error (NaN when not compared)
 * @param reason          why it did not pass (null when it passed), or a note
 * @param unsupportedOps  the ops the exporter does not cover (UNSUPPORTED only)
 * @param divergenceNode  the first diverging node of the source model (FAIL, when bisected and found), else null
 * @param divergenceOp    its op type, else null
 * @param expectedAbsErr  backend tests: the converted model's largest absolute error against the stored expected outputs
 *                        (NaN when not compared)
 * @param millis          time the case took
 */
public record MatrixCase(String name, String group, Direction direction, List<String> ops, MatrixStatus status,
                         double maxAbsErr, double maxRelErr, String reason, List<String> unsupportedOps, String divergenceNode,
                         String divergenceOp, double expectedAbsErr, long millis) {

    public MatrixCase {
        ops = List.copyOf(ops);
        unsupportedOps = List.copyOf(unsupportedOps);
    }

    public String sourceFormat() {
        return direction.from();
    }

    public String targetFormat() {
        return direction.to();
    }

    /** The op the case exercises most specifically: for backend tests the op under test, else the rarest op ("" if none). */
    public String op() {
        return ops.isEmpty() ? "" : ops.get(0);
    }

    /** True for an ONNX backend test (a single-op or small model whose op under test is {@link #op()}). */
    public boolean isBackendTest() {
        return MatrixCorpus.BACKEND_FOLDERS.contains(group) && !group.equals("light");
    }

    /**
     * The ops this case's outcome is credited to in the per-op table: the unsupported ops; else the first diverging
     * node's op; else, for backend tests, the op under test; else none (a whole model that passed or crashed says
     * nothing about one op).
     */
    public List<String> creditedOps() {
        if (status == MatrixStatus.UNSUPPORTED && !unsupportedOps.isEmpty()) {
            return unsupportedOps;
        }
        if (divergenceOp != null && !divergenceOp.isEmpty()) {
            return List.of(divergenceOp);
        }
        if (isBackendTest() && !op().isEmpty()) {
            return List.of(op());
        }
        return List.of();
    }

    MatrixCase withStatus(MatrixStatus s, String why) {
        return new MatrixCase(name, group, direction, ops, s, maxAbsErr, maxRelErr, why, unsupportedOps, divergenceNode, divergenceOp,
                expectedAbsErr, millis);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("group", group);
        m.put("source_format", sourceFormat());
        m.put("target_format", targetFormat());
        m.put("op", op());
        m.put("ops", ops);
        m.put("status", status.label());
        m.put("max_abs_err", maxAbsErr);
        m.put("max_rel_err", maxRelErr);
        m.put("reason", reason);
        if (!unsupportedOps.isEmpty()) {
            m.put("unsupported_ops", unsupportedOps);
        }
        if (divergenceNode != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("node", divergenceNode);
            d.put("op", divergenceOp);
            m.put("first_divergence", d);
        }
        if (!Double.isNaN(expectedAbsErr)) {
            m.put("max_abs_err_vs_expected", expectedAbsErr);
        }
        m.put("millis", millis);
        return m;
    }
}
