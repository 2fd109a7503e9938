package dev.modelx.conformance.matrix;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One conversion direction of the matrix, {@code onnx>tf-savedmodel}: models read in {@code from} are written in
 * {@code to}, read back with {@code to}'s importer and compared with the source.
 */
public record Direction(String from, String to) implements Comparable<Direction> {

    /** Formats that can be written (and read back): the targets of the matrix. */
    public static final List<String> TARGETS = List.of("onnx", "tf-savedmodel", "tf-graphdef", "paddle", "paddle-pir");

    /** Formats that can be read: the sources (tflite is import-only). */
    public static final List<String> SOURCES = List.of("onnx", "tf-savedmodel", "tf-graphdef", "tflite", "paddle", "paddle-pir");

    public Direction {
        if (!SOURCES.contains(from)) {
            throw new IllegalArgumentException("Unknown source format '" + from + "', expected one of " + SOURCES);
        }
        if (!TARGETS.contains(to)) {
            throw new IllegalArgumentException("Unknown target format '" + to + "', expected one of " + TARGETS
                    + (from.equals("tflite") || to.equals("tflite") ? " (tflite can be read, not written)" : ""));
        }
    }

    /** {@code onnx>tf-savedmodel} (also accepted: {@code onnx->tf-savedmodel}, {@code onnx:tf-savedmodel}). */
    public static Direction parse(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        String[] parts = t.split("->|>|:", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("A direction is SOURCE>TARGET, e.g. onnx>tf-savedmodel; got '" + s + "'");
        }
        return new Direction(parts[0].strip(), parts[1].strip());
    }

    /** Every direction given as a comma-separated list. */
    public static List<Direction> parseList(String s) {
        Set<Direction> out = new LinkedHashSet<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * The default directions of a source format: to every target format but itself (the same-format round trips
     * are covered by each exporter's own tests; name them with {@code --directions} to include them).
     */
    public static List<Direction> defaultsFrom(String from) {
        List<Direction> out = new ArrayList<>();
        for (String to : TARGETS) {
            if (!to.equals(from)) {
                out.add(new Direction(from, to));
            }
        }
        return out;
    }

    /** Every default direction, sources in {@link #SOURCES} order. */
    public static List<Direction> defaults() {
        List<Direction> out = new ArrayList<>();
        SOURCES.forEach(s -> out.addAll(defaultsFrom(s)));
        return out;
    }

    @Override
    public String toString() {
        return from + ">" + to;
    }

    @Override
    public int compareTo(Direction o) {
        int c = Integer.compare(SOURCES.indexOf(from), SOURCES.indexOf(o.from));
        return c != 0 ? c : Integer.compare(TARGETS.indexOf(to), TARGETS.indexOf(o.to));
    }
}
