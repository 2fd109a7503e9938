package dev.modelx.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}, which every command takes; {@link Main} reads it from the arguments to print stack traces. */
final class VerboseOption {

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;
}
