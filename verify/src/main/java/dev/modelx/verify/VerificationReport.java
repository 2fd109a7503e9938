package dev.modelx.verify;

import dev.modelx.graph.io.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link VerificationResult} as text (what the CLI prints), JSON and a self-contained HTML page
 * ({@link HtmlVerificationReport}). The JSON's {@code cases} hold one entry per output with the conformance
 * report's case fields — {@code name}, {@code folder} (the direction, e.g. {@code onnx->onnx}), {@code op},
 * {@code status}, {@code max_abs_err}, {@code max_rel_err}, {@code reason} — followed by the verification's own
 * ({@code max_ulp}, {@code share_outside}, {@code rtol}, {@code atol}, {@code matched_by}, ...).
 */
public final class VerificationReport {

    private VerificationReport() {
    }

    /** The lines the CLI prints: inputs, one line per output, the verdict, and the bisection when there is one. */
    public static List<String> lines(VerificationResult r) {
        List<String> out = new ArrayList<>();
        out.add("A: " + r.a().label() + " (" + r.a().formatOrDefault() + ") on " + r.oracleA());
        out.add("B: " + r.b().label() + " (" + r.b().formatOrDefault() + ") on " + r.oracleB());
        out.add("tolerance: " + r.tolerance() + "; seed " + r.seed() + (r.dims().isEmpty() ? "" : "; dims " + r.dims()));
        for (VerificationResult.InputInfo in : r.inputs()) {
            out.add("input  " + in.name() + pairing(in.nameB(), in.matchedBy(), in.name()) + ": " + in.stats().describe() + " ("
                    + in.origin() + ")");
        }
        if (r.error() != null) {
            out.add("error: " + r.error());
        }
        for (OutputResult o : r.outputs()) {
            Comparison c = o.comparison();
            out.add("output " + o.name() + pairing(o.nameB(), o.matchedBy(), o.name()) + ": " + (o.passed() ? "ok" : "FAILED")
                    + " - " + c.summary());
            if (!o.passed() && c.mismatch() == null) {
                out.add("       " + c.reason());
            }
            if (c.note() != null) {
                out.add("       note: " + c.note());
            }
        }
        for (String n : r.notes()) {
            out.add("note: " + n);
        }
        long failed = r.failedCount();
        if (r.error() != null) {
            out.add("FAILED: " + r.error());
        } else if (r.passed()) {
            out.add("verified: all " + r.outputs().size() + " output(s) within tolerance (A " + r.millisA() + " ms, B "
                    + r.millisB() + " ms)");
        } else {
            out.add("FAILED: " + failed + " of " + r.outputs().size() + " output(s) differ beyond tolerance");
        }
        if (r.bisection() != null) {
            out.addAll(r.bisection().lines());
        }
        return out;
    }

    private static String pairing(String nameB, String by, String nameA) {
        if (nameB == null) {
            return " (no counterpart in B)";
        }
        return nameB.equals(nameA) ? "" : " (B: '" + nameB + "', matched by " + by + ")";
    }

    public static Map<String, Object> toMap(VerificationResult r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("suite", "verify");
        root.put("model_a", r.a().label());
        root.put("format_a", r.a().format());
        root.put("model_b", r.b().label());
        root.put("format_b", r.b().format());
        root.put("oracle_a", r.oracleA());
        root.put("oracle_b", r.oracleB());
        root.put("seed", r.seed());
        root.put("dims", new LinkedHashMap<>(r.dims()));
        Map<String, Object> tol = new LinkedHashMap<>();
        tol.put("rtol", r.tolerance().rtol());
        tol.put("atol", r.tolerance().atol());
        tol.put("defaults", "per element type, see docs/verification.md");
        root.put("tolerance", tol);
        Map<String, Object> summary = new LinkedHashMap<>();
        long failed = r.failedCount();
        summary.put("passed", r.outputs().size() - failed);
        summary.put("failed", failed);
        summary.put("skipped", 0);
        summary.put("statistical", 0);
        root.put("summary", summary);
        root.put("status", r.passed() ? "passed" : "failed");
        root.put("error", r.error());
        root.put("millis_a", r.millisA());
        root.put("millis_b", r.millisB());
        List<Object> inputs = new ArrayList<>();
        for (VerificationResult.InputInfo in : r.inputs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", in.name());
            m.put("name_b", in.nameB());
            m.put("matched_by", in.matchedBy());
            m.put("given", in.given());
            m.put("origin", in.origin());
            m.put("stats", in.stats().toMap());
            inputs.add(m);
        }
        root.put("inputs", inputs);
        List<Object> cases = new ArrayList<>();
        for (OutputResult o : r.outputs()) {
            Comparison c = o.comparison();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", o.name());
            m.put("folder", r.direction());
            m.put("op", o.op());
            m.put("status", o.status());
            m.put("max_abs_err", c.maxAbsErr());
            m.put("max_rel_err", c.maxRelErr());
            m.put("reason", c.reason());
            m.put("name_b", o.nameB());
            m.put("matched_by", o.matchedBy());
            m.put("max_ulp", c.maxUlp());
            m.put("share_outside", c.shareOutside());
            m.putAll(without(c.toMap(), "max_abs_err", "max_rel_err", "max_ulp", "share_outside"));
            cases.add(m);
        }
        root.put("cases", cases);
        root.put("bisection", r.bisection() == null ? null : r.bisection().toMap());
        root.put("notes", r.notes());
        return root;
    }

    private static Map<String, Object> without(Map<String, Object> m, String... keys) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        Arrays.stream(keys).forEach(out::remove);
        return out;
    }

    /** The report as JSON; NaN and infinite numbers (nothing compared) are written as null, as the conformance report does. */
    public static String toJson(VerificationResult r) {
        return Json.write(finite(toMap(r)));
    }

    private static Object finite(Object v) {
        if (v instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, finite(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(VerificationReport::finite).toList();
        }
        return v;
    }

    public static void writeJson(VerificationResult r, Path file) {
        ReportFiles.write(file, toJson(r));
    }

    public static void writeHtml(VerificationResult r, Path file) {
        ReportFiles.write(file, HtmlVerificationReport.render(r));
    }
}
