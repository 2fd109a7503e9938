package dev.modelx.conformance;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Runs the ONNX backend tests whose names match a regular expression and prints one line per test:
 * {@code PASS name}, {@code FAIL name: reason}, {@code STAT name: reason} (random op, checked by statistics),
 * {@code SKIP name: reason}, then {@code N passed, N failed, N skipped}. Used by {@code scripts/backend-tests.sh}.
 * Exit status: 0 when nothing failed, 1 when something failed, 2 for a usage error.
 */
public final class BackendTestMain {

    private static final String USAGE = String.join("\n",
            "usage: backend-tests.sh [options] [REGEX]",
            "  REGEX             run tests whose name contains a match (java.util.regex, e.g. '^test_abs$'); default: all",
            "  --folder F        only folder F (node, simple, pytorch-converted, pytorch-operator, light, real); repeatable or comma-separated",
            "  -v, --verbose     print the stack trace of each failure",
            "  -j, --threads N   parallel workers (default: available processors)",
            "  --timeout S       seconds one test may take (default 60; light models 300)",
            "  --data DIR        the folder holding node/, simple/, ... (default: the corpus setting's onnx-backend-tests)",
            "  --json FILE       also write the JSON report",
            "  --html FILE       also write the HTML report",
            "  --failures-only   print only FAIL lines (and the summary)",
            "  --list            list the matching tests without running them");

    private BackendTestMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        OnnxBackendRunner.Builder b = OnnxBackendRunner.builder();
        List<String> folders = new ArrayList<>();
        String regex = null;
        boolean verbose = false;
        boolean failuresOnly = false;
        boolean list = false;
        Path json = null;
        Path html = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    case "-v", "--verbose" -> verbose = true;
                    case "--failures-only" -> failuresOnly = true;
                    case "--list" -> list = true;
                    case "--folder" -> folders.addAll(Arrays.asList(value(args, ++i, a).split(",")));
                    case "-j", "--threads" -> b.threads(Integer.parseInt(value(args, ++i, a)));
                    case "--timeout" -> {
                        long s = Long.parseLong(value(args, ++i, a));
                        b.timeout(Duration.ofSeconds(s)).heavyTimeout(Duration.ofSeconds(Math.max(s, 300)));
                    }
                    case "--data" -> b.data(Path.of(value(args, ++i, a)));
                    case "--json" -> json = Path.of(value(args, ++i, a));
                    case "--html" -> html = Path.of(value(args, ++i, a));
                    default -> {
                        if (a.startsWith("-") && a.length() > 1) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        if (regex != null) {
                            throw new IllegalArgumentException("one REGEX only (got '" + regex + "' and '" + a + "'); use alternation: 'a|b'");
                        }
                        regex = a;
                    }
                }
            }
            if (regex != null) {
                b.filter(Pattern.compile(regex));
            }
            b.folders(folders.stream().map(String::strip).filter(f -> !f.isEmpty()).toList()).stackTraces(verbose);
        } catch (PatternSyntaxException e) {
            err.println("bad REGEX: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        OnnxBackendRunner runner = b.build();
        List<BackendCase> cases;
        try {
            cases = runner.cases();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (list) {
            cases.forEach(c -> out.println(c.folder() + "/" + c.name()));
            out.println(cases.size() + " tests");
            return 0;
        }
        if (cases.isEmpty()) {
            err.println("no test matches" + (regex == null ? "" : " '" + regex + "'"));
            return 2;
        }
        boolean stacks = verbose;
        boolean onlyFailures = failuresOnly;
        ConformanceReport report = runner.run(new InOrderPrinter(cases.size(), out, stacks, onlyFailures));
        if (json != null) {
            report.writeJson(json);
        }
        if (html != null) {
            report.writeHtml(html);
        }
        if (report.folders().size() > 1) {
            report.folders().forEach((f, c) -> out.println("  " + f + ": " + ConformanceReport.summaryLine(c)));
        }
        out.println(report.summaryLine() + String.format(Locale.ROOT, " (%.1f s)", report.wallMillis() / 1000.0));
        return report.summary().failed() > 0 ? 1 : 0;
    }

    /** Prints results in report order as they become available (cases finish out of order when run in parallel). */
    private static final class InOrderPrinter implements ConformanceListener {
        private final CaseResult[] pending;
        private final PrintStream out;
        private final boolean stacks;
        private final boolean failuresOnly;
        private int next;

        InOrderPrinter(int total, PrintStream out, boolean stacks, boolean failuresOnly) {
            this.pending = new CaseResult[total];
            this.out = out;
            this.stacks = stacks;
            this.failuresOnly = failuresOnly;
        }

        @Override
        public void caseFinished(CaseResult r, int index, int total) {
            pending[index] = r;
            while (next < pending.length && pending[next] != null) {
                print(pending[next]);
                pending[next] = null;
                next++;
            }
        }

        private void print(CaseResult r) {
            if (failuresOnly && r.status() != CaseStatus.FAILED) {
                return;
            }
            String line = switch (r.status()) {
                case PASSED -> "PASS " + r.name();
                case FAILED -> "FAIL " + r.name() + ": " + r.reason();
                case SKIPPED -> "SKIP " + r.name() + ": " + r.reason();
                case STATISTICAL -> "STAT " + r.name() + ": " + r.reason();
            };
            if (r.known() != null) {
                line += " [known: " + r.known() + "]";
            }
            out.println(line);
            if (stacks && r.detail() != null) {
                out.print(r.detail().indent(4));
            }
            out.flush();
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
