package dev.modelx.conformance.matrix;

import dev.modelx.verify.Comparison;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.modelx.conformance.HtmlText.esc;

/**
 * Renders a {@link MatrixReport} as one self-contained HTML page (inline style and SVG, no scripts, nothing fetched):
 * the summary; a source format x target format table of pass/fail/unsupported/error counts; a stacked bar per
 * direction; the distribution of the converted models' max abs error per direction (one SVG histogram each); a per-op
 * table (which op fails, is unsupported or crashes in which direction, with the worst error); and the failed and
 * crashed cells with their reasons.
 */
final class MatrixHtml {

    static final String PASS = "#2e7d32";
    static final String FAIL = "#c62828";
    static final String UNSUPPORTED = "#90a4ae";
    static final String ERROR = "#6a1b9a";

    /** Rows of the failed and error tables, at most (the JSON report has every cell). */
    static final int MAX_LISTED = 2000;

    private MatrixHtml() {
    }

    static String render(MatrixReport r) {
        StringBuilder h = new StringBuilder(256 * 1024);
        MatrixReport.Counts s = r.summary();
        Map<Direction, MatrixReport.Counts> dirs = r.directions();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>modelx conformance matrix</title>\n<style>")
                .append("body{font-family:system-ui,'DejaVu Sans',sans-serif;margin:24px 32px;color:#222;max-width:1400px}")
                .append("h1{margin:0 0 4px}h2{margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}")
                .append("table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:13px}")
                .append("th{background:#f0f0f0}td.n{text-align:right;font-variant-numeric:tabular-nums}")
                .append(".pass{color:").append(PASS).append("}.fail{color:").append(FAIL).append("}.unsupported{color:#546e7a}.error{color:")
                .append(ERROR).append("}table.matrix td{min-width:150px;vertical-align:top}table.matrix td.none{color:#aaa;text-align:center}")
                .append(".rate{font-size:20px;font-weight:600}.counts{font-size:12px;line-height:1.35}.bar{display:flex;height:6px;margin-top:4px;background:#eee}")
                .append(".legend span{display:inline-block;margin-right:14px}.sw{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px}")
                .append(".plots{display:flex;flex-wrap:wrap;gap:10px}.plots svg{border:1px solid #e0e0e0;background:#fff}")
                .append("table.ops td{font-size:12px;white-space:nowrap;padding:3px 6px}table.ops th{font-size:12px;padding:3px 6px}.scroll{overflow-x:auto}table.ops td.c-fail{background:#ffebee}table.ops td.c-error{background:#f3e5f5}")
                .append("table.ops td.c-unsupported{background:#eceff1}table.ops td.c-pass{background:#e8f5e9}")
                .append("code{font-size:12px}td.reason{max-width:700px;white-space:normal;font-size:12px}.muted{color:#777}")
                .append("</style></head><body>\n");
        h.append("<h1>modelx conformance matrix</h1>\n<p class=muted>Corpus: <code>").append(esc(r.corpus())).append("</code> &middot; wall time ")
                .append(String.format(Locale.ROOT, "%.1f s", r.wallMillis() / 1000.0)).append(" on ").append(r.threads())
                .append(" worker thread(s) &middot; ").append(s.total()).append(" cells in ").append(dirs.size()).append(" directions</p>\n");
        h.append("<p><b>").append(esc(MatrixReport.summaryLine(s))).append("</b> (pass rate ").append(percent(s.pass(), s.total()))
                .append(" of all cells, ").append(percent(s.pass(), s.compared())).append(" of those that converted and ran).</p>\n");
        h.append("<p class=muted>Each cell: a source model written in the target format, read back with the target's importer, ")
                .append("run on the reference runtime on the same inputs as the source (stored inputs for backend tests and where the ")
                .append("corpus has them, generated ones otherwise) and compared output by output (float32: rtol 1e-4, atol 1e-5; backend ")
                .append("tests also against their stored expected outputs).</p>\n");
        legend(h);
        for (String n : r.notes()) {
            h.append("<p class=muted>Note: ").append(esc(n)).append("</p>\n");
        }

        h.append("<h2 id=\"matrix\">Source format &times; target format</h2>\n");
        matrixTable(h, dirs);

        h.append("<h2 id=\"directions\">Outcome per direction</h2>\n");
        directionChart(h, dirs);

        h.append("<h2 id=\"errors\">Error distribution per direction</h2>\n<p class=muted>Each converted and run cell counted by ")
                .append("its largest absolute error against the source, per decade (passed green, failed red).</p>\n<div class=plots>\n");
        for (Direction d : dirs.keySet()) {
            List<MatrixCase> compared = r.cases().stream().filter(c -> c.direction().equals(d)
                    && (c.status() == MatrixStatus.PASS || c.status() == MatrixStatus.FAIL)).toList();
            errorPlot(h, d, compared);
        }
        h.append("</div>\n");

        h.append("<h2 id=\"ops\">Ops per direction</h2>\n");
        opsTable(h, r, dirs.keySet());

        List<MatrixCase> failed = new ArrayList<>(r.withStatus(MatrixStatus.FAIL));
        failed.sort(java.util.Comparator.comparing(MatrixCase::direction).thenComparing(MatrixReport.worstFirst()));
        h.append("<h2 id=\"failed\" class=fail>Failed (").append(failed.size()).append(")</h2>\n");
        caseTable(h, failed, true);
        List<MatrixCase> errors = r.withStatus(MatrixStatus.ERROR);
        h.append("<h2 id=\"crashed\" class=error>Errors (").append(errors.size()).append(")</h2>\n");
        caseTable(h, errors, false);
        h.append("<h2 id=\"unsupported\" class=unsupported>Unsupported ops per direction</h2>\n");
        unsupportedTable(h, r, dirs);
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void legend(StringBuilder h) {
        h.append("<p class=legend>");
        String[][] items = {{PASS, "pass"}, {FAIL, "fail (numeric mismatch)"}, {UNSUPPORTED, "unsupported (the exporter lacks or refuses an op)"},
            {ERROR, "error (crash or time limit)"}};
        for (String[] i : items) {
            h.append("<span><span class=sw style=\"background:").append(i[0]).append("\"></span>").append(i[1]).append("</span>");
        }
        h.append("</p>\n");
    }

    private static void matrixTable(StringBuilder h, Map<Direction, MatrixReport.Counts> dirs) {
        Set<String> sources = new LinkedHashSet<>();
        Set<String> targets = new LinkedHashSet<>();
        for (String f : Direction.SOURCES) {
            if (dirs.keySet().stream().anyMatch(d -> d.from().equals(f))) {
                sources.add(f);
            }
        }
        for (String f : Direction.TARGETS) {
            if (dirs.keySet().stream().anyMatch(d -> d.to().equals(f))) {
                targets.add(f);
            }
        }
        h.append("<table class=matrix><tr><th>source \\ target</th>");
        targets.forEach(t -> h.append("<th>").append(esc(t)).append("</th>"));
        h.append("<th>all targets</th></tr>\n");
        for (String src : sources) {
            h.append("<tr><th>").append(esc(src)).append("</th>");
            MatrixReport.Counts row = MatrixReport.Counts.ZERO;
            for (String t : targets) {
                MatrixReport.Counts c = dirs.get(new Direction(src, t));
                if (c == null) {
                    h.append("<td class=none>&mdash;</td>");
                    continue;
                }
                row = MatrixReport.add(row, c);
                countsCell(h, c);
            }
            countsCell(h, row);
            h.append("</tr>\n");
        }
        h.append("</table>\n<p class=muted>Each cell: the pass rate, the counts, and a bar of the four. The diagonal (a format ")
                .append("back to itself) and the ones no model was tried in are empty.</p>\n");
    }

    private static void countsCell(StringBuilder h, MatrixReport.Counts c) {
        h.append("<td><div class=rate>").append(percent(c.pass(), c.total())).append("</div><div class=counts><span class=pass>")
                .append(c.pass()).append(" pass</span> &middot; <span class=fail>").append(c.fail()).append(" fail</span><br><span class=unsupported>")
                .append(c.unsupported()).append(" unsupported</span> &middot; <span class=error>").append(c.error()).append(" error")
                .append(c.error() == 1 ? "" : "s").append("</span></div><div class=bar>");
        int[] parts = {c.pass(), c.fail(), c.unsupported(), c.error()};
        String[] colors = {PASS, FAIL, UNSUPPORTED, ERROR};
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] > 0) {
                h.append("<div style=\"flex:").append(parts[i]).append(";background:").append(colors[i]).append("\"></div>");
            }
        }
        h.append("</div></td>");
    }

    /** One stacked horizontal bar per direction: pass, fail, unsupported, error as fractions of its cells. */
    private static void directionChart(StringBuilder h, Map<Direction, MatrixReport.Counts> dirs) {
        int labelW = 210;
        int barW = 560;
        int rowH = 24;
        int height = dirs.size() * rowH + 10;
        h.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(labelW + barW + 230).append("\" height=\"")
                .append(height).append("\" font-size=\"12\" font-family=\"sans-serif\">\n");
        int y = 5;
        for (Map.Entry<Direction, MatrixReport.Counts> e : dirs.entrySet()) {
            MatrixReport.Counts c = e.getValue();
            double total = Math.max(1, c.total());
            h.append("<text x=\"0\" y=\"").append(y + 14).append("\">").append(esc(e.getKey().from() + " \u2192 " + e.getKey().to()))
                    .append("</text>\n");
            double x = labelW;
            int[] parts = {c.pass(), c.fail(), c.unsupported(), c.error()};
            String[] colors = {PASS, FAIL, UNSUPPORTED, ERROR};
            for (int i = 0; i < parts.length; i++) {
                double w = barW * parts[i] / total;
                if (w > 0) {
                    h.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(y).append("\" width=\"").append(fmt(w))
                            .append("\" height=\"").append(rowH - 6).append("\" fill=\"").append(colors[i]).append("\"><title>")
                            .append(parts[i]).append("</title></rect>\n");
                }
                x += w;
            }
            h.append("<text x=\"").append(labelW + barW + 8).append("\" y=\"").append(y + 14).append("\">")
                    .append(c.pass()).append('/').append(c.total()).append(" pass (").append(percent(c.pass(), c.total())).append(")</text>\n");
            y += rowH;
        }
        h.append("</svg>\n");
    }

    /** A histogram of the cells' max abs error per decade ({@link Comparison#BINS} bins), passed and failed stacked. */
    private static void errorPlot(StringBuilder h, Direction d, List<MatrixCase> compared) {
        int bins = Comparison.BINS;
        int[] pass = new int[bins];
        int[] fail = new int[bins];
        for (MatrixCase c : compared) {
            if (Double.isNaN(c.maxAbsErr())) {
                continue;
            }
            int b = bin(c.maxAbsErr());
            if (c.status() == MatrixStatus.PASS) {
                pass[b]++;
            } else {
                fail[b]++;
            }
        }
        int max = 1;
        for (int i = 0; i < bins; i++) {
            max = Math.max(max, pass[i] + fail[i]);
        }
        int w = 330;
        int hh = 190;
        int left = 38;
        int top = 26;
        int plotW = w - left - 10;
        int plotH = hh - top - 36;
        double bw = (double) plotW / bins;
        h.append("<svg class=\"errplot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(hh)
                .append("\" font-size=\"10\" font-family=\"sans-serif\">\n<text x=\"").append(left).append("\" y=\"15\" font-size=\"12\" font-weight=\"bold\">")
                .append(esc(d.from() + " \u2192 " + d.to())).append("</text><text x=\"").append(w - 8).append("\" y=\"15\" text-anchor=\"end\" fill=\"#666\">")
                .append(compared.size()).append(" compared</text>\n");
        h.append("<line x1=\"").append(left).append("\" y1=\"").append(top + plotH).append("\" x2=\"").append(left + plotW).append("\" y2=\"")
                .append(top + plotH).append("\" stroke=\"#999\"/>\n<line x1=\"").append(left).append("\" y1=\"").append(top).append("\" x2=\"")
                .append(left).append("\" y2=\"").append(top + plotH).append("\" stroke=\"#999\"/>\n");
        h.append("<text x=\"").append(left - 4).append("\" y=\"").append(top + 8).append("\" text-anchor=\"end\">").append(max).append("</text>")
                .append("<text x=\"").append(left - 4).append("\" y=\"").append(top + plotH).append("\" text-anchor=\"end\">0</text>\n");
        for (int i = 0; i < bins; i++) {
            double x = left + i * bw + 1;
            double hp = (double) plotH * pass[i] / max;
            double hf = (double) plotH * fail[i] / max;
            if (pass[i] > 0) {
                h.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(top + plotH - hp)).append("\" width=\"").append(fmt(bw - 2))
                        .append("\" height=\"").append(fmt(hp)).append("\" fill=\"").append(PASS).append("\"><title>").append(Comparison.binLabel(i))
                        .append(": ").append(pass[i]).append(" passed</title></rect>\n");
            }
            if (fail[i] > 0) {
                h.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(top + plotH - hp - hf)).append("\" width=\"").append(fmt(bw - 2))
                        .append("\" height=\"").append(fmt(hf)).append("\" fill=\"").append(FAIL).append("\"><title>").append(Comparison.binLabel(i))
                        .append(": ").append(fail[i]).append(" failed</title></rect>\n");
            }
            if (i == 0 || i == 2 || i == 7 || i == 12 || i == bins - 1) {
                String label = i == 0 ? "0" : i == bins - 1 ? "\u22651" : "1e" + (i - 17);
                h.append("<text x=\"").append(fmt(x + bw / 2)).append("\" y=\"").append(top + plotH + 13).append("\" text-anchor=\"middle\">")
                        .append(esc(label)).append("</text>\n");
            }
        }
        h.append("<text x=\"").append(left + plotW / 2).append("\" y=\"").append(hh - 5).append("\" text-anchor=\"middle\" fill=\"#666\">")
                .append("max abs error (per decade)</text>\n</svg>\n");
    }

    /** Bin of an absolute error: exactly 0, below 1e-15, [1e-k, 1e-(k-1)) for k = 15 .. 1, then at least 1. */
    static int bin(double absErr) {
        if (absErr == 0) {
            return 0;
        }
        if (Double.isInfinite(absErr)) {
            return Comparison.BINS - 1;
        }
        int k = (int) Math.floor(Math.log10(absErr));
        return k >= 0 ? Comparison.BINS - 1 : Math.max(1, k + 17);
    }

    private static void opsTable(StringBuilder h, MatrixReport r, Set<Direction> dirs) {
        Map<String, Map<Direction, MatrixReport.OpStats>> ops = r.ops();
        List<String> troubled = new ArrayList<>();
        List<String> clean = new ArrayList<>();
        Map<String, Integer> bad = new LinkedHashMap<>();
        ops.forEach((op, perDir) -> {
            int n = perDir.values().stream().mapToInt(s -> s.counts().fail() + s.counts().unsupported() + s.counts().error()).sum();
            if (n > 0) {
                troubled.add(op);
                bad.put(op, n);
            } else {
                clean.add(op);
            }
        });
        troubled.sort(java.util.Comparator.comparing((String op) -> -bad.get(op)).thenComparing(op -> op));
        h.append("<p class=muted>Cells are credited to the op under test (backend tests), to the unsupported ops, or to the first ")
                .append("diverging node's op. Each entry: passed / failed / unsupported / errors (P F U E) and the worst max abs error of the ")
                .append("failed cells (left out when they differ only in NaN/Inf or shape). Directions in which no op has a problem are ")
                .append("left out. ").append(troubled.size()).append(" ops with a problem in some direction, ").append(clean.size())
                .append(" without.</p>\n");
        List<Direction> columns = dirs.stream().filter(d -> troubled.stream().anyMatch(op -> ops.get(op).containsKey(d))).toList();
        h.append("<div class=scroll><table class=ops><tr><th>op</th>");
        columns.forEach(d -> h.append("<th>").append(esc(d.from())).append("<br>\u2192 ").append(esc(d.to())).append("</th>"));
        h.append("</tr>\n");
        for (String op : troubled) {
            h.append("<tr><td><code>").append(esc(op)).append("</code></td>");
            for (Direction d : columns) {
                MatrixReport.OpStats s = ops.get(op).get(d);
                if (s == null) {
                    h.append("<td></td>");
                    continue;
                }
                MatrixReport.Counts c = s.counts();
                String cls = c.fail() > 0 ? "c-fail" : c.error() > 0 ? "c-error" : c.unsupported() > 0 ? "c-unsupported" : "c-pass";
                h.append("<td class=").append(cls).append('>');
                List<String> parts = new ArrayList<>();
                if (c.pass() > 0) {
                    parts.add("<span class=pass>" + c.pass() + "P</span>");
                }
                if (c.fail() > 0) {
                    parts.add("<b class=fail>" + c.fail() + "F</b>");
                }
                if (c.unsupported() > 0) {
                    parts.add("<span class=unsupported>" + c.unsupported() + "U</span>");
                }
                if (c.error() > 0) {
                    parts.add("<b class=error>" + c.error() + "E</b>");
                }
                h.append(String.join(" ", parts));
                if (s.worstFailAbsErr() > 0) {
                    h.append("<br><span class=fail>").append(sci(s.worstFailAbsErr())).append("</span>");
                }
                h.append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table></div>\n");
        if (!clean.isEmpty()) {
            h.append("<p class=muted>Passing in every direction tried: ").append(esc(String.join(", ", clean))).append("</p>\n");
        }
    }

    private static void caseTable(StringBuilder h, List<MatrixCase> list, boolean errors) {
        if (list.isEmpty()) {
            return;
        }
        h.append("<table><tr><th>model</th><th>direction</th><th>op</th>");
        if (errors) {
            h.append("<th>max abs err</th><th>max rel err</th><th>first diverging node</th>");
        }
        h.append("<th>reason</th></tr>\n");
        int n = 0;
        for (MatrixCase c : list) {
            if (n++ >= MAX_LISTED) {
                h.append("<tr><td colspan=7 class=muted>").append(list.size() - MAX_LISTED).append(" more in the JSON report</td></tr>\n");
                break;
            }
            h.append("<tr><td><code>").append(esc(c.name())).append("</code></td><td>").append(esc(c.direction().toString()))
                    .append("</td><td>").append(esc(c.op())).append("</td>");
            if (errors) {
                h.append("<td class=n>").append(sci(c.maxAbsErr())).append("</td><td class=n>").append(sci(c.maxRelErr()))
                        .append("</td><td>").append(c.divergenceNode() == null ? "" : esc(c.divergenceNode())).append("</td>");
            }
            h.append("<td class=reason>").append(esc(c.reason() == null ? "" : c.reason())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void unsupportedTable(StringBuilder h, MatrixReport r, Map<Direction, MatrixReport.Counts> dirs) {
        h.append("<table><tr><th>direction</th><th>cells</th><th>ops the exporter does not cover (cells)</th></tr>\n");
        for (Map.Entry<Direction, MatrixReport.Counts> e : dirs.entrySet()) {
            if (e.getValue().unsupported() == 0) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            r.topOps(e.getKey(), MatrixStatus.UNSUPPORTED, 40).forEach(x -> parts.add(x.getKey() + " (" + x.getValue() + ")"));
            h.append("<tr><td>").append(esc(e.getKey().toString())).append("</td><td class=n>").append(e.getValue().unsupported())
                    .append("</td><td class=reason>").append(esc(String.join(", ", parts))).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    static String percent(int n, int of) {
        return of == 0 ? "\u2013" : String.format(Locale.ROOT, "%.1f%%", 100.0 * n / of);
    }

    static String sci(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2e", v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
