package dev.modelx.cli;

import dev.modelx.graph.Model;
import dev.modelx.graph.validate.ModelValidator;
import dev.modelx.graph.validate.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate a model and list every problem found (exit 1 if there is any).")
final class CheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL")
    Path model;

    @Option(names = "--from", paramLabel = "FORMAT", description = "Input format (default: detected from the path).")
    String from;

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Model m = ModelLoader.load(model, from);
        List<Problem> problems = ModelValidator.problems(m);
        PrintWriter out = spec.commandLine().getOut();
        if (problems.isEmpty()) {
            out.println(model + ": OK (" + dev.modelx.graph.Graphs.nodeCount(m.graph()) + " nodes, no problems found)");
            return 0;
        }
        out.println(model + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
        for (Problem p : problems) {
            out.println("  [" + p.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "] " + p);
        }
        return 1;
    }
}
