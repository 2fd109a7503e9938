package dev.modelx.conformance;

import dev.modelx.graph.io.Json;
import dev.modelx.verify.ReportFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results of a conformance run: a summary, counts per corpus folder and per op, and every case in report order.
 * Written as JSON ({@link #toJson()}) and as a self-contained HTML page ({@link HtmlReport}).
 */
public final class ConformanceReport {

    /** How many cases ended in each status. */
    public record Counts(int passed, int failed, int skipped, int statistical) {
        public int total() {
            return passed + failed + skipped + statistical;
        }

        Counts plus(CaseStatus s) {
            return new Counts(passed + (s == CaseStatus.PASSED ? 1 : 0), failed + (s == CaseStatus.FAILED ? 1 : 0),
                    skipped + (s == CaseStatus.SKIPPED ? 1 : 0), statistical + (s == CaseStatus.STATISTICAL ? 1 : 0));
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("passed", passed);
            m.put("failed", failed);
            m.put("skipped", skipped);
            m.put("statistical", statistical);
            return m;
        }

        static final Counts ZERO = new Counts(0, 0, 0, 0);
    }

    /** Counts of the cases credited to one op, and the largest max_abs_err among its passed cases (NaN if none). */
    public record OpStats(Counts counts, double worstPassedAbsErr) {
    }

    private final String data;
    private final List<CaseResult> cases;
    private final long wallMillis;
    private final int threads;
    private final String via;
    private final String ranIn;

    public ConformanceReport(String data, List<CaseResult> cases, long wallMillis, int threads) {
        this(data, cases, wallMillis, threads, null, null);
    }

    /**
     * A run through another format ({@link ViaFormat}): {@code via} is the format the models were exported to,
     * {@code ranIn} one line saying what ran the written models (null for both when the imported models ran directly).
     */
    public ConformanceReport(String data, List<CaseResult> cases, long wallMillis, int threads, String via, String ranIn) {
        this.data = data;
        this.cases = List.copyOf(cases);
        this.wallMillis = wallMillis;
        this.threads = threads;
        this.via = via;
        this.ranIn = ranIn;
    }

    /** The format the models were exported to before running, or null. */
    public String via() {
        return via;
    }

    /** What ran the exported models ("ran in: tensorflow (...)", "ran in: reference runtime after re-import ..."), or null. */
    public String ranIn() {
        return ranIn;
    }

    public String data() {
        return data;
    }

    public List<CaseResult> cases() {
        return cases;
    }

    public long wallMillis() {
        return wallMillis;
    }

    public int threads() {
        return threads;
    }

    public Counts summary() {
        Counts c = Counts.ZERO;
        for (CaseResult r : cases) {
            c = c.plus(r.status());
        }
        return c;
    }

    /** Counts per folder, in {@link BackendCorpus#FOLDERS} order (folders without cases left out). */
    public Map<String, Counts> folders() {
        Map<String, Counts> m = new LinkedHashMap<>();
        for (String f : BackendCorpus.FOLDERS) {
            for (CaseResult r : cases) {
                if (r.folder().equals(f)) {
                    m.put(f, m.getOrDefault(f, Counts.ZERO).plus(r.status()));
                }
            }
        }
        return m;
    }

    /** Counts of one folder (zeros when it has no cases). */
    public Counts folder(String name) {
        return folders().getOrDefault(name, Counts.ZERO);
    }

    /**
     * Per op (the first of each case's ops; "" when unknown), sorted by op name. Light models are whole networks,
     * not tests of one op, so they are left out (the folder table counts them).
     */
    public Map<String, OpStats> ops() {
        Map<String, OpStats> m = new TreeMap<>();
        for (CaseResult r : cases) {
            if (r.folder().equals("light") || r.status() == CaseStatus.SKIPPED && r.ops().isEmpty()) {
                continue;
            }
            OpStats s = m.getOrDefault(r.op(), new OpStats(Counts.ZERO, Double.NaN));
            double worst = s.worstPassedAbsErr();
            if (r.status() == CaseStatus.PASSED && !Double.isNaN(r.maxAbsErr())) {
                worst = Double.isNaN(worst) ? r.maxAbsErr() : Math.max(worst, r.maxAbsErr());
            }
            m.put(r.op(), new OpStats(s.counts().plus(r.status()), worst));
        }
        return m;
    }

    public List<CaseResult> withStatus(CaseStatus s) {
        return cases.stream().filter(r -> r.status() == s).toList();
    }

    /** {@code N passed, N failed, N skipped}, plus the statistically checked count when there are any. */
    public String summaryLine() {
        return summaryLine(summary());
    }

    static String summaryLine(Counts c) {
        String line = c.passed() + " passed, " + c.failed() + " failed, " + c.skipped() + " skipped";
        return c.statistical() > 0 ? line + ", " + c.statistical() + " checked by statistics (not passes)" : line;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("suite", "onnx-backend");
        root.put("data", data);
        if (via != null) {
            root.put("via", via);
            root.put("ran_in", ranIn);
        }
        root.put("wall_millis", wallMillis);
        root.put("threads", threads);
        root.put("summary", summary().toMap());
        Map<String, Object> folders = new LinkedHashMap<>();
        folders().forEach((k, v) -> folders.put(k, v.toMap()));
        root.put("folders", folders);
        List<Object> list = new ArrayList<>(cases.size());
        for (CaseResult r : cases) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("folder", r.folder());
            m.put("op", r.op());
            m.put("ops", r.ops());
            m.put("status", r.status().label());
            m.put("max_abs_err", finiteOrNull(r.maxAbsErr()));
            m.put("max_rel_err", finiteOrNull(r.maxRelErr()));
            m.put("reason", r.reason());
            if (r.known() != null) {
                m.put("known", r.known());
            }
            m.put("millis", r.millis());
            list.add(m);
        }
        root.put("cases", list);
        return root;
    }

    /** Errors not measured (NaN) are written as null. */
    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    public String toJson() {
        return Json.write(toMap());
    }

    public void writeJson(Path file) {
        ReportFiles.write(file, toJson());
    }

    public void writeHtml(Path file) {
        ReportFiles.write(file, HtmlReport.render(this));
    }
}
