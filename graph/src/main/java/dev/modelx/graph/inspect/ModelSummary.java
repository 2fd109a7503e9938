package dev.modelx.graph.inspect;

import dev.modelx.graph.Domains;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What {@code modelx inspect} reports about a model, as an ordered map (printed as text or JSON). */
public final class ModelSummary {

    private ModelSummary() {
    }

    public static Map<String, Object> of(Model m, String file) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("file", file);
        s.put("format", m.sourceFormat());
        s.put("ir_version", m.irVersion());
        s.put("producer", (m.producerName() + " " + m.producerVersion()).trim());
        Map<String, Object> opsets = new LinkedHashMap<>();
        m.opsetImports().forEach((d, v) -> opsets.put(Domains.display(d), v));
        s.put("opsets", opsets);
        s.put("inputs", values(m.graph().feedInputs()));
        s.put("outputs", values(m.graph().outputs()));
        Graph g = m.graph();
        int top = g.nodes().size();
        int all = Graphs.nodeCount(g);
        s.put("nodes", top);
        s.put("nodes_in_subgraphs", all - top);
        s.put("functions", m.functions().stream().map(f -> f.domain() + "." + f.name()).toList());
        Map<String, Integer> histogram = new TreeMap<>();
        int[] withProvenance = {0};
        Graphs.forEachNode(g, n -> {
            histogram.merge(opName(n), 1, Integer::sum);
            if (n.provenance() != null) {
                withProvenance[0]++;
            }
        });
        s.put("op_histogram", sortByCount(histogram));
        long params = 0, bytes = 0;
        for (Tensor t : g.initializers().values()) {
            params += t.size();
            bytes += t.type() == dev.modelx.graph.DataType.STRING ? 0 : t.type().byteSize(t.size());
        }
        s.put("initializers", g.initializers().size());
        s.put("parameters", params);
        s.put("parameter_bytes", bytes);
        s.put("nodes_with_provenance", withProvenance[0]);
        if (!m.metadata().isEmpty()) {
            s.put("metadata", new LinkedHashMap<>(m.metadata()));
        }
        return s;
    }

    private static String opName(Node n) {
        return n.domain().isEmpty() ? n.opType() : n.domain() + "." + n.opType();
    }

    private static List<Map<String, Object>> values(List<ValueInfo> vs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ValueInfo v : vs) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", v.name());
            e.put("type", v.type() == null ? "?" : v.type().toString());
            out.add(e);
        }
        return out;
    }

    private static Map<String, Integer> sortByCount(Map<String, Integer> h) {
        Map<String, Integer> out = new LinkedHashMap<>();
        h.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue() != 0 ? b.getValue() - a.getValue() : a.getKey().compareTo(b.getKey()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    @SuppressWarnings("unchecked")
    public static String text(Map<String, Object> s) {
        StringBuilder sb = new StringBuilder();
        sb.append(s.get("file")).append('\n');
        line(sb, "format", s.get("format") + " (IR " + s.get("ir_version") + (s.get("producer").toString().isEmpty() ? "" : ", producer " + s.get("producer")) + ")");
        StringBuilder ops = new StringBuilder();
        ((Map<String, Object>) s.get("opsets")).forEach((d, v) -> ops.append(ops.length() == 0 ? "" : ", ").append(d).append(' ').append(v));
        line(sb, "op sets", ops.toString());
        for (String k : List.of("inputs", "outputs")) {
            List<Map<String, Object>> vs = (List<Map<String, Object>>) s.get(k);
            if (vs.isEmpty()) {
                line(sb, k, "(none)");
            }
            for (int i = 0; i < vs.size(); i++) {
                line(sb, i == 0 ? k : "", vs.get(i).get("name") + ": " + vs.get(i).get("type"));
            }
        }
        int sub = (Integer) s.get("nodes_in_subgraphs");
        line(sb, "nodes", s.get("nodes") + (sub > 0 ? " (+" + sub + " in sub-graphs)" : "")
                + ", functions " + ((List<?>) s.get("functions")).size());
        line(sb, "parameters", String.format("%,d in %d initializers (%s)", (Long) s.get("parameters"), (Integer) s.get("initializers"),
                bytes((Long) s.get("parameter_bytes"))));
        StringBuilder hist = new StringBuilder();
        ((Map<String, Integer>) s.get("op_histogram")).forEach((op, c) -> hist.append(hist.length() == 0 ? "" : ", ").append(op).append(' ').append(c));
        line(sb, "ops", hist.toString());
        int prov = (Integer) s.get("nodes_with_provenance");
        if (prov > 0) {
            line(sb, "provenance", prov + " nodes record their source nodes");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format("  %-11s %s%n", key, value));
    }

    public static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
