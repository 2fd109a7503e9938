package dev.modelx.graph.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the third-party test corpora live (ONNX backend tests, real TF and Paddle models). One setting:
 * system property {@code modelx.corpus}, else environment variable {@code MODELX_CORPUS}, else
 * {@code ../shared} next to the repository root (found by walking up from the working directory).
 */
public final class Corpus {

    public static final String PROPERTY = "modelx.corpus";
    public static final String ENV = "MODELX_CORPUS";

    private Corpus() {
    }

    public static Path root() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        if (p != null && !p.isBlank()) {
            return Path.of(p).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve(".git")) || Files.isRegularFile(d.resolve("modelx"))) {
                return d.resolve("../shared").normalize();
            }
        }
        return dir.resolve("../shared").normalize();
    }

    /** {@code root()/relative} when it exists. */
    public static Optional<Path> find(String relative) {
        Path p = root().resolve(relative);
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }

    public static Path onnxBackendTests() {
        return root().resolve("onnx-backend-tests");
    }

    /** The message a test prints when it skips for lack of {@code relative}. */
    public static String missingMessage(String relative) {
        return "corpus folder " + root().resolve(relative) + " not found: set -D" + PROPERTY + "=DIR or " + ENV
                + "=DIR to the folder holding onnx-backend-tests/ and models/";
    }
}
