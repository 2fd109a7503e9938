package dev.modelx.cli;

import dev.modelx.graph.Model;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.passes.opset.OpsetConverter;
import dev.modelx.passes.precision.PrecisionConverter;
import dev.modelx.passes.precision.PrecisionOptions;
import dev.modelx.passes.precision.PrecisionReport;
import dev.modelx.graph.io.Formats;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.graph.io.ModelExporter;
import dev.modelx.graph.io.ModelImporter;
import dev.modelx.verify.ModelSource;
import dev.modelx.verify.Provenances;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a model to another format (or re-serialise it). Formats: onnx, tf-savedmodel, tf-graphdef,"
                + " tflite (input only), paddle, paddle-pir — as their plug-ins are installed.")
final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT")
    Path out;

    @Option(names = "--from", paramLabel = "FORMAT", description = "Input format (default: detected from IN).")
    String from;

    @Option(names = "--to", paramLabel = "FORMAT", description = "Output format (default: the input's format, or onnx for a .onnx OUT).")
    String to;

    @Option(names = "--opset", paramLabel = "N", description = "Target ai.onnx op-set version.")
    Integer opset;

    @Option(names = "--precision", paramLabel = "fp16|bf16", description = "Convert weights and activations to float16 or bfloat16.")
    String precision;

    @Option(names = "--keep-io-types", description = "With --precision: keep float32 model inputs and outputs (Casts at the boundary).")
    boolean keepIoTypes;

    @Option(names = "--block-list", paramLabel = "OP,...", description = "With --precision: op types to keep in float32.")
    String blockList;

    @Option(names = "--auto-precision", description = "With --precision: keep in float32 the ops whose reduced-precision results "
            + "leave the tolerance or overflow (tried on the reference runtime).")
    boolean autoPrecision;

    @Option(names = "--external-data", negatable = true,
            description = "Write weights to a side file (default: only above the 2 GB protobuf limit).")
    Boolean externalData;

    @Option(names = "--external-data-threshold", paramLabel = "BYTES", defaultValue = "1024",
            description = "With --external-data, tensors of at least this size go to the side file (default ${DEFAULT-VALUE}).")
    long threshold;

    @Option(names = "--verify",
            description = "Prove the conversion: read OUT back, run IN and OUT on the same inputs and compare every output (exit 1 when any"
                    + " differs beyond tolerance). Takes --input, --seed, --dim, --rtol, --atol, --oracle, --report, --html.")
    boolean verify;

    @Option(names = "--no-bisect", description = "With --verify, skip the search for the first diverging node when outputs differ.")
    boolean noBisect;

    @Mixin
    VerifyOptions verifyOptions;

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String needsVerify = verifyOptions.firstUsed();
        if (!verify && needsVerify != null) {
            throw new CliException(needsVerify + " is a verification option: add --verify");
        }
        Model m = ModelLoader.load(in, from);
        String target = to != null ? to : out.toString().endsWith(".onnx") ? "onnx" : m.sourceFormat();
        ModelExporter exporter = Formats.exporter(target);
        Model converted = m;
        if (opset != null) {
            OpsetConverter.Result r = OpsetConverter.convert(converted, opset, OpsetConverter.Options.defaults());
            converted = r.model();
            spec.commandLine().getOut().println(r.summary());
        }
        if (precision != null) {
            PrecisionOptions po = PrecisionOptions.of(precision).keepIoTypes(keepIoTypes).auto(autoPrecision);
            if (blockList != null) {
                po = po.blockList(blockList);
            }
            PrecisionReport pr = PrecisionConverter.convert(converted, po);
            converted = pr.model();
            pr.lines().forEach(spec.commandLine().getOut()::println);
        }
        long start = System.nanoTime();
        exporter.write(converted, out, ExportOptions.defaults().externalData(externalData).externalDataThreshold(threshold));
        spec.commandLine().getOut().printf("%s (%s) -> %s (%s) in %d ms%n", in, m.sourceFormat(), out, target,
                (System.nanoTime() - start) / 1_000_000);
        if (verify) {
            // A is the model as read from IN; B is OUT as read back, carrying the converted nodes' provenance records.
            Model written = readBack(target);
            Provenances.copy(converted, written);
            return VerifyRunner.run(verifyOptions, ModelSource.of(m, in, m.sourceFormat()), ModelSource.of(written, out, target),
                    !noBisect, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        return 0;
    }

    /** OUT read with the importer of the target format, or the one that recognises the file. */
    private Model readBack(String target) throws Exception {
        ModelImporter importer = Formats.importers().stream().filter(i -> i.format().equals(target)).findFirst()
                .or(() -> Formats.detect(out))
                .orElseThrow(() -> new CliException("cannot read " + out + " back to verify it: no importer reads " + target));
        Model written = importer.read(out, ImportOptions.defaults());
        if (written.sourceFormat().isEmpty()) {
            written.sourceFormat(importer.format());
        }
        return written;
    }
}
