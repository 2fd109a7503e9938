package dev.modelx.importer.paddle;

import dev.modelx.format.paddle.PaddleFormatException;
import dev.modelx.format.paddle.PaddleModelFiles;
import dev.modelx.format.paddle.PaddleModelLocator;
import dev.modelx.graph.Model;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.graph.io.ModelImporter;

import java.nio.file.Path;

/**
 * Reads legacy Paddle programs (format {@code paddle}): a folder, a .pdmodel / __model__ file, a path prefix
 * or a .tar/.tar.gz/.zip archive, with combined or separate params. Weights stay memory-mapped.
 */
public final class PaddleImporter implements ModelImporter {

    /** The ONNX op set the importers emit. */
    public static final long OPSET = 17;

    @Override
    public String format() {
        return ProgramDescImporter.FORMAT;
    }

    @Override
    public boolean canRead(Path path) {
        return PaddleModelLocator.looksLike(path, PaddleModelFiles.Kind.PROGRAM_DESC);
    }

    @Override
    public Model read(Path path, ImportOptions options) {
        try (PaddleModelFiles files = PaddleModelLocator.locate(path)) {
            if (files.kind() != PaddleModelFiles.Kind.PROGRAM_DESC) {
                throw new PaddleFormatException(path, "this is a PIR JSON program; read it with format 'paddle-pir'");
            }
            return new ProgramDescImporter(OpRegistry.standard()).read(files);
        }
    }
}
