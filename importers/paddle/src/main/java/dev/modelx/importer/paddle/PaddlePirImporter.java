package dev.modelx.importer.paddle;

import dev.modelx.format.paddle.PaddleFormatException;
import dev.modelx.format.paddle.PaddleModelFiles;
import dev.modelx.format.paddle.PaddleModelLocator;
import dev.modelx.graph.Model;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.graph.io.ModelImporter;

import java.nio.file.Path;

/** Reads Paddle 3 PIR JSON programs (format {@code paddle-pir}) with their .pdiparams, sharing the op converters. */
public final class PaddlePirImporter implements ModelImporter {

    @Override
    public String format() {
        return PirImporter.FORMAT;
    }

    @Override
    public boolean canRead(Path path) {
        return PaddleModelLocator.looksLike(path, PaddleModelFiles.Kind.PIR_JSON);
    }

    @Override
    public Model read(Path path, ImportOptions options) {
        try (PaddleModelFiles files = PaddleModelLocator.locate(path)) {
            if (files.kind() != PaddleModelFiles.Kind.PIR_JSON) {
                throw new PaddleFormatException(path, "this is a legacy ProgramDesc; read it with format 'paddle'");
            }
            return new PirImporter(OpRegistry.standard()).read(files);
        }
    }
}
