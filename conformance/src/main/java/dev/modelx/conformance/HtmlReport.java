package dev.modelx.conformance;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.modelx.conformance.HtmlText.esc;

/**
 * Renders a {@link ConformanceReport} as one self-contained HTML page (inline style, inline SVG, no scripts): the
 * summary, a pass-rate bar per folder, a histogram of log10(max abs error) over passed cases, per-folder and per-op
 * tables, and the failed, statistically checked and skipped cases with their reasons.
 */
final class HtmlReport {

    private static final String PASS = "#2e7d32";
    private static final String FAIL = "#c62828";
    private static final String STAT = "#f9a825";
    private static final String SKIP = "#9e9e9e";

    private HtmlReport() {
    }

    static String render(ConformanceReport r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        ConformanceReport.Counts s = r.summary();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ONNX backend conformance</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}th{background:#eee}")
                .append("td.n{text-align:right}.pass{color:").append(PASS).append("}.fail{color:").append(FAIL)
                .append("}.stat{color:#a07800}.skip{color:#666}code{font-size:12px}</style></head><body>\n");
        h.append("<h1>ONNX backend conformance</h1>\n<p>Data: <code>").append(esc(r.data())).append("</code><br>Wall time: ")
                .append(String.format(Locale.ROOT, "%.1f s", r.wallMillis() / 1000.0)).append(" on ").append(r.threads())
                .append(" worker thread(s)</p>\n");
        if (r.via() != null) {
            h.append("<p>Each model exported to <b>").append(esc(r.via())).append("</b> by modelx, then run and compared; ")
                    .append(esc(r.ranIn())).append(". Skipped: not covered by the exporter.</p>\n");
        }
        h.append("<h2>Summary</h2>\n<p><b>").append(esc(ConformanceReport.summaryLine(s))).append("</b> of ").append(s.total())
                .append(" tests (pass rate ").append(percent(s.passed(), s.total() - s.skipped())).append(" of those run).</p>\n");
        h.append("<p>\"Checked by statistics\" are tests of random ops whose values cannot match numpy's generator; their shape, type,")
                .append(" range and sample statistics were checked instead. They are not counted as passes.</p>\n");

        h.append("<h2>Pass rate per folder</h2>\n");
        folderChart(h, r.folders());
        h.append("<h2>log10(max abs error) of passed tests</h2>\n");
        histogram(h, r.withStatus(CaseStatus.PASSED));

        h.append("<h2>Folders</h2>\n<table><tr><th>folder</th><th>passed</th><th>failed</th><th>skipped</th><th>statistical</th>")
                .append("<th>total</th><th>pass rate</th></tr>\n");
        for (Map.Entry<String, ConformanceReport.Counts> e : r.folders().entrySet()) {
            ConformanceReport.Counts c = e.getValue();
            h.append("<tr><td>").append(esc(e.getKey())).append("</td>");
            counts(h, c);
            h.append("<td class=n>").append(percent(c.passed(), c.total() - c.skipped())).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Ops</h2>\n<p>Each test is counted under the op it exercises (for node tests, the op under test).</p>\n")
                .append("<table><tr><th>op</th><th>passed</th><th>failed</th><th>skipped</th><th>statistical</th><th>total</th>")
                .append("<th>worst max abs err (passed)</th></tr>\n");
        for (Map.Entry<String, ConformanceReport.OpStats> e : r.ops().entrySet()) {
            ConformanceReport.OpStats o = e.getValue();
            h.append("<tr><td>").append(esc(e.getKey().isEmpty() ? "(unknown)" : e.getKey())).append("</td>");
            counts(h, o.counts());
            h.append("<td class=n>").append(Double.isNaN(o.worstPassedAbsErr()) ? "" : sci(o.worstPassedAbsErr())).append("</td></tr>\n");
        }
        h.append("</table>\n");

        caseTable(h, "Failed", "fail", r.withStatus(CaseStatus.FAILED));
        caseTable(h, "Checked by statistics", "stat", r.withStatus(CaseStatus.STATISTICAL));
        caseTable(h, "Skipped", "skip", r.withStatus(CaseStatus.SKIPPED));
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void counts(StringBuilder h, ConformanceReport.Counts c) {
        h.append("<td class=\"n pass\">").append(c.passed()).append("</td><td class=\"n fail\">").append(c.failed())
                .append("</td><td class=\"n skip\">").append(c.skipped()).append("</td><td class=\"n stat\">").append(c.statistical())
                .append("</td><td class=n>").append(c.total()).append("</td>");
    }

    private static void caseTable(StringBuilder h, String title, String cls, List<CaseResult> list) {
        h.append("<h2 class=").append(cls).append('>').append(title).append(" (").append(list.size()).append(")</h2>\n");
        if (list.isEmpty()) {
            return;
        }
        h.append("<table><tr><th>test</th><th>folder</th><th>op</th><th>reason</th></tr>\n");
        for (CaseResult c : list) {
            h.append("<tr><td><code>").append(esc(c.name())).append("</code></td><td>").append(esc(c.folder())).append("</td><td>")
                    .append(esc(c.op())).append("</td><td>").append(esc(c.reason() == null ? "" : c.reason()));
            if (c.known() != null) {
                h.append("<br><i>known: ").append(esc(c.known())).append("</i>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** One stacked horizontal bar per folder: passed, statistical, failed, skipped, as fractions of its tests. */
    private static void folderChart(StringBuilder h, Map<String, ConformanceReport.Counts> folders) {
        int labelW = 140;
        int barW = 500;
        int rowH = 26;
        int height = folders.size() * rowH + 30;
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(labelW + barW + 80).append("\" height=\"")
                .append(height).append("\" font-size=\"12\">\n");
        int y = 5;
        for (Map.Entry<String, ConformanceReport.Counts> e : folders.entrySet()) {
            ConformanceReport.Counts c = e.getValue();
            double total = Math.max(1, c.total());
            h.append("<text x=\"0\" y=\"").append(y + 15).append("\">").append(esc(e.getKey())).append("</text>\n");
            double x = labelW;
            int[] parts = {c.passed(), c.statistical(), c.failed(), c.skipped()};
            String[] colors = {PASS, STAT, FAIL, SKIP};
            for (int i = 0; i < parts.length; i++) {
                double w = barW * parts[i] / total;
                if (w > 0) {
                    h.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(y).append("\" width=\"").append(fmt(w))
                            .append("\" height=\"").append(rowH - 6).append("\" fill=\"").append(colors[i]).append("\"/>\n");
                }
                x += w;
            }
            h.append("<text x=\"").append(labelW + barW + 6).append("\" y=\"").append(y + 15).append("\">")
                    .append(percent(c.passed(), c.total() - c.skipped())).append("</text>\n");
            y += rowH;
        }
        legend(h, y + 12, new String[] {"passed", "statistical", "failed", "skipped"}, new String[] {PASS, STAT, FAIL, SKIP});
        h.append("</svg>\n");
    }

    private static void legend(StringBuilder h, int y, String[] names, String[] colors) {
        int x = 0;
        for (int i = 0; i < names.length; i++) {
            h.append("<rect x=\"").append(x).append("\" y=\"").append(y - 10).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(colors[i]).append("\"/><text x=\"").append(x + 14).append("\" y=\"").append(y).append("\">")
                    .append(names[i]).append("</text>\n");
            x += 100;
        }
    }

    /**
     * Bins of log10(max abs err) over passed tests with a non-zero error: [10^k, 10^(k+1)) for k = -15 .. -1, everything
     * below 1e-15 in the first bin and everything from 1 up in the last. Exact matches (log10 of 0) are counted apart.
     */
    private static void histogram(StringBuilder h, List<CaseResult> passed) {
        int lowest = -15;
        int bins = 1 + (-lowest) + 1;
        int[] count = new int[bins];
        String[] label = new String[bins];
        label[0] = "<1e-15";
        for (int k = lowest; k < 0; k++) {
            label[k - lowest + 1] = "1e" + k;
        }
        label[bins - 1] = "\u22651";
        int exact = 0;
        int measured = 0;
        for (CaseResult c : passed) {
            double e = c.maxAbsErr();
            if (Double.isNaN(e)) {
                continue;
            }
            if (e == 0) {
                exact++;
                continue;
            }
            measured++;
            int k = (int) Math.floor(Math.log10(e));
            count[k < lowest ? 0 : Math.min(bins - 1, k - lowest + 1)]++;
        }
        int max = 1;
        for (int c : count) {
            max = Math.max(max, c);
        }
        h.append("<p>").append(exact).append(" passed tests matched exactly (error 0, not drawn); ").append(measured)
                .append(" had a non-zero error. The bar labelled 1e-k counts errors in [1e-k, 1e-(k-1)).</p>\n");
        int barW = 36;
        int plotH = 160;
        int width = bins * barW + 40;
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(plotH + 50)
                .append("\" font-size=\"10\">\n");
        for (int i = 0; i < bins; i++) {
            int bh = (int) Math.round((double) plotH * count[i] / max);
            int x = 20 + i * barW;
            h.append("<rect x=\"").append(x + 2).append("\" y=\"").append(15 + plotH - bh).append("\" width=\"").append(barW - 4)
                    .append("\" height=\"").append(bh).append("\" fill=\"").append(PASS).append("\"/>\n");
            if (count[i] > 0) {
                h.append("<text x=\"").append(x + barW / 2).append("\" y=\"").append(12 + plotH - bh)
                        .append("\" text-anchor=\"middle\">").append(count[i]).append("</text>\n");
            }
            h.append("<text x=\"").append(x + barW / 2).append("\" y=\"").append(plotH + 30).append("\" text-anchor=\"middle\">")
                    .append(esc(label[i])).append("</text>\n");
        }
        h.append("<line x1=\"20\" y1=\"").append(15 + plotH).append("\" x2=\"").append(20 + bins * barW).append("\" y2=\"")
                .append(15 + plotH).append("\" stroke=\"#444\"/>\n<text x=\"").append(width / 2).append("\" y=\"").append(plotH + 46)
                .append("\" text-anchor=\"middle\">max abs error</text>\n</svg>\n");
    }

    private static String percent(int part, int whole) {
        return whole <= 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    private static String sci(double v) {
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.2e", v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
