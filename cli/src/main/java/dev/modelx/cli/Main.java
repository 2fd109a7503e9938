package dev.modelx.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Arrays;

/** The {@code modelx} command: convert models between frameworks and prove each conversion. */
@Command(name = "modelx", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Convert deep-learning models between ONNX, TensorFlow and PaddlePaddle, and prove each conversion.",
        subcommands = {InspectCommand.class, CheckCommand.class, ConvertCommand.class, CompareCommand.class, OptimizeCommand.class, RunCommand.class,
                ConformanceCommand.class, ExamplesCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the CLI with the given streams and returns the exit code (0 ok, 1 bad input or failed check, 2 usage). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("modelx: " + ErrorMessages.oneLine(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
