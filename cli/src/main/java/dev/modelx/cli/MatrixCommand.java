package dev.modelx.cli;

import dev.modelx.conformance.matrix.ConformanceMatrix;
import dev.modelx.conformance.matrix.Direction;
import dev.modelx.conformance.matrix.MatrixCase;
import dev.modelx.conformance.matrix.MatrixListener;
import dev.modelx.conformance.matrix.MatrixReport;
import dev.modelx.conformance.matrix.MatrixStatus;
import dev.modelx.graph.io.Corpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = {"Run the cross-format conformance matrix: every corpus model (ONNX backend tests, the TensorFlow and Paddle"
                + " models, MiniLM when its jars are in the local Maven repository, the example models, --extra models) converted in"
                + " every direction that can express it (among onnx, tf-savedmodel, tf-graphdef, paddle, paddle-pir; tflite is"
                + " read-only), read back, run on the reference runtime and compared with the source.",
            "Cells end as pass, fail (numeric mismatch), unsupported (the exporter lacks an op; counted as skipped) or error"
                + " (crash or time limit; counted as failed)."})
final class MatrixCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR",
            description = "Corpus folder holding onnx-backend-tests/ and models/ (default: $MODELX_CORPUS, else ../shared); a folder"
                    + " holding node/, simple/, ... is taken as the backend tests alone.")
    Path data;

    @Option(names = "--directions", paramLabel = "SRC>DST", split = ",",
            description = "Only these directions, e.g. onnx>tf-savedmodel,paddle>onnx (default: every source format to every other"
                    + " target format).")
    List<String> directions;

    @Option(names = "--extra", paramLabel = "MODEL", arity = "1..*", description = "More models to put through the matrix.")
    List<Path> extra;

    @Option(names = "--filter", paramLabel = "REGEX",
            description = "Only models whose id contains a match (ids: node/test_abs, tf/tf2onnx-lstm/frozen.pb, paddle/lite-resnet-cifar, ...).")
    String filter;

    @Option(names = "--per-op", paramLabel = "N", defaultValue = "0",
            description = "Of the backend node/ tests, only N per op under test (the JUnit slice uses 2; default: all).")
    int perOp;

    @Mixin
    ReportOptions reports;

    @Option(names = {"-j", "--threads"}, paramLabel = "N", description = "Parallel workers (default: available processors).")
    Integer threads;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Time limit of one cell (default ${DEFAULT-VALUE}; heavy models get 5 minutes).")
    int timeout;

    @Option(names = "--no-bisect", description = "Do not look for the first diverging node of failing cells.")
    boolean noBisect;

    @Option(names = "--no-corpus", description = "Only the --extra models.")
    boolean noCorpus;

    @Option(names = "--min-pass", paramLabel = "N", defaultValue = "0", description = "Exit 1 when fewer than N cells pass.")
    int minPass;

    @Option(names = "--failures", description = "List every failed and error cell with its reason.")
    boolean listFailures;

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ConformanceMatrix.Builder b = ConformanceMatrix.builder().timeout(Duration.ofSeconds(Math.max(1, timeout))).bisect(!noBisect);
        if (data != null) {
            if (!Files.isDirectory(data)) {
                throw new CliException(data + ": no such folder");
            }
            if (Files.isDirectory(data.resolve("node"))) {
                b.corpus(data).backendDir(data).parts(true, false, false, true, true);
            } else {
                b.corpus(data);
            }
        } else if (!noCorpus && !Files.isDirectory(Corpus.root())) {
            throw new CliException(Corpus.root() + ": no corpus folder (give --data DIR or set MODELX_CORPUS)");
        }
        if (noCorpus) {
            b.models(List.of());
        }
        if (directions != null && !directions.isEmpty()) {
            try {
                b.directions(Direction.parseList(String.join(",", directions)));
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
        }
        if (extra != null) {
            b.extra(extra);
        }
        if (filter != null) {
            try {
                b.filter(Pattern.compile(filter));
            } catch (PatternSyntaxException e) {
                throw new CliException("--filter: " + e.getDescription() + " in '" + filter + "'");
            }
        }
        if (perOp < 0) {
            throw new CliException("--per-op must be at least 0");
        }
        b.perOp(perOp);
        if (threads != null) {
            if (threads < 1) {
                throw new CliException("--threads must be at least 1");
            }
            b.threads(threads);
        }
        ConformanceMatrix matrix;
        try {
            matrix = b.build();
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String n : matrix.notes()) {
            err.println("note: " + n);
        }
        if (matrix.cells().isEmpty()) {
            throw new CliException("no model in any requested direction" + (filter != null ? " matches --filter " + filter : ""));
        }
        ProgressBar progress = new ProgressBar(err, "matrix", matrix.cells().size());
        MatrixReport r = matrix.run(new MatrixListener() {
            @Override
            public void cellFinished(MatrixCase result, int index, int total) {
                progress.step(result.name() + " " + result.direction());
            }
        });
        progress.finish();
        reports.write(out, r::writeJson, r::writeHtml);
        if (listFailures) {
            for (MatrixCase c : r.cases()) {
                if (c.status() == MatrixStatus.FAIL || c.status() == MatrixStatus.ERROR) {
                    out.println(c.status().label().toUpperCase(java.util.Locale.ROOT) + " " + c.name() + " " + c.direction() + ": " + c.reason()
                            + (c.divergenceNode() != null ? " [first divergence: " + c.divergenceNode() + "]" : ""));
                }
            }
        }
        for (Map.Entry<Direction, MatrixReport.Counts> e : r.directions().entrySet()) {
            MatrixReport.Counts c = e.getValue();
            out.printf("  %-28s %5d pass, %4d fail, %5d unsupported, %4d error%s%n", e.getKey(), c.pass(), c.fail(), c.unsupported(),
                    c.error(), topFailing(r, e.getKey()));
        }
        MatrixReport.Counts s = r.summary();
        out.printf("wall time %.1f s on %d threads%n", r.wallMillis() / 1000.0, r.threads());
        out.println("unsupported cells (" + s.unsupported() + ": the exporter lacks or refuses an op) are counted as skipped; error cells ("
                + s.error() + ": crash or time limit) as failed");
        out.println(s.pass() + " passed, " + (s.fail() + s.error()) + " failed, " + s.unsupported() + " skipped");
        return s.pass() < minPass ? 1 : 0;
    }

    private static String topFailing(MatrixReport r, Direction d) {
        List<Map.Entry<String, Integer>> top = r.topOps(d, MatrixStatus.FAIL, 3);
        if (top.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("  (failing: ");
        for (int i = 0; i < top.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(top.get(i).getKey()).append(' ').append(top.get(i).getValue());
        }
        return sb.append(')').toString();
    }
}
