package dev.modelx.format.paddle;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The files of one Paddle model: the program (ProgramDesc bytes or PIR JSON) and where its params are (a
 * combined file, a folder of one file per variable, or neither). When the model came from an archive,
 * {@link #close()} removes the extraction folder.
 */
public record PaddleModelFiles(Kind kind, Path program, Path paramsFile, Path paramsDir, Path source, Path extractedDir)
        implements AutoCloseable {

    public enum Kind { PROGRAM_DESC, PIR_JSON }

    @Override
    public void close() {
        if (extractedDir == null) {
            return;
        }
        try {
            Files.walkFileTree(extractedDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort: a mapped file may still be open on some systems
        }
    }
}
