package dev.modelx.cli;

import dev.modelx.graph.Model;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.Formats;
import dev.modelx.passes.PassOptions;
import dev.modelx.passes.PassPipeline;
import dev.modelx.passes.PipelineResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "optimize", mixinStandardHelpOptions = true,
        description = "Simplify a model with graph passes (default: " + PassPipeline.DEFAULT + ") and write it.")
final class OptimizeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT")
    Path out;

    @Option(names = "--passes", paramLabel = "LIST", defaultValue = "default",
            description = "Comma-separated passes, e.g. fold,dce,fuse-bn; 'default' stands for the default list.")
    String passes;

    @Option(names = "--dim", paramLabel = "NAME=VALUE", description = "Bind a symbolic dimension so shapes can fold.")
    Map<String, Long> dims = new LinkedHashMap<>();

    @Option(names = "--from", paramLabel = "FORMAT", description = "Input format (default: detected from IN).")
    String from;

    @Option(names = "--to", paramLabel = "FORMAT", description = "Output format (default: the input's format).")
    String to;

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Model m = ModelLoader.load(in, from);
        RunCommand.checkDimNames(m.graph().feedInputs(), dims);
        PipelineResult result = PassPipeline.parse(passes, PassOptions.defaults().dims(dims)).run(m);
        PrintWriter w = spec.commandLine().getOut();
        result.lines().forEach(w::println);
        String target = to != null ? to : m.sourceFormat();
        Formats.exporter(target).write(m, out, ExportOptions.defaults());
        w.printf("%s: %d -> %d nodes, written to %s (%s)%n", in, result.nodesBefore(), result.nodesAfter(), out, target);
        return 0;
    }
}
