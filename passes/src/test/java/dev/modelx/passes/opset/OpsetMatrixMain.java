package dev.modelx.passes.opset;

import dev.modelx.graph.io.Corpus;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The full op-set conversion matrix from the command line:
 * <pre>
 * OpsetMatrixMain [--targets 7-28] [--folders node,simple,pytorch-converted,pytorch-operator] [--filter REGEX]
 *                 [--threads N] [--timeout S] [--report FILE] [--verbose]
 * </pre>
 * Build and run (offline, private build root):
 * <pre>
 * mvn -B -q -o -DbuildRoot=/tmp/b -pl passes -am install -DskipTests
 * mvn -B -q -o -DbuildRoot=/tmp/b -pl passes test-compile
 * java -cp /tmp/b/modelx-passes/classes:/tmp/b/modelx-passes/test-classes:/tmp/b/modelx-graph/*:... \
 *      dev.modelx.passes.opset.OpsetMatrixMain --threads 2 --report /tmp/matrix.tsv
 * </pre>
 * (the classpath also needs the format-onnx, import-onnx, export-onnx and reference-runtime jars and
 * protobuf-java; run it from the repository so the corpus is found, or set {@code -Dmodelx.corpus}).
 * Prints the table of counts per target op set (converted and passed, converted and failed, refused), the
 * failures, and the refusals grouped by blocking op. {@code --report} also writes one line per test and target.
 */
public final class OpsetMatrixMain {

    private OpsetMatrixMain() {
    }

    public static void main(String[] args) throws IOException {
        int lo = OpsetConverter.MIN_TARGET;
        int hi = OpSchemas.MAX_OPSET;
        Pattern filter = null;
        int threads = Runtime.getRuntime().availableProcessors();
        long timeout = 60;
        Path report = null;
        boolean verbose = false;
        List<String> folders = new ArrayList<>(List.of("node"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--targets" -> {
                    String[] p = args[++i].split("-");
                    lo = Integer.parseInt(p[0]);
                    hi = Integer.parseInt(p[p.length - 1]);
                }
                case "--filter" -> filter = Pattern.compile(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--timeout" -> timeout = Long.parseLong(args[++i]);
                case "--report" -> report = Path.of(args[++i]);
                case "--folders" -> folders = List.of(args[++i].split(","));
                case "--verbose", "-v" -> verbose = true;
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        Path root = Corpus.onnxBackendTests();
        List<OpsetMatrix.Case> cases = new ArrayList<>();
        for (String folder : folders) {
            cases.addAll(OpsetMatrix.cases(root, folder, filter));
        }
        if (cases.isEmpty()) {
            System.err.println("no backend node tests: " + Corpus.missingMessage("onnx-backend-tests"));
            System.exit(3);
        }
        List<Integer> targets = new ArrayList<>();
        for (int t = lo; t <= hi; t++) {
            targets.add(t);
        }
        long start = System.nanoTime();
        final boolean v = verbose;
        int[] done = {0};
        OpsetMatrix.Table table = OpsetMatrix.runAll(cases, targets, threads, timeout, r -> {
            synchronized (done) {
                done[0]++;
                if (v) {
                    System.err.println("[" + done[0] + "/" + cases.size() + "] " + r.test());
                }
            }
        });
        long secs = (System.nanoTime() - start) / 1_000_000_000L;
        StringBuilder out = new StringBuilder();
        out.append("op-set conversion matrix: ").append(cases.size()).append(" tests (").append(String.join(", ", folders))
                .append(") x targets ").append(lo).append('-')
                .append(hi).append(" (").append(secs).append(" s)\n");
        out.append(table.render());
        Map<String, Integer> refusedByOp = new TreeMap<>();
        Map<String, List<String>> failures = new TreeMap<>();
        List<String> excluded = new ArrayList<>();
        for (OpsetMatrix.TestResult r : table.results) {
            if (r.excluded() != null) {
                excluded.add(r.test() + ": " + r.excluded());
                continue;
            }
            for (OpsetMatrix.Outcome o : r.outcomes()) {
                if (o.status() == OpsetMatrix.Status.REFUSED) {
                    for (String op : o.blockingOps()) {
                        refusedByOp.merge(op, 1, Integer::sum);
                    }
                } else if (o.status() == OpsetMatrix.Status.FAIL) {
                    failures.computeIfAbsent(r.test(), k -> new ArrayList<>()).add(o.target() + ": " + o.reason());
                }
            }
        }
        out.append("\nleft out (fail at their own op set): ").append(excluded.size()).append('\n');
        excluded.forEach(e -> out.append("  ").append(e).append('\n'));
        out.append("\nconverted but failed (").append(failures.size()).append(" tests):\n");
        failures.forEach((t, l) -> {
            out.append("  ").append(t).append(" at ").append(l.size()).append(" targets, e.g. ").append(l.get(0)).append('\n');
        });
        out.append("\nrefusals by blocking op (test x target cases):\n");
        refusedByOp.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> out.append(String.format("  %-28s %6d%n", e.getKey(), e.getValue())));
        System.out.print(out);
        if (report != null) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(report, StandardCharsets.UTF_8))) {
                for (OpsetMatrix.TestResult r : table.results) {
                    if (r.excluded() != null) {
                        w.println(r.test() + "\t-\tEXCLUDED\t" + r.excluded());
                        continue;
                    }
                    for (OpsetMatrix.Outcome o : r.outcomes()) {
                        w.println(r.test() + "\t" + o.target() + "\t" + o.status() + "\t" + (o.reason() == null ? "" : o.reason()));
                    }
                }
            }
        }
    }
}
