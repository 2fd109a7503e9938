package dev.modelx.cli;

import dev.modelx.conformance.CaseResult;
import dev.modelx.conformance.CaseStatus;
import dev.modelx.conformance.ConformanceListener;
import dev.modelx.conformance.ConformanceReport;
import dev.modelx.conformance.OnnxBackendRunner;
import dev.modelx.graph.io.AtomicFiles;
import dev.modelx.graph.io.Json;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code modelx conformance onnx-backend --opsets 7-28}: every backend test converted to each target op set,
 * run, and compared with its expected outputs; a table of counts per target (refused = the converter
 * declined, with its reason in the JSON report).
 */
final class OpsetSweep {

    private OpsetSweep() {
    }

    static int run(OnnxBackendRunner.Builder b, String range, Path report, int minPass, PrintWriter out, PrintWriter err)
            throws Exception {
        String[] parts = range.split("-", 2);
        int from, to;
        try {
            from = Integer.parseInt(parts[0].trim());
            to = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : from;
        } catch (NumberFormatException e) {
            throw new CliException("--opsets takes a range like 7-28, got '" + range + "'");
        }
        if (from > to) {
            throw new CliException("--opsets range '" + range + "' is empty");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        int passed = 0, failed = 0, skipped = 0;
        out.printf("%-8s %8s %8s %8s %8s%n", "op set", "passed", "failed", "refused", "skipped");
        for (int target = from; target <= to; target++) {
            OnnxBackendRunner runner = b.targetOpset(target).build();
            ProgressBar progress = new ProgressBar(err, "op set " + target, runner.cases().size());
            ConformanceReport r = runner.run(new ConformanceListener() {
                @Override
                public void caseFinished(CaseResult result, int index, int total) {
                    progress.step(result.name());
                }
            });
            progress.finish();
            long refused = r.cases().stream().filter(c -> c.status() == CaseStatus.SKIPPED && c.reason() != null
                    && c.reason().startsWith("op-set conversion refused")).count();
            ConformanceReport.Counts c = r.summary();
            out.printf("%-8d %8d %8d %8d %8d%n", target, c.passed(), c.failed(), refused, c.skipped() - refused);
            out.flush();
            passed += c.passed();
            failed += c.failed();
            skipped += c.skipped();
            json.put(Integer.toString(target), r.toMap());
        }
        if (report != null) {
            String text = Json.write(Map.of("opsets", json));
            AtomicFiles.write(report, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
            out.println("wrote " + report);
        }
        out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        return passed < minPass ? 1 : 0;
    }
}
