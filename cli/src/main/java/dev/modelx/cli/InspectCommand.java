package dev.modelx.cli;

import dev.modelx.graph.Model;
import dev.modelx.graph.inspect.ModelSummary;
import dev.modelx.graph.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a model's format, versions, inputs and outputs, op histogram and parameter count.")
final class InspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", description = "The model file or directory.")
    Path model;

    @Option(names = "--from", paramLabel = "FORMAT", description = "Input format (default: detected from the path).")
    String from;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Model m = ModelLoader.load(model, from);
        Map<String, Object> summary = ModelSummary.of(m, model.toString());
        spec.commandLine().getOut().print(json ? Json.write(summary) : ModelSummary.text(summary));
        return 0;
    }
}
