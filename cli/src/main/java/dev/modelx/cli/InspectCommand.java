package dev.modelx.cli;

import dev.modelx.graph.Model;
import dev.modelx.graph.inspect.ModelSummary;
import dev.modelx.graph.io.Json;
import dev.modelx.runtime.ShapeInference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Option(names = "--shapes", description = "Also infer and list the type and shape of every value (runs the model once on generated inputs).")
    boolean shapes;

    @Option(names = "--dim", paramLabel = "NAME=VALUE", description = "With --shapes: bind a symbolic dimension instead of tracking it by name.")
    Map<String, Long> dims = new java.util.LinkedHashMap<>();

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Model m = ModelLoader.load(model, from);
        Map<String, Object> summary = ModelSummary.of(m, model.toString());
        Map<String, String> inferred = new java.util.LinkedHashMap<>();
        if (shapes) {
            RunCommand.checkDimNames(m.graph().feedInputs(), dims);
            ShapeInference.infer(m, dims).forEach((name, type) -> inferred.put(name, String.valueOf(type)));
            summary.put("value_types", inferred);
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.write(summary));
            return 0;
        }
        out.print(ModelSummary.text(summary));
        if (shapes) {
            out.println("  inferred types and shapes:");
            inferred.forEach((name, type) -> out.printf("    %-30s %s%n", name, type));
        }
        return 0;
    }
}
