package dev.modelx.format.tensorflow;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.modelx.format.tensorflow.proto.GraphDef;
import dev.modelx.format.tensorflow.proto.MetaGraphDef;
import dev.modelx.format.tensorflow.proto.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Opens the TF model files: frozen GraphDefs, SavedModel folders and archives of either. */
public final class TfModelFiles {

    public static final String SAVED_MODEL_PB = "saved_model.pb";

    private TfModelFiles() {
    }

    public static boolean isSavedModelDir(Path p) {
        return Files.isDirectory(p) && Files.isRegularFile(p.resolve(SAVED_MODEL_PB));
    }

    public static GraphDef readGraphDef(Path file) throws IOException {
        return parse(file, bytes -> GraphDef.parseFrom(codedInput(bytes)), "GraphDef");
    }

    public static SavedModel readSavedModel(Path dir) throws IOException {
        Path pb = dir.resolve(SAVED_MODEL_PB);
        if (!Files.isRegularFile(pb)) {
            throw new TfFormatException(dir, "not a SavedModel folder: no " + SAVED_MODEL_PB);
        }
        SavedModel sm = parse(pb, bytes -> SavedModel.parseFrom(codedInput(bytes)), "SavedModel");
        if (sm.getMetaGraphsCount() == 0) {
            throw new TfFormatException(pb, "SavedModel has no meta graphs");
        }
        return sm;
    }

    /** The meta graph whose tag set contains every comma-separated tag in {@code tags}. */
    public static MetaGraphDef selectMetaGraph(SavedModel sm, String tags, Path file) {
        List<String> wanted = Stream.of(tags.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<String> seen = new ArrayList<>();
        for (MetaGraphDef m : sm.getMetaGraphsList()) {
            List<String> have = m.getMetaInfoDef().getTagsList();
            if (have.containsAll(wanted)) {
                return m;
            }
            seen.add(String.join(",", have));
        }
        throw new TfFormatException(file, "no meta graph with tag set '" + tags + "'; available: " + seen);
    }

    /** The variables bundle of a SavedModel folder, when it has one. */
    public static Optional<TensorBundle> openVariables(Path dir) throws IOException {
        Path prefix = dir.resolve("variables").resolve("variables");
        if (!Files.isRegularFile(prefix.resolveSibling("variables.index"))) {
            return Optional.empty();
        }
        return Optional.of(TensorBundle.open(prefix));
    }

    /**
     * The model inside an extracted archive folder: the SavedModel folder (the root or the single folder
     * holding saved_model.pb) or the single .pb file.
     */
    public static Path locateModel(Path extracted, Path archive) throws IOException {
        List<Path> savedModels;
        List<Path> pbs;
        try (Stream<Path> s = Files.walk(extracted, 8)) {
            List<Path> all = s.filter(Files::isRegularFile).toList();
            savedModels = all.stream().filter(p -> p.getFileName().toString().equals(SAVED_MODEL_PB)).map(Path::getParent).toList();
            pbs = all.stream().filter(p -> p.getFileName().toString().endsWith(".pb")
                    && !p.getFileName().toString().equals("fingerprint.pb")).toList();
        }
        if (savedModels.size() == 1) {
            return savedModels.get(0);
        }
        if (savedModels.isEmpty() && pbs.size() == 1) {
            return pbs.get(0);
        }
        throw new TfFormatException(archive, "expected one SavedModel or one .pb file in the archive, found "
                + savedModels.size() + " SavedModels and " + pbs.size() + " .pb files");
    }

    private interface Parser<T> {
        T parse(byte[] bytes) throws IOException;
    }

    private static CodedInputStream codedInput(byte[] bytes) {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setRecursionLimit(400);
        return in;
    }

    private static <T> T parse(Path file, Parser<T> p, String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new TfFormatException(file, "file not found");
        }
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 64) {
            throw new TfFormatException(file, what + " of " + size + " bytes is larger than protobuf's 2 GB limit");
        }
        try {
            return p.parse(Files.readAllBytes(file));
        } catch (InvalidProtocolBufferException e) {
            throw new TfFormatException(file, "not a valid " + what + ": " + e.getMessage(), e);
        }
    }
}
