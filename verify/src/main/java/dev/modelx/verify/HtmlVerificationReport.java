package dev.modelx.verify;

import java.util.Locale;

import static dev.modelx.verify.Fmt.esc;

/**
 * Renders a {@link VerificationResult} as one self-contained HTML page (inline style and SVG, no scripts, in the
 * conformance report's style): the verdict, the inputs, a table of the outputs, the bisection result with the
 * diverging node's inputs and the compared values leading to it, and per output an SVG histogram of the absolute
 * errors per decade.
 */
final class HtmlVerificationReport {

    private static final String PASS = "#2e7d32";
    private static final String FAIL = "#c62828";
    private static final String BAR = "#1565c0";

    private HtmlVerificationReport() {
    }

    static String render(VerificationResult r) {
        StringBuilder h = new StringBuilder(32 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>modelx verification: ")
                .append(esc(r.a().label())).append("</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px;vertical-align:top}")
                .append("th{background:#eee}td.n{text-align:right}.pass{color:").append(PASS).append("}.fail{color:").append(FAIL)
                .append("}code{font-size:12px}.verdict{font-size:20px;font-weight:bold}.hist{display:inline-block;margin:0 2em 1em 0}")
                .append("</style></head><body>\n");
        h.append("<h1>modelx verification</h1>\n<table>");
        row(h, "A (source)", "<code>" + esc(r.a().label()) + "</code> (" + esc(r.a().formatOrDefault()) + ") on " + esc(r.oracleA()));
        row(h, "B (converted)", "<code>" + esc(r.b().label()) + "</code> (" + esc(r.b().formatOrDefault()) + ") on " + esc(r.oracleB()));
        row(h, "tolerance", esc(r.tolerance().toString()));
        row(h, "seed", Long.toString(r.seed()) + (r.dims().isEmpty() ? "" : "; dims " + esc(r.dims().toString())));
        row(h, "run time", "A " + r.millisA() + " ms, B " + r.millisB() + " ms");
        h.append("</table>\n");
        long failed = r.failedCount();
        if (r.error() != null) {
            h.append("<p class=\"verdict fail\">FAILED: ").append(esc(r.error())).append("</p>\n");
        } else if (r.passed()) {
            h.append("<p class=\"verdict pass\">Verified: all ").append(r.outputs().size()).append(" output(s) within tolerance</p>\n");
        } else {
            h.append("<p class=\"verdict fail\">FAILED: ").append(failed).append(" of ").append(r.outputs().size())
                    .append(" output(s) differ beyond tolerance</p>\n");
        }

        h.append("<h2>Inputs</h2>\n<table><tr><th>input</th><th>in B</th><th>value</th><th>origin</th></tr>\n");
        for (VerificationResult.InputInfo in : r.inputs()) {
            h.append("<tr><td><code>").append(esc(in.name())).append("</code></td><td>").append(pairing(in.nameB(), in.matchedBy()))
                    .append("</td><td>").append(esc(in.stats().describe())).append("</td><td>").append(esc(in.origin()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Outputs</h2>\n<table><tr><th>output</th><th>in B</th><th>op</th><th>A</th><th>B</th><th>max abs err</th>")
                .append("<th>max rel err</th><th>max ULP</th><th>outside</th><th>tolerance</th><th>status</th><th>reason</th></tr>\n");
        for (OutputResult o : r.outputs()) {
            Comparison c = o.comparison();
            String cls = o.passed() ? "pass" : "fail";
            h.append("<tr><td><code>").append(esc(o.name())).append("</code></td><td>").append(pairing(o.nameB(), o.matchedBy()))
                    .append("</td><td>").append(esc(o.op())).append("</td><td>").append(esc(c.expected())).append("</td><td>")
                    .append(esc(c.actual())).append("</td><td class=n>").append(Fmt.sci(c.maxAbsErr())).append("</td><td class=n>")
                    .append(Fmt.sci(c.maxRelErr())).append("</td><td class=n>").append(c.mismatch() == null ? c.maxUlp() : "-")
                    .append("</td><td class=n>").append(Fmt.percent(c.shareOutside())).append(" (").append(c.outside()).append('/')
                    .append(c.elements()).append(")</td><td>").append(c.tolerance() == null ? "" : esc(c.tolerance().toString()))
                    .append("</td><td class=").append(cls).append('>').append(o.status()).append("</td><td>")
                    .append(esc(c.reason() == null ? "" : c.reason()));
            if (c.note() != null) {
                h.append("<br><i>").append(esc(c.note())).append("</i>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (String n : r.notes()) {
            h.append("<p><i>").append(esc(n)).append("</i></p>\n");
        }

        if (r.bisection() != null) {
            bisection(h, r.bisection());
        }

        h.append("<h2>Error distribution per output</h2>\n<p>Count of elements per decade of |B - A|; the bar labelled 1e-k ")
                .append("counts errors in [1e-k, 1e-(k-1)). Elements outside tolerance are counted in the title.</p>\n");
        for (OutputResult o : r.outputs()) {
            histogram(h, o);
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(v).append("</td></tr>\n");
    }

    private static String pairing(String nameB, String by) {
        if (nameB == null) {
            return "<span class=fail>none</span>";
        }
        return "<code>" + esc(nameB) + "</code> (by " + esc(by) + ")";
    }

    private static void bisection(StringBuilder h, Bisection b) {
        h.append("<h2>First divergence</h2>\n");
        if (!b.found()) {
            h.append("<p>No matched value diverged beyond tolerance (").append(b.compared()).append(" of ").append(b.matched())
                    .append(" matched values compared).</p>\n");
        } else {
            Comparison e = b.error();
            h.append("<table>");
            row(h, "node", "<b>" + esc(b.node()) + "</b>");
            row(h, "op", "<code>" + esc(b.op()) + "</code>");
            row(h, "value", "<code>" + esc(b.value()) + "</code> in A, <code>" + esc(b.valueB()) + "</code> in B (matched by "
                    + esc(b.matchedBy()) + ")");
            row(h, "B computes it in", esc(b.nodeB()));
            row(h, "error", "<span class=fail>" + esc(e.summary()) + "</span>"
                    + (e.mismatch() == null && e.reason() != null ? "<br>" + esc(e.reason()) : ""));
            if (e.note() != null) {
                row(h, "note", esc(e.note()));
            }
            if (!b.attributeDifferences().isEmpty()) {
                row(h, "attributes that differ", esc(String.join("; ", b.attributeDifferences())));
            }
            row(h, "before it", (b.compared() - 1) + " matched values agree (" + b.matched() + " matched in all"
                    + (b.windows() > 1 ? ", " + b.windows() + " passes over the models" : "") + ")");
            h.append("</table>\n<h3>Inputs of the node (values in A)</h3>\n<table><tr><th>input</th><th>role</th><th>dtype</th>")
                    .append("<th>shape</th><th>min</th><th>max</th><th>mean</th><th>std</th><th>in B</th></tr>\n");
            for (Bisection.InputStat i : b.inputs()) {
                TensorStats s = i.stats();
                h.append("<tr><td><code>").append(esc(i.name())).append("</code></td><td>").append(esc(i.role())).append("</td>");
                if (s == null) {
                    h.append("<td colspan=6>?</td>");
                } else {
                    h.append("<td>").append(esc(s.type())).append("</td><td>").append(esc(Fmt.shape(s.shape()))).append("</td><td class=n>")
                            .append(Fmt.num(s.min())).append("</td><td class=n>").append(Fmt.num(s.max())).append("</td><td class=n>")
                            .append(Fmt.num(s.mean())).append("</td><td class=n>").append(Fmt.num(s.std())).append("</td>");
                }
                h.append("<td>").append(esc(i.check() == null ? "" : i.check())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        if (!b.trail().isEmpty()) {
            h.append("<h3>Compared values up to the divergence (A's order)</h3>\n<table><tr><th>value</th><th>node</th><th>op</th>")
                    .append("<th>matched by</th><th>status</th><th>error</th></tr>\n");
            for (Bisection.Step s : b.trail()) {
                h.append("<tr><td><code>").append(esc(s.value())).append("</code></td><td>").append(esc(s.node())).append("</td><td>")
                        .append(esc(s.op())).append("</td><td>").append(esc(s.matchedBy())).append("</td><td class=")
                        .append(s.passed() ? "pass>passed" : "fail>failed").append("</td><td>").append(esc(s.summary()))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        if (b.failureB() != null) {
            h.append("<p class=fail>B failed: ").append(esc(b.failureB())).append("</p>\n");
        }
        for (String n : b.notes()) {
            h.append("<p><i>").append(esc(n)).append("</i></p>\n");
        }
    }

    /** One SVG bar chart of the output's error histogram (decades of |B - A|). */
    private static void histogram(StringBuilder h, OutputResult o) {
        Comparison c = o.comparison();
        long[] count = c.histogram();
        long max = 1;
        for (long x : count) {
            max = Math.max(max, x);
        }
        int bins = count.length;
        int barW = 36;
        int plotH = 120;
        int width = bins * barW + 30;
        h.append("<div class=hist><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(plotH + 60).append("\" font-size=\"10\">\n");
        h.append("<text x=\"10\" y=\"12\" font-size=\"12\">").append(esc(o.name())).append(": ").append(c.elements())
                .append(" elements, ").append(c.outside()).append(" outside tolerance").append("</text>\n");
        int top = 22;
        for (int i = 0; i < bins; i++) {
            long bh = Math.round((double) plotH * count[i] / max);
            if (count[i] > 0 && bh == 0) {
                bh = 1;
            }
            int x = 15 + i * barW;
            String color = i == bins - 1 && count[i] > 0 ? FAIL : BAR;
            h.append("<rect x=\"").append(x + 2).append("\" y=\"").append(top + plotH - bh).append("\" width=\"").append(barW - 4)
                    .append("\" height=\"").append(bh).append("\" fill=\"").append(color).append("\"><title>")
                    .append(esc(Comparison.binLabel(i))).append(": ").append(count[i]).append("</title></rect>\n");
            if (count[i] > 0) {
                h.append("<text x=\"").append(x + barW / 2).append("\" y=\"").append(top - 2 + plotH - bh)
                        .append("\" text-anchor=\"middle\">").append(compact(count[i])).append("</text>\n");
            }
            h.append("<text x=\"").append(x + barW / 2).append("\" y=\"").append(top + plotH + 14).append("\" text-anchor=\"middle\">")
                    .append(esc(Comparison.binLabel(i))).append("</text>\n");
        }
        h.append("<line x1=\"15\" y1=\"").append(top + plotH).append("\" x2=\"").append(15 + bins * barW).append("\" y2=\"")
                .append(top + plotH).append("\" stroke=\"#444\"/>\n");
        h.append("<text x=\"").append(15 + bins * barW / 2).append("\" y=\"").append(top + plotH + 30)
                .append("\" text-anchor=\"middle\">|B - A| per element</text>\n</svg></div>\n");
    }

    private static String compact(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        if (n < 10_000_000) {
            return String.format(Locale.ROOT, "%dk", n / 1000);
        }
        return String.format(Locale.ROOT, "%dM", n / 1_000_000);
    }
}
