package dev.modelx.importer.tflite;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every registered builtin converter has a semantic unit test ({@link Covers}), and the floor of 80 holds. */
class BuiltinCoverageTest {

    /** Test methods of this package by the ops they declare, read from the compiled test classes. */
    static Map<String, Set<String>> coveredOps() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(BuiltinCoverageTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(BuiltinCoverageTest.class.getPackageName().replace('.', '/'));
        List<String> classes;
        try (Stream<Path> s = Files.list(dir)) {
            classes = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
                    .map(n -> n.substring(0, n.length() - ".class".length())).sorted().toList();
        }
        Map<String, Set<String>> byOp = new TreeMap<>();
        for (String c : classes) {
            Class<?> k = Class.forName(BuiltinCoverageTest.class.getPackageName() + "." + c);
            for (Method m : k.getDeclaredMethods()) {
                Covers cov = m.getAnnotation(Covers.class);
                if (cov != null) {
                    for (String op : cov.value()) {
                        byOp.computeIfAbsent(op, x -> new TreeSet<>()).add(k.getSimpleName() + "." + m.getName());
                    }
                }
            }
        }
        return byOp;
    }

    @Test
    void everyConverterHasASemanticTest() throws Exception {
        Map<String, Set<String>> covered = coveredOps();
        Set<String> registered = OpRegistry.standard().names();
        Set<String> missing = new TreeSet<>(registered);
        missing.removeAll(covered.keySet());
        Set<String> unknown = new TreeSet<>(covered.keySet());
        unknown.removeAll(registered);
        assertTrue(missing.isEmpty(), "converters without a semantic test: " + missing);
        assertTrue(unknown.isEmpty(), "@Covers names ops that have no converter: " + unknown);
        assertTrue(covered.size() >= 80, "only " + covered.size() + " builtins have semantic tests");
        System.out.println("[tflite coverage] " + covered.size() + " of " + registered.size() + " builtin converters have semantic tests");
    }
}
