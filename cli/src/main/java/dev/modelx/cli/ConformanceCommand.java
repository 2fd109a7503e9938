package dev.modelx.cli;

import picocli.CommandLine.Command;

@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = "Run conformance suites.",
        subcommands = {OnnxBackendCommand.class, MatrixCommand.class})
final class ConformanceCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing suite, e.g. 'modelx conformance onnx-backend'");
    }
}
