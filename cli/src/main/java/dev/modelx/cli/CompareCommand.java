package dev.modelx.cli;

import dev.modelx.graph.Model;
import dev.modelx.verify.ModelSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Run two models on the same inputs and compare every output (A is the reference, B the model checked).",
                "With --bisect, when outputs differ, find the first node whose outputs diverge, pairing values across the two "
                        + "graphs by name and by the converted nodes' provenance records.",
                "Exit code 1 when any output is beyond tolerance."})
final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "A", description = "The reference model (e.g. the source of a conversion).")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The model to check (e.g. the converted one).")
    Path b;

    @Option(names = "--from-a", paramLabel = "FORMAT", description = "A's format (default: detected from the path).")
    String fromA;

    @Option(names = "--from-b", paramLabel = "FORMAT", description = "B's format (default: detected from the path).")
    String fromB;

    @Option(names = "--bisect", description = "When outputs differ, find the first diverging node.")
    boolean bisect;

    @Mixin
    VerifyOptions verify;

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Model ma = ModelLoader.load(a, fromA);
        Model mb = ModelLoader.load(b, fromB);
        return VerifyRunner.run(verify, ModelSource.of(ma, a, ma.sourceFormat()), ModelSource.of(mb, b, mb.sourceFormat()), bisect,
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
