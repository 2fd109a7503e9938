package dev.modelx.cli;

import dev.modelx.graph.Dim;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.Npy;
import dev.modelx.runtime.RandomInputs;
import dev.modelx.runtime.Session;
import dev.modelx.runtime.SessionOptions;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a model on the reference runtime and write each output as <name>.npy.")
final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL")
    Path model;

    @Option(names = "--from", paramLabel = "FORMAT", description = "Input format (default: detected from the path).")
    String from;

    @Option(names = "--input", paramLabel = "NAME=FILE", description = "An input value from a .npy or an ONNX TensorProto .pb file.")
    Map<String, Path> inputs = new LinkedHashMap<>();

    @Option(names = "--random-inputs", description = "Generate the inputs not given with --input from their declared types and shapes.")
    boolean randomInputs;

    @Option(names = "--dim", paramLabel = "NAME=VALUE", description = "Bind a symbolic dimension (e.g. batch=4).")
    Map<String, Long> dims = new LinkedHashMap<>();

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed for random inputs and random ops (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--output", paramLabel = "DIR", description = "Folder for the outputs (default: print only).")
    Path outputDir;

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Model m = ModelLoader.load(model, from);
        Map<String, Value> feeds = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : inputs.entrySet()) {
            feeds.put(e.getKey(), new TensorValue(VerifyRunner.readTensor(e.getValue())));
        }
        checkDimNames(m.graph().feedInputs(), dims);
        checkDims(m.graph().feedInputs(), feeds);
        if (randomInputs) {
            Map<String, Tensor> generated = RandomInputs.generate(m, dims, seed);
            generated.forEach((k, v) -> feeds.putIfAbsent(k, new TensorValue(v)));
        }
        try (Session session = Session.create(m, SessionOptions.defaults().seed(seed))) {
            for (String name : feeds.keySet()) {
                if (!session.inputNames().contains(name)) {
                    throw new CliException("Unknown input '" + name + "', expected one of " + session.inputNames());
                }
            }
            List<String> missing = session.inputNames().stream().filter(n -> !feeds.containsKey(n)).toList();
            if (!missing.isEmpty()) {
                throw new CliException("missing inputs " + missing + ": give them with --input NAME=FILE or use --random-inputs");
            }
            for (Map.Entry<String, Value> e : feeds.entrySet()) {
                out.println("input  " + e.getKey() + ": " + e.getValue().describe());
            }
            long start = System.nanoTime();
            Map<String, Value> results = session.run(feeds);
            long micros = (System.nanoTime() - start) / 1000;
            if (outputDir != null) {
                Files.createDirectories(outputDir);
            }
            for (Map.Entry<String, Value> e : results.entrySet()) {
                String line = "output " + e.getKey() + ": " + e.getValue().describe();
                if (outputDir != null && e.getValue() instanceof TensorValue tv) {
                    Path file = outputDir.resolve(safeFileName(e.getKey()) + ".npy");
                    Npy.write(tv.tensor(), file);
                    line += " -> " + file;
                }
                out.println(line);
            }
            out.printf("ran %d nodes in %.1f ms%n", m.graph().nodes().size(), micros / 1000.0);
        }
        return 0;
    }

    /** Every character outside [A-Za-z0-9_.-] becomes '_', so output names never escape the folder. */
    static String safeFileName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (s.isEmpty() || s.equals(".") || s.equals("..")) {
            s = s.replace('.', '_') + "_";
        }
        return s;
    }

    /** A --dim naming no symbolic dimension of the inputs is a typo the user wants to hear about. */
    static void checkDimNames(List<ValueInfo> declared, Map<String, Long> dims) {
        java.util.Set<String> symbols = new java.util.TreeSet<>();
        for (ValueInfo in : declared) {
            if (in.type() instanceof Type.TensorType tt && tt.shape() != null) {
                tt.shape().dims().stream().filter(Dim::isSymbolic).forEach(d -> symbols.add(d.param()));
            }
        }
        for (String name : dims.keySet()) {
            if (!symbols.contains(name)) {
                throw new CliException("--dim " + name + " matches no symbolic dimension of the inputs; they have " + symbols);
            }
        }
    }

    private void checkDims(List<ValueInfo> declared, Map<String, Value> feeds) {
        for (ValueInfo in : declared) {
            if (!(feeds.get(in.name()) instanceof TensorValue tv) || !(in.type() instanceof Type.TensorType tt) || tt.shape() == null) {
                continue;
            }
            long[] shape = tv.tensor().shape();
            for (int i = 0; i < Math.min(shape.length, tt.shape().rank()); i++) {
                Dim d = tt.shape().dim(i);
                if (d.isSymbolic()) {
                    Long bound = dims.get(d.param());
                    if (bound != null && bound != shape[i]) {
                        throw new CliException("input '" + in.name() + "' has " + d.param() + "=" + shape[i] + " but --dim " + d.param() + "=" + bound);
                    }
                    dims.putIfAbsent(d.param(), shape[i]);
                }
            }
        }
    }
}
