package dev.modelx.conformance.matrix;

import dev.modelx.graph.io.AtomicFiles;
import dev.modelx.graph.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results of a matrix run: counts per direction (source format x target format), per op and direction, and every
 * cell in plan order. Written as JSON ({@link #toJson()}) and as a self-contained HTML page ({@link MatrixHtml}).
 */
public final class MatrixReport {

    /** How many cells ended in each status. */
    public record Counts(int pass, int fail, int unsupported, int error) {

        static final Counts ZERO = new Counts(0, 0, 0, 0);

        public int total() {
            return pass + fail + unsupported + error;
        }

        /** Cells that converted and ran (pass + fail): the ones with an error to measure. */
        public int compared() {
            return pass + fail;
        }

        Counts plus(MatrixStatus s) {
            return new Counts(pass + (s == MatrixStatus.PASS ? 1 : 0), fail + (s == MatrixStatus.FAIL ? 1 : 0),
                    unsupported + (s == MatrixStatus.UNSUPPORTED ? 1 : 0), error + (s == MatrixStatus.ERROR ? 1 : 0));
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pass", pass);
            m.put("fail", fail);
            m.put("unsupported", unsupported);
            m.put("error", error);
            m.put("total", total());
            return m;
        }
    }

    /**
     * The cells credited to one op in one direction ({@link MatrixCase#creditedOps()}), the largest max_abs_err among
     * its failed cells and among all its compared cells (NaN when none).
     */
    public record OpStats(Counts counts, double worstFailAbsErr, double worstAbsErr) {
        OpStats plus(MatrixCase c) {
            double fail = c.status() == MatrixStatus.FAIL ? worse(worstFailAbsErr, c.maxAbsErr()) : worstFailAbsErr;
            double any = c.status() == MatrixStatus.FAIL || c.status() == MatrixStatus.PASS ? worse(worstAbsErr, c.maxAbsErr()) : worstAbsErr;
            return new OpStats(counts.plus(c.status()), fail, any);
        }

        static final OpStats ZERO = new OpStats(Counts.ZERO, Double.NaN, Double.NaN);
    }

    private final String corpus;
    private final List<MatrixCase> cases;
    private final long wallMillis;
    private final int threads;
    private final List<String> notes;

    public MatrixReport(String corpus, List<MatrixCase> cases, long wallMillis, int threads, List<String> notes) {
        this.corpus = corpus;
        this.cases = List.copyOf(cases);
        this.wallMillis = wallMillis;
        this.threads = threads;
        this.notes = List.copyOf(notes);
    }

    public String corpus() {
        return corpus;
    }

    public List<MatrixCase> cases() {
        return cases;
    }

    public long wallMillis() {
        return wallMillis;
    }

    public int threads() {
        return threads;
    }

    public List<String> notes() {
        return notes;
    }

    public Counts summary() {
        Counts c = Counts.ZERO;
        for (MatrixCase r : cases) {
            c = c.plus(r.status());
        }
        return c;
    }

    /** Counts per direction, in {@link Direction} order. */
    public Map<Direction, Counts> directions() {
        Map<Direction, Counts> m = new TreeMap<>();
        for (MatrixCase r : cases) {
            m.merge(r.direction(), Counts.ZERO.plus(r.status()), MatrixReport::add);
        }
        return m;
    }

    public Counts direction(Direction d) {
        return directions().getOrDefault(d, Counts.ZERO);
    }

    /** Per op (sorted by name), per direction: the credited cells. */
    public Map<String, Map<Direction, OpStats>> ops() {
        Map<String, Map<Direction, OpStats>> m = new TreeMap<>();
        for (MatrixCase r : cases) {
            for (String op : r.creditedOps()) {
                m.computeIfAbsent(op, k -> new TreeMap<>()).merge(r.direction(), OpStats.ZERO.plus(r), (a, b) -> a.plus(r));
            }
        }
        return m;
    }

    /**
     * The ops with most cells of {@code status} in direction {@code d}, most first, with their counts ({@code n} at most).
     */
    public List<Map.Entry<String, Integer>> topOps(Direction d, MatrixStatus status, int n) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (MatrixCase r : cases) {
            if (r.direction().equals(d) && r.status() == status) {
                for (String op : r.creditedOps()) {
                    counts.merge(op, 1, Integer::sum);
                }
            }
        }
        List<Map.Entry<String, Integer>> out = new ArrayList<>(counts.entrySet());
        out.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return out.subList(0, Math.min(n, out.size()));
    }

    public List<MatrixCase> withStatus(MatrixStatus s) {
        return cases.stream().filter(c -> c.status() == s).toList();
    }

    /** {@code 12 passed, 3 failed, 40 unsupported, 1 error}. */
    public static String summaryLine(Counts c) {
        return c.pass() + " passed, " + c.fail() + " failed, " + c.unsupported() + " unsupported, " + c.error() + " error"
                + (c.error() == 1 ? "" : "s");
    }

    public String summaryLine() {
        return summaryLine(summary());
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("corpus", corpus);
        m.put("wall_millis", wallMillis);
        m.put("threads", threads);
        m.put("notes", notes);
        m.put("statuses", Map.of("pass", "converted, read back, every output within tolerance of the source (and of the stored"
                        + " expected outputs for backend tests)",
                "fail", "an output differs beyond tolerance; max_abs_err/max_rel_err and, when bisected, first_divergence say where",
                "unsupported", "the exporter (or the source's importer) does not cover an op: unsupported_ops",
                "error", "a crash (export, re-import, running the written model) or the time limit: reason"));
        m.put("summary", summary().toMap());
        Map<String, Object> dirs = new LinkedHashMap<>();
        directions().forEach((d, c) -> {
            Map<String, Object> x = c.toMap();
            x.put("top_failing_ops", top(d, MatrixStatus.FAIL));
            x.put("top_unsupported_ops", top(d, MatrixStatus.UNSUPPORTED));
            x.put("top_error_ops", top(d, MatrixStatus.ERROR));
            dirs.put(d.toString(), x);
        });
        m.put("directions", dirs);
        Map<String, Object> ops = new LinkedHashMap<>();
        ops().forEach((op, perDir) -> {
            Map<String, Object> x = new LinkedHashMap<>();
            perDir.forEach((d, s) -> {
                Map<String, Object> y = s.counts().toMap();
                y.put("worst_fail_abs_err", s.worstFailAbsErr());
                y.put("worst_abs_err", s.worstAbsErr());
                x.put(d.toString(), y);
            });
            ops.put(op, x);
        });
        m.put("ops", ops);
        List<Object> list = new ArrayList<>(cases.size());
        cases.forEach(c -> list.add(c.toMap()));
        m.put("cases", list);
        return m;
    }

    private Map<String, Object> top(Direction d, MatrixStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        topOps(d, s, 10).forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    public String toJson() {
        return Json.write(toMap());
    }

    public void writeJson(Path file) {
        write(file, toJson());
    }

    public void writeHtml(Path file) {
        write(file, MatrixHtml.render(this));
    }

    private static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(file, out -> out.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static Counts add(Counts a, Counts b) {
        return new Counts(a.pass() + b.pass(), a.fail() + b.fail(), a.unsupported() + b.unsupported(), a.error() + b.error());
    }

    static double worse(double acc, double v) {
        if (Double.isNaN(v)) {
            return acc;
        }
        return Double.isNaN(acc) ? v : Math.max(acc, v);
    }

    /** Cells sorted worst first: by status (fail, error, unsupported, pass), then max_abs_err descending. */
    static Comparator<MatrixCase> worstFirst() {
        return Comparator.comparing((MatrixCase c) -> switch (c.status()) {
            case FAIL -> 0;
            case ERROR -> 1;
            case UNSUPPORTED -> 2;
            case PASS -> 3;
        }).thenComparing(c -> Double.isNaN(c.maxAbsErr()) ? 0 : -c.maxAbsErr());
    }
}
