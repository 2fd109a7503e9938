package dev.modelx.importer.onnx;

import dev.modelx.format.onnx.ExternalDataResolver;
import dev.modelx.format.onnx.OnnxFiles;
import dev.modelx.format.onnx.proto.OnnxProtos.ModelProto;
import dev.modelx.graph.Model;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.graph.io.ModelImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads ONNX models ({@code .onnx}) into the graph model. Weights stay in the memory-mapped file (or in the
 * mapped external data files) until something reads their elements.
 * Option {@value #VERIFY_CHECKSUMS}{@code =true} checks the SHA-1 checksums of external data files.
 */
public final class OnnxImporter implements ModelImporter {
    public static final String FORMAT = "onnx";
    public static final String VERIFY_CHECKSUMS = "verify-checksums";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean canRead(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".onnx") && !Files.isDirectory(path);
    }

    @Override
    public Model read(Path path, ImportOptions options) {
        boolean verify = options.get(VERIFY_CHECKSUMS).map(Boolean::parseBoolean).orElse(false);
        return read(OnnxFiles.readModel(path), path, new ExternalDataResolver(path, verify));
    }

    /** Converts a parsed model; external data is resolved next to {@code modelFile}. */
    public Model read(ModelProto proto, Path modelFile) {
        return read(proto, modelFile, new ExternalDataResolver(modelFile));
    }

    /** Reads a model held in memory; it cannot use external data. {@code sourceName} labels errors. */
    public Model read(byte[] bytes, String sourceName) {
        return new OnnxModelReader(null, sourceName, null).read(OnnxFiles.parseModel(bytes, sourceName));
    }

    private static Model read(ModelProto proto, Path modelFile, ExternalDataResolver resolver) {
        return new OnnxModelReader(modelFile, null, resolver).read(proto);
    }
}
