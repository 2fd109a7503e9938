package dev.modelx.format.paddle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds a Paddle model's files from what a user names: a model folder, a program file, a path prefix
 * ({@code inference} meaning inference.pdmodel or inference.json, with inference.pdiparams), or a
 * .tar/.tar.gz/.zip archive (extracted safely into a temporary folder).
 */
public final class PaddleModelLocator {

    private static final String[] PROGRAM_NAMES = {"inference.pdmodel", "model.pdmodel", "__model__", "model"};
    private static final String[] COMBINED_PARAMS = {"__params__", "params"};

    private PaddleModelLocator() {
    }

    public static PaddleModelFiles locate(Path input) {
        try {
            if (Files.isRegularFile(input) && SafeArchive.isArchive(input)) {
                Path dir = Files.createTempDirectory("modelx-paddle-");
                try {
                    SafeArchive.extract(input, dir);
                    PaddleModelFiles inner = locateInDirectory(singleSubfolder(dir), input);
                    return new PaddleModelFiles(inner.kind(), inner.program(), inner.paramsFile(), inner.paramsDir(), input, dir);
                } catch (RuntimeException | IOException e) {
                    new PaddleModelFiles(null, null, null, null, input, dir).close();
                    throw e;
                }
            }
            if (Files.isDirectory(input)) {
                return locateInDirectory(input, input);
            }
            if (Files.isRegularFile(input)) {
                return forProgramFile(input, input);
            }
            for (String ext : new String[] {".pdmodel", ".json"}) {
                Path p = Path.of(input + ext);
                if (Files.isRegularFile(p)) {
                    return forProgramFile(p, input);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + input + ": " + e.getMessage(), e);
        }
        throw new PaddleFormatException(input, "no Paddle model here: expected a folder, a .pdmodel/__model__ or PIR .json file, "
                + "a path prefix (X meaning X.pdmodel or X.json), or a .tar/.tar.gz/.zip archive");
    }

    /** True when {@code p} is (cheaply) recognisable as a Paddle model of the given kind. */
    public static boolean looksLike(Path p, PaddleModelFiles.Kind kind) {
        try {
            if (Files.isRegularFile(p) && SafeArchive.isArchive(p)) {
                for (String n : SafeArchive.entryNames(p)) {
                    String base = n.substring(n.lastIndexOf('/') + 1);
                    if (kind == PaddleModelFiles.Kind.PROGRAM_DESC && (base.endsWith(".pdmodel") || base.equals("__model__"))
                            || kind == PaddleModelFiles.Kind.PIR_JSON && base.endsWith(".json") && n.contains("pd")) {
                        return true;
                    }
                }
                return false;
            }
            if (Files.isDirectory(p)) {
                Path program = findProgram(p);
                return program != null && kindOf(program) == kind;
            }
            if (Files.isRegularFile(p)) {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (n.endsWith(".json")) {
                    return kind == PaddleModelFiles.Kind.PIR_JSON && isPirJson(p);
                }
                return kind == PaddleModelFiles.Kind.PROGRAM_DESC && (n.endsWith(".pdmodel") || n.equals("__model__"));
            }
            if (!Files.exists(p)) {
                String ext = kind == PaddleModelFiles.Kind.PIR_JSON ? ".json" : ".pdmodel";
                Path f = Path.of(p + ext);
                return Files.isRegularFile(f) && (kind == PaddleModelFiles.Kind.PROGRAM_DESC || isPirJson(f));
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** True when the file starts like a PIR program (its base_code magic is "pir"). */
    public static boolean isPirJson(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] head = in.readNBytes(4096);
            String s = new String(head, StandardCharsets.UTF_8);
            return s.contains("\"base_code\"") && s.contains("\"pir\"");
        } catch (IOException e) {
            return false;
        }
    }

    private static Path singleSubfolder(Path dir) throws IOException {
        if (findProgram(dir) != null) {
            return dir;
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> entries = s.toList();
            if (entries.size() == 1 && Files.isDirectory(entries.get(0))) {
                return singleSubfolder(entries.get(0));
            }
        }
        return dir;
    }

    private static PaddleModelFiles locateInDirectory(Path dir, Path source) throws IOException {
        Path program = findProgram(dir);
        if (program == null) {
            throw new PaddleFormatException(source, "folder holds no Paddle program (inference.pdmodel, model.pdmodel, __model__, "
                    + "*.pdmodel or a PIR *.json)");
        }
        return forProgramFile(program, source);
    }

    private static Path findProgram(Path dir) throws IOException {
        Path json = dir.resolve("inference.json");
        if (Files.isRegularFile(json) && isPirJson(json)) {
            return json;
        }
        for (String n : PROGRAM_NAMES) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        List<Path> pdmodels = new ArrayList<>();
        List<Path> jsons = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".pdmodel") && Files.isRegularFile(p)) {
                    pdmodels.add(p);
                } else if (n.endsWith(".json") && Files.isRegularFile(p) && isPirJson(p)) {
                    jsons.add(p);
                }
            }
        }
        if (pdmodels.size() == 1) {
            return pdmodels.get(0);
        }
        if (pdmodels.isEmpty() && jsons.size() == 1) {
            return jsons.get(0);
        }
        if (pdmodels.size() + jsons.size() > 1) {
            throw new PaddleFormatException(dir, "folder holds several programs " + Stream.concat(pdmodels.stream(), jsons.stream())
                    .map(p -> p.getFileName().toString()).toList() + "; name one of them");
        }
        return null;
    }

    private static PaddleModelFiles.Kind kindOf(Path program) {
        return program.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                ? PaddleModelFiles.Kind.PIR_JSON : PaddleModelFiles.Kind.PROGRAM_DESC;
    }

    private static PaddleModelFiles forProgramFile(Path program, Path source) {
        PaddleModelFiles.Kind kind = kindOf(program);
        if (kind == PaddleModelFiles.Kind.PIR_JSON && !isPirJson(program)) {
            throw new PaddleFormatException(program, "JSON file is not a PIR program (no base_code with magic \"pir\")");
        }
        Path dir = program.toAbsolutePath().getParent();
        String name = program.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            Path combined = dir.resolve(name.substring(0, dot) + ".pdiparams");
            if (Files.isRegularFile(combined)) {
                return new PaddleModelFiles(kind, program, combined, null, source, null);
            }
        }
        for (String n : COMBINED_PARAMS) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return new PaddleModelFiles(kind, program, p, null, source, null);
            }
        }
        return new PaddleModelFiles(kind, program, null, dir, source, null);
    }
}
