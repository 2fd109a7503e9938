package dev.modelx.passes.opset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regenerates {@code onnx-op-schemas.txt} (the ai.onnx op versions the converter knows) from ONNX's
 * Changelog.md. Usage: {@code SchemaTableGenerator CHANGELOG.md OUT.txt}. The resource's format is
 * documented in {@link OpSchemas}.
 */
public final class SchemaTableGenerator {

    private static final Pattern HEADER = Pattern.compile("^### <a name=\"([A-Za-z0-9_]+)-(\\d+)\"></a>\\*\\*[^*]+\\*\\*( \\(deprecated\\))?");
    private static final Pattern ITEM = Pattern.compile("^<dt><tt>([^<]+)</tt>\\s*(\\(([^)]*)\\))?\\s*:\\s*(.*)</dt>$");
    private static final Pattern DEFAULT = Pattern.compile("^(.*?) \\(default is (.*)\\)$");

    private SchemaTableGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(Path.of(args[1]), generate(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    static String generate(List<String> lines) {
        StringBuilder out = new StringBuilder();
        out.append("# ai.onnx operator versions, generated from onnx/docs/Changelog.md by SchemaTableGenerator; do not edit.\n");
        out.append("# op NAME SINCE [deprecated] / in|out NAME TYPE [optional] [variadic] [heterogeneous]\n");
        out.append("# attr NAME KIND [required | default VALUE (the rest of the line)] / type VAR T1|T2|...\n");
        boolean inDefault = false;
        String section = "";
        List<String> block = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (raw.startsWith("# ")) {
                inDefault = line.startsWith("# ai.onnx (default)");
                continue;
            }
            if (!inDefault) {
                continue;
            }
            Matcher h = HEADER.matcher(line);
            if (h.find()) {
                flush(out, block);
                block.add("op " + h.group(1) + " " + h.group(2) + (h.group(3) != null ? " deprecated" : ""));
                section = "";
                continue;
            }
            if (line.startsWith("#### ")) {
                String s = line.substring(5);
                section = s.startsWith("Attributes") ? "attr" : s.startsWith("Inputs") ? "in"
                        : s.startsWith("Outputs") ? "out" : s.startsWith("Type Constraints") ? "type" : "";
                continue;
            }
            if (block.isEmpty() || section.isEmpty()) {
                continue;
            }
            Matcher m = ITEM.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1).strip();
            String flags = m.group(3) == null ? "" : m.group(3);
            String rest = m.group(4).strip();
            switch (section) {
                case "attr" -> {
                    String kind = rest;
                    String tail = "";
                    Matcher d = DEFAULT.matcher(rest);
                    if (d.matches()) {
                        kind = d.group(1).strip();
                        tail = " default " + d.group(2).strip();
                    } else if (rest.endsWith("(required)")) {
                        kind = rest.substring(0, rest.length() - "(required)".length()).strip();
                        tail = " required";
                    }
                    block.add("attr " + name + " " + kindName(kind) + tail);
                }
                case "in", "out" -> {
                    StringBuilder sb = new StringBuilder(section).append(' ').append(name).append(' ').append(types(rest));
                    for (String f : flags.split(",")) {
                        String t = f.strip();
                        if (t.equals("optional") || t.equals("variadic") || t.equals("heterogeneous")) {
                            sb.append(' ').append(t);
                        }
                    }
                    block.add(sb.toString());
                }
                case "type" -> block.add("type " + name + " " + types(rest));
                default -> { }
            }
        }
        flush(out, block);
        return out.toString();
    }

    private static void flush(StringBuilder out, List<String> block) {
        for (String b : block) {
            out.append(b).append('\n');
        }
        block.clear();
    }

    /** "tensor(float16), tensor(float)" -> "float16|float"; a type variable stays as it is. */
    private static String types(String s) {
        if (!s.contains("(") && !s.contains(",")) {
            return s.strip();
        }
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                out.add(one(cur.toString()));
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(one(cur.toString()));
        }
        return String.join("|", out);
    }

    private static String one(String t) {
        String s = t.strip().replace(" ", "");
        if (s.startsWith("tensor(") && s.endsWith(")") && s.indexOf('(', 7) < 0) {
            return s.substring(7, s.length() - 1);
        }
        return s;
    }

    private static String kindName(String kind) {
        return switch (kind) {
            case "list of ints" -> "ints";
            case "list of floats" -> "floats";
            case "list of strings" -> "strings";
            case "list of graphs" -> "graphs";
            case "list of tensors" -> "tensors";
            case "list of sparse tensors" -> "sparse_tensors";
            case "list of type protos", "list of types" -> "type_protos";
            case "sparse tensor" -> "sparse_tensor";
            case "type proto" -> "type_proto";
            default -> kind.replace(' ', '_');
        };
    }
}
