package dev.modelx.conformance;

import dev.modelx.graph.io.Corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the ONNX backend tests under a data folder (the one holding node/, simple/, ..., light/, real/). */
public final class BackendCorpus {

    /** The folders in report order. */
    public static final List<String> FOLDERS = List.of("node", "simple", "pytorch-converted", "pytorch-operator", "light", "real");

    private static final Pattern DATA_SET = Pattern.compile("test_data_set_(\\d+)");
    private static final Pattern URL = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]*)\"");

    private BackendCorpus() {
    }

    /** The default data folder: {@code Corpus.onnxBackendTests()}. */
    public static Path defaultDataDir() {
        return Corpus.onnxBackendTests();
    }

    /**
     * Every test in {@code folders} (all when empty) whose name {@code filter} finds (all when null), in folder
     * order then name order.
     */
    public static List<BackendCase> discover(Path data, Collection<String> folders, Pattern filter) {
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("ONNX backend test data not found at " + data);
        }
        for (String f : folders) {
            if (!FOLDERS.contains(f)) {
                throw new IllegalArgumentException("Unknown folder '" + f + "', expected one of " + FOLDERS);
            }
        }
        List<BackendCase> out = new ArrayList<>();
        for (String folder : FOLDERS) {
            if (!folders.isEmpty() && !folders.contains(folder)) {
                continue;
            }
            Path dir = data.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<BackendCase> found = switch (folder) {
                case "light" -> light(dir);
                case "real" -> real(dir);
                default -> dataSetCases(dir, folder);
            };
            for (BackendCase c : found) {
                if (filter == null || filter.matcher(c.name()).find()) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static List<BackendCase> dataSetCases(Path dir, String folder) {
        List<BackendCase> out = new ArrayList<>();
        for (Path test : list(dir)) {
            Path model = test.resolve("model.onnx");
            if (!Files.isRegularFile(model)) {
                continue;
            }
            List<Path> sets = list(test).stream()
                    .filter(p -> Files.isDirectory(p) && DATA_SET.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(BackendCorpus::dataSetIndex))
                    .toList();
            out.add(new BackendCase(test.getFileName().toString(), folder, BackendCase.Kind.DATA_SETS, model, sets, null, null));
        }
        return out;
    }

    private static List<BackendCase> light(Path dir) {
        List<BackendCase> out = new ArrayList<>();
        for (Path p : list(dir)) {
            String file = p.getFileName().toString();
            if (file.startsWith("light_") && file.endsWith(".onnx")) {
                String stem = file.substring(0, file.length() - ".onnx".length());
                out.add(new BackendCase("test_" + stem, "light", BackendCase.Kind.LIGHT, p, List.of(),
                        dir.resolve(stem + "_output_0.pb"), null));
            }
        }
        return out;
    }

    private static List<BackendCase> real(Path dir) {
        List<BackendCase> out = new ArrayList<>();
        for (Path test : list(dir)) {
            if (!Files.isDirectory(test)) {
                continue;
            }
            String url = null;
            Path json = test.resolve("data.json");
            if (Files.isRegularFile(json)) {
                try {
                    Matcher m = URL.matcher(Files.readString(json, StandardCharsets.UTF_8));
                    url = m.find() ? m.group(1) : null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            out.add(new BackendCase(test.getFileName().toString(), "real", BackendCase.Kind.URL_ONLY, null, List.of(), null, url));
        }
        return out;
    }

    private static int dataSetIndex(Path p) {
        Matcher m = DATA_SET.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }

    /** Children sorted by name. */
    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
