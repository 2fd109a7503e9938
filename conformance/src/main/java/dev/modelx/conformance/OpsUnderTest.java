package dev.modelx.conformance;

import dev.modelx.format.onnx.OnnxFiles;
import dev.modelx.format.onnx.proto.OnnxProtos.ModelProto;
import dev.modelx.format.onnx.proto.OnnxProtos.NodeProto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The op types a test exercises, most specific first: the op the test is named after (for node tests, the op
 * under test), then the other op types of the model's main graph, rarer ones first. An {@code _expanded} node
 * test (the op's function body inlined) is credited to the op of its unexpanded sibling test.
 */
public final class OpsUnderTest {

    private static final Pattern EXPANDED = Pattern.compile("(.*)_expanded(_ver\\d+)?$");

    private OpsUnderTest() {
    }

    public static List<String> of(BackendCase c, ModelProto model) {
        List<String> ops = mainGraphOps(c.name(), model);
        if (c.folder().equals("node")) {
            Matcher m = EXPANDED.matcher(c.name());
            if (m.matches()) {
                Path sibling = c.model().getParent().resolveSibling(m.group(1)).resolve("model.onnx");
                if (Files.isRegularFile(sibling)) {
                    List<String> siblingOps = mainGraphOps(m.group(1), OnnxFiles.readModel(sibling));
                    if (!siblingOps.isEmpty()) {
                        List<String> out = new ArrayList<>();
                        out.add(siblingOps.get(0));
                        ops.stream().filter(o -> !o.equals(siblingOps.get(0))).forEach(out::add);
                        return out;
                    }
                }
            }
        }
        return ops;
    }

    /** Distinct op types of the main graph: the one {@code testName} names first, then by ascending count. */
    static List<String> mainGraphOps(String testName, ModelProto model) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (NodeProto n : model.getGraph().getNodeList()) {
            counts.merge(n.getOpType(), 1, Integer::sum);
        }
        List<String> ops = new ArrayList<>(counts.keySet());
        ops.sort(Comparator.comparingInt(counts::get)); // stable: first appearance breaks ties
        String named = namedOp(testName, ops);
        if (named != null) {
            ops.remove(named);
            ops.add(0, named);
        }
        return ops;
    }

    /** The longest op type whose name (lower case, no underscores) starts the test name after "test_". */
    static String namedOp(String testName, List<String> ops) {
        String key = normalize(testName.startsWith("test_") ? testName.substring(5) : testName);
        String best = null;
        for (String op : ops) {
            String n = normalize(op);
            if (!n.isEmpty() && key.startsWith(n) && (best == null || n.length() > normalize(best).length())) {
                best = op;
            }
        }
        return best;
    }

    private static String normalize(String s) {
        return s.replace("_", "").toLowerCase(Locale.ROOT);
    }
}
