package dev.modelx.cli;

import dev.modelx.conformance.BackendCase;
import dev.modelx.conformance.CaseResult;
import dev.modelx.conformance.CaseStatus;
import dev.modelx.conformance.ConformanceListener;
import dev.modelx.conformance.ConformanceReport;
import dev.modelx.conformance.OnnxBackendRunner;
import dev.modelx.conformance.ViaSummary;
import dev.modelx.graph.io.Corpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

@Command(name = "onnx-backend", mixinStandardHelpOptions = true,
        description = {"Run the ONNX backend test suite (node, simple, pytorch-converted, pytorch-operator, light, real) on the reference runtime.",
                "With --via FORMAT, each test's model is exported to FORMAT and the written model is run and compared instead: "
                        + "in TensorFlow for tf-savedmodel/tf-graphdef when the tensorflow oracle is installed (oracles/tensorflow), "
                        + "otherwise re-imported and run on the reference runtime. Tests using ops the exporter does not cover are skipped."})
final class OnnxBackendCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "Folder holding node/, simple/, ... (default: $MODELX_CORPUS/onnx-backend-tests).")
    Path data;

    @Option(names = "--folder", paramLabel = "NAME", split = ",", description = "Only these folders (default: all).")
    List<String> folders;

    @Option(names = "--filter", paramLabel = "REGEX", description = "Only tests whose name contains a match.")
    String filter;

    @Option(names = "--opsets", paramLabel = "FROM-TO",
            description = "Convert every model to each ai.onnx op set in the range (e.g. 7-28) and run it; prints a table per op set.")
    String opsets;

    @Option(names = "--via", paramLabel = "FORMAT",
            description = "Export each model to FORMAT first and run the written model: tf-savedmodel, tf-graphdef, paddle, paddle-pir, onnx.")
    String via;

    @Mixin
    ReportOptions reports;

    @Option(names = "--min-pass", paramLabel = "N", defaultValue = "0", description = "Exit 1 when fewer than N tests pass.")
    int minPass;

    @Option(names = {"-j", "--threads"}, paramLabel = "N", description = "Parallel workers (default: available processors).")
    Integer threads;

    @Option(names = "--failures", description = "List every failing test with its reason.")
    boolean listFailures;

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = data != null ? data : Corpus.onnxBackendTests();
        if (!Files.isDirectory(dir)) {
            throw new CliException(dir + ": no such folder (give --data DIR or set MODELX_CORPUS)");
        }
        OnnxBackendRunner.Builder b = OnnxBackendRunner.builder().data(dir);
        if (folders != null && !folders.isEmpty()) {
            b.folders(folders);
        }
        if (filter != null) {
            b.filter(Pattern.compile(filter));
        }
        if (threads != null) {
            b.threads(threads);
        }
        if (via != null) {
            try {
                b.via(via);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
        }
        if (opsets != null) {
            return OpsetSweep.run(b, opsets, reports.report, minPass, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        OnnxBackendRunner runner = b.build();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (runner.via() != null) {
            out.println("via " + runner.via().format() + ": exported by modelx, " + runner.via().describe());
            out.flush();
        }
        ProgressBar progress = new ProgressBar(err, via != null ? "onnx-backend via " + via : "onnx-backend", runner.cases().size());
        ConformanceReport r = runner.run(new ConformanceListener() {
            @Override
            public void caseFinished(CaseResult result, int index, int total) {
                progress.step(result.name());
            }
        });
        progress.finish();
        reports.write(out, r::writeJson, r::writeHtml);
        if (listFailures) {
            for (CaseResult c : r.withStatus(CaseStatus.FAILED)) {
                out.println("FAIL " + c.folder() + "/" + c.name() + ": " + c.reason());
            }
        }
        for (Map.Entry<String, ConformanceReport.Counts> e : r.folders().entrySet()) {
            ConformanceReport.Counts c = e.getValue();
            out.printf("  %-18s %d passed, %d failed, %d skipped%s%n", e.getKey(), c.passed(), c.failed(), c.skipped(),
                    c.statistical() > 0 ? ", " + c.statistical() + " checked by statistics" : "");
        }
        ConformanceReport.Counts s = r.summary();
        if (s.statistical() > 0) {
            out.println(s.statistical() + " random-op tests checked by statistics (not counted as passes)");
        }
        if (r.via() != null) {
            viaSummary(out, r);
        }
        out.printf("wall time %.1f s on %d threads%n", r.wallMillis() / 1000.0, r.threads());
        out.println(s.passed() + " passed, " + s.failed() + " failed, " + s.skipped() + " skipped");
        return s.passed() < minPass ? 1 : 0;
    }

    /** Covered / passed / failed (commonest reasons) / not covered (commonest missing ops) of a --via run. */
    private static void viaSummary(PrintWriter out, ConformanceReport r) {
        out.println("via " + r.via() + ", " + r.ranIn());
        out.println("  " + ViaSummary.of(r).line());
        Map<String, Integer> reasons = ViaSummary.topFailureReasons(r.cases(), 10);
        if (!reasons.isEmpty()) {
            out.println("  commonest failure reasons:");
            reasons.forEach((k, v) -> out.printf("    %4d  %s%n", v, k));
        }
        Map<String, Integer> missing = ViaSummary.topMissingOps(r.cases(), 20);
        if (!missing.isEmpty()) {
            StringBuilder sb = new StringBuilder("  ops most often not covered (tests):");
            missing.forEach((k, v) -> sb.append(' ').append(k).append(" (").append(v).append(')'));
            out.println(sb);
        }
    }
}
