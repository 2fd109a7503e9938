package dev.modelx.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole model: the main graph, the operator sets it imports per domain, model-local functions, and
 * metadata. This is the one model that every importer writes, every exporter reads, every pass transforms
 * and the runtime executes.
 */
public final class Model {

    private long irVersion = 10;
    private final Map<String, Long> opsetImports = new LinkedHashMap<>();
    private String producerName = "";
    private String producerVersion = "";
    private String domain = "";
    private long modelVersion;
    private String docString;
    private Graph graph;
    private final List<Function> functions = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    /** Parts of the source a format carries that modelx keeps but does not model (e.g. ONNX training_info). */
    private final Map<String, byte[]> opaqueExtensions = new LinkedHashMap<>();
    private String sourceFormat = "";

    public Model(Graph graph) {
        this.graph = Objects.requireNonNull(graph, "graph");
    }

    /** A model of {@code graph} importing the default domain at {@code opset}. */
    public static Model of(Graph graph, long opset) {
        Model m = new Model(graph);
        m.opsetImports.put(Domains.ONNX, opset);
        return m;
    }

    public long irVersion() {
        return irVersion;
    }

    public Model irVersion(long v) {
        this.irVersion = v;
        return this;
    }

    /** Mutable, ordered op-set imports: domain ("" for ai.onnx) to version. */
    public Map<String, Long> opsetImports() {
        return opsetImports;
    }

    /** The imported version of {@code domain} ("ai.onnx" and "" alike). */
    public Optional<Long> opset(String d) {
        String key = Domains.normalize(d);
        for (Map.Entry<String, Long> e : opsetImports.entrySet()) {
            if (Domains.normalize(e.getKey()).equals(key)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    public String producerName() {
        return producerName;
    }

    public Model producerName(String p) {
        this.producerName = p == null ? "" : p;
        return this;
    }

    public String producerVersion() {
        return producerVersion;
    }

    public Model producerVersion(String p) {
        this.producerVersion = p == null ? "" : p;
        return this;
    }

    public String domain() {
        return domain;
    }

    public Model domain(String d) {
        this.domain = d == null ? "" : d;
        return this;
    }

    public long modelVersion() {
        return modelVersion;
    }

    public Model modelVersion(long v) {
        this.modelVersion = v;
        return this;
    }

    public String docString() {
        return docString;
    }

    public Model docString(String d) {
        this.docString = d;
        return this;
    }

    public Graph graph() {
        return graph;
    }

    public Model graph(Graph g) {
        this.graph = Objects.requireNonNull(g);
        return this;
    }

    public List<Function> functions() {
        return functions;
    }

    public Optional<Function> function(String fdomain, String name, String overload) {
        for (Function f : functions) {
            if (f.domain().equals(fdomain) && f.name().equals(name) && f.overload().equals(overload == null ? "" : overload)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public Map<String, byte[]> opaqueExtensions() {
        return opaqueExtensions;
    }

    /** The format this model was read from ("onnx", "tf-graphdef", ...), or "" when built in code. */
    public String sourceFormat() {
        return sourceFormat;
    }

    public Model sourceFormat(String f) {
        this.sourceFormat = f == null ? "" : f;
        return this;
    }

    /** Sets every node's {@link Node#opsetVersion()} from the op-set imports (sub-graphs and functions too). */
    public Model resolveOpsetVersions() {
        Graphs.forEachNode(graph, n -> n.opsetVersion(opset(n.domain()).map(Long::intValue).orElse(0)));
        for (Function f : functions) {
            for (Node n : f.nodes()) {
                Long v = f.opsetImports().get(n.domain());
                if (v == null && n.domain().isEmpty()) {
                    v = f.opsetImports().get(Domains.ONNX_ALIAS);
                }
                if (v == null) {
                    v = opset(n.domain()).orElse(0L);
                }
                final int version = v.intValue();
                n.opsetVersion(version);
                for (Graph sub : n.subgraphs()) {
                    Graphs.forEachNode(sub, inner -> inner.opsetVersion(version));
                }
            }
        }
        return this;
    }

    public Model copy() {
        Model m = new Model(graph.copy());
        m.irVersion = irVersion;
        m.opsetImports.putAll(opsetImports);
        m.producerName = producerName;
        m.producerVersion = producerVersion;
        m.domain = domain;
        m.modelVersion = modelVersion;
        m.docString = docString;
        functions.forEach(f -> m.functions.add(f.copy()));
        m.metadata.putAll(metadata);
        m.opaqueExtensions.putAll(opaqueExtensions);
        m.sourceFormat = sourceFormat;
        return m;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Model m) || irVersion != m.irVersion || modelVersion != m.modelVersion
                || !opsetImports.equals(m.opsetImports) || !producerName.equals(m.producerName)
                || !producerVersion.equals(m.producerVersion) || !domain.equals(m.domain)
                || !Objects.equals(docString, m.docString) || !graph.equals(m.graph) || !functions.equals(m.functions)
                || !metadata.equals(m.metadata) || !opaqueExtensions.keySet().equals(m.opaqueExtensions.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : opaqueExtensions.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue(), m.opaqueExtensions.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(irVersion, opsetImports, graph);
    }
}
