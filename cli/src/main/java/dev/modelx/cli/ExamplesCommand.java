package dev.modelx.cli;

import dev.modelx.graph.Model;
import dev.modelx.graph.examples.ExampleModels;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.Formats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "examples", mixinStandardHelpOptions = true,
        description = "Write the example models that modelx builds itself (a small CNN, a transformer block) as ONNX.")
final class ExamplesCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", defaultValue = "examples", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        Map<String, Model> models = new LinkedHashMap<>();
        models.put("small-cnn.onnx", ExampleModels.smallCnn());
        models.put("transformer-block.onnx", ExampleModels.transformerBlock());
        for (Map.Entry<String, Model> e : models.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Formats.exporter("onnx").write(e.getValue(), p, ExportOptions.defaults());
            spec.commandLine().getOut().println("wrote " + p);
        }
        return 0;
    }
}
