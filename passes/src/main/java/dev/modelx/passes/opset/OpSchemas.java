package dev.modelx.passes.opset;

import dev.modelx.graph.DataType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every version of every ai.onnx operator: inputs, outputs, attributes and type constraints, read from the
 * bundled {@code onnx-op-schemas.txt} (generated from ONNX's Changelog.md by {@code SchemaTableGenerator}).
 * The file holds one block per op version:
 * <pre>
 * op NAME SINCE [deprecated]
 * in NAME TYPE [optional] [variadic] [heterogeneous]      (TYPE: a type variable or a|b|c)
 * out NAME TYPE [optional] [variadic] [heterogeneous]
 * attr NAME KIND [required | default VALUE]            (VALUE: the rest of the line)
 * type VAR t1|t2|...                                      (element types; seq(...), optional(...) kept as written)
 * </pre>
 */
public final class OpSchemas {

    public static final String RESOURCE = "onnx-op-schemas.txt";

    /** The newest ai.onnx op set the table knows. */
    public static final int MAX_OPSET;

    private static final Map<String, NavigableMap<Integer, OpSchema>> BY_OP = new HashMap<>();

    static {
        int max = 1;
        try (InputStream in = OpSchemas.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCE);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Builder cur = null;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] p = line.strip().split(" ");
                switch (p[0]) {
                    case "op" -> {
                        if (cur != null) {
                            cur.finish();
                        }
                        cur = new Builder(p[1], Integer.parseInt(p[2]), p.length > 3 && p[3].equals("deprecated"));
                        max = Math.max(max, cur.since);
                    }
                    case "in", "out" -> {
                        Set<String> flags = new LinkedHashSet<>(List.of(p).subList(3, p.length));
                        Formal f = new Formal(p[1], p[2], flags.contains("optional"), flags.contains("variadic"),
                                flags.contains("heterogeneous"));
                        (p[0].equals("in") ? cur.inputs : cur.outputs).add(f);
                    }
                    case "attr" -> {
                        String dflt = null;
                        boolean required = false;
                        if (p.length > 3 && p[3].equals("required")) {
                            required = true;
                        } else if (p.length > 4 && p[3].equals("default")) {
                            dflt = String.join(" ", List.of(p).subList(4, p.length));
                        }
                        cur.attributes.put(p[1], new AttrSpec(p[1], p[2], required, dflt));
                    }
                    case "type" -> cur.types.put(p[1], List.of(p[2].split("\\|")));
                    default -> throw new IllegalStateException("Bad line in " + RESOURCE + ": " + line);
                }
            }
            if (cur != null) {
                cur.finish();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MAX_OPSET = max;
    }

    private OpSchemas() {
    }

    /** One formal input or output. */
    public record Formal(String name, String type, boolean optional, boolean variadic, boolean heterogeneous) {
    }

    /** One attribute: its kind ("int", "ints", "float", "string", "tensor", "graph", ...), whether required, its default. */
    public record AttrSpec(String name, String kind, boolean required, String defaultValue) {
    }

    /** One version of one op. */
    public record OpSchema(String name, int since, boolean deprecated, List<Formal> inputs, List<Formal> outputs,
                           Map<String, AttrSpec> attributes, Map<String, List<String>> typeConstraints) {

        /** The formal that actual input {@code i} binds to (the last one repeats when variadic), or null. */
        public Formal input(int i) {
            return formal(inputs, i);
        }

        public Formal output(int i) {
            return formal(outputs, i);
        }

        private static Formal formal(List<Formal> formals, int i) {
            if (i < formals.size()) {
                return formals.get(i);
            }
            if (!formals.isEmpty() && formals.get(formals.size() - 1).variadic()) {
                return formals.get(formals.size() - 1);
            }
            return null;
        }

        /** The most actual inputs this version takes (Integer.MAX_VALUE when variadic). */
        public int maxInputs() {
            return !inputs.isEmpty() && inputs.get(inputs.size() - 1).variadic() ? Integer.MAX_VALUE : inputs.size();
        }

        public int maxOutputs() {
            return !outputs.isEmpty() && outputs.get(outputs.size() - 1).variadic() ? Integer.MAX_VALUE : outputs.size();
        }

        /** The element types a formal allows, as written ("float16", "seq(tensor(float))", ...). */
        public List<String> allowedTypes(Formal f) {
            List<String> byVar = typeConstraints.get(f.type());
            return byVar != null ? byVar : List.of(f.type().split("\\|"));
        }

        /** True when a tensor of {@code type} may bind to {@code f} (unknown spellings count as allowed). */
        public boolean allows(Formal f, DataType type) {
            List<String> allowed = allowedTypes(f);
            if (allowed.size() == 1 && (allowed.get(0).equals("tensor") || allowed.get(0).isEmpty())) {
                return true;
            }
            return allowed.contains(type.displayName());
        }

        /** True when the formal's types are given by a type variable that other formals may share. */
        public boolean isTypeVariable(Formal f) {
            return typeConstraints.containsKey(f.type());
        }

        @Override
        public String toString() {
            return name + "-" + since;
        }
    }

    /** The version of {@code op} in effect at op set {@code opset}, or null when the op does not exist there. */
    public static OpSchema at(String op, int opset) {
        NavigableMap<Integer, OpSchema> versions = BY_OP.get(op);
        if (versions == null) {
            return null;
        }
        Map.Entry<Integer, OpSchema> e = versions.floorEntry(opset);
        return e == null ? null : e.getValue();
    }

    /** The version of {@code op} in effect at {@code opset} unless it is deprecated there. */
    public static OpSchema usableAt(String op, int opset) {
        OpSchema s = at(op, opset);
        return s == null || s.deprecated() ? null : s;
    }

    /** The since-versions of {@code op}, ascending (empty for an unknown op). */
    public static List<Integer> versions(String op) {
        NavigableMap<Integer, OpSchema> versions = BY_OP.get(op);
        return versions == null ? List.of() : List.copyOf(versions.keySet());
    }

    /** The smallest since-version of {@code op} above {@code opset}, or -1. */
    public static int nextVersion(String op, int opset) {
        NavigableMap<Integer, OpSchema> versions = BY_OP.get(op);
        if (versions == null) {
            return -1;
        }
        Integer k = versions.higherKey(opset);
        return k == null ? -1 : k;
    }

    public static boolean known(String op) {
        return BY_OP.containsKey(op);
    }

    /** Every ai.onnx op name. */
    public static Set<String> ops() {
        return Collections.unmodifiableSet(new java.util.TreeSet<>(BY_OP.keySet()));
    }

    private static final class Builder {
        final String name;
        final int since;
        final boolean deprecated;
        final List<Formal> inputs = new ArrayList<>();
        final List<Formal> outputs = new ArrayList<>();
        final Map<String, AttrSpec> attributes = new LinkedHashMap<>();
        final Map<String, List<String>> types = new LinkedHashMap<>();

        Builder(String name, int since, boolean deprecated) {
            this.name = name;
            this.since = since;
            this.deprecated = deprecated;
        }

        void finish() {
            OpSchema s = new OpSchema(name, since, deprecated, List.copyOf(inputs), List.copyOf(outputs),
                    Collections.unmodifiableMap(attributes), Collections.unmodifiableMap(types));
            BY_OP.computeIfAbsent(name, k -> new TreeMap<>()).put(since, s);
        }
    }
}
