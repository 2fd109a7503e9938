package dev.modelx.cli;

import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;

/** {@code --report} and {@code --html} of the conformance commands, and writing them. */
final class ReportOptions {

    @Option(names = "--report", paramLabel = "FILE", description = "Write the JSON report.")
    Path report;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report.")
    Path html;

    /** Writes the reports asked for with the given writers, saying so on {@code out}. */
    void write(PrintWriter out, Consumer<Path> json, Consumer<Path> page) {
        if (report != null) {
            json.accept(report);
            out.println("wrote " + report);
        }
        if (html != null) {
            page.accept(html);
            out.println("wrote " + html);
        }
    }
}
