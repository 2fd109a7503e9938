package dev.modelx.passes.opset;

import dev.modelx.graph.Domains;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;

import java.util.List;
import java.util.Map;

/**
 * Converts a model's ai.onnx op set up or down: {@code OpsetConverter.convert(model, 13)}.
 * <p>
 * Every node steps through each version boundary of its op between the model's op set and the target, one
 * adapter per boundary (attributes that became inputs and back, changed defaults and semantics, renamed or
 * replaced ops). Ops that do not exist at the target are expanded into older ops where possible
 * (LayerNormalization, Gelu, Mish, GroupNormalization, RMSNormalization, CastLike, ...). At the target, an op
 * version that does not accept an element type computes in a wider type it accepts, between Casts. Sub-graphs
 * (If/Loop/Scan bodies) and model-local functions are converted too.
 * <p>
 * When some nodes cannot be expressed at the target, nothing is changed and one
 * {@link OpsetConversionException} lists every blocking node with the reason.
 */
public final class OpsetConverter {

    /** The lowest target: op sets 1 to 6 are read and upgraded, but not written. */
    public static final int MIN_TARGET = 7;

    private OpsetConverter() {
    }

    /** Conversion settings. */
    public record Options(boolean inferShapes, boolean adjustIrVersion) {

        public static Options defaults() {
            return new Options(true, true);
        }

        /** Whether missing types and shapes may be inferred by running the model once on the reference runtime. */
        public Options withInferShapes(boolean on) {
            return new Options(on, adjustIrVersion);
        }

        /** Whether the IR version follows the target op set (raised going up, lowered going down where possible). */
        public Options withAdjustIrVersion(boolean on) {
            return new Options(inferShapes, on);
        }
    }

    /** A converted model and what the conversion did. */
    public record Result(Model model, int sourceOpset, int targetOpset, int nodesBefore, int nodesAfter, int nodesRewritten,
                         List<String> notes) {

        public Result {
            notes = List.copyOf(notes);
        }

        public boolean changed() {
            return sourceOpset != targetOpset;
        }

        public String summary() {
            return "op set " + sourceOpset + " -> " + targetOpset + ": " + nodesBefore + " -> " + nodesAfter + " nodes, "
                    + nodesRewritten + " rewritten";
        }
    }

    /** A copy of {@code model} at ai.onnx op set {@code targetOpset}; the input model is not changed. */
    public static Model convert(Model model, int targetOpset) {
        return convert(model, targetOpset, Options.defaults()).model();
    }

    /** Like {@link #convert(Model, int)}, with settings and a report. */
    public static Result convert(Model model, int targetOpset, Options options) {
        if (targetOpset < MIN_TARGET || targetOpset > OpSchemas.MAX_OPSET) {
            throw new OpsetConversionException("Target op set " + targetOpset + " is outside " + MIN_TARGET + ".."
                    + OpSchemas.MAX_OPSET + " (models at op sets 1 to 6 are read and upgraded, not written)");
        }
        long declared = model.opset(Domains.ONNX).orElse(-1L);
        boolean usesOnnx = declared > 0 || usesDefaultDomain(model);
        int source = declared > 0 ? (int) declared : 1;
        if (source > OpSchemas.MAX_OPSET) {
            throw new OpsetConversionException("The model declares ai.onnx op set " + source + ", newer than the newest "
                    + "modelx knows (" + OpSchemas.MAX_OPSET + ")");
        }
        Model copy = model.copy();
        int before = Graphs.nodeCount(copy.graph());
        Engine engine = new Engine(copy, model, source, targetOpset, options);
        if (usesOnnx) {
            engine.run();
            if (!engine.blockers().isEmpty()) {
                throw new OpsetConversionException(source, targetOpset, engine.blockers());
            }
        }
        setImport(copy, targetOpset, usesOnnx);
        if (options.adjustIrVersion()) {
            adjustIrVersion(copy, targetOpset, source);
        }
        copy.resolveOpsetVersions();
        return new Result(copy, source, targetOpset, before, Graphs.nodeCount(copy.graph()), engine.nodesRewritten(),
                engine.notes());
    }

    private static boolean usesDefaultDomain(Model model) {
        boolean[] found = {false};
        Graphs.forEachNode(model.graph(), n -> found[0] |= n.domain().isEmpty());
        return found[0];
    }

    private static void setImport(Model m, int target, boolean usesOnnx) {
        Map<String, Long> imports = m.opsetImports();
        if (imports.containsKey(Domains.ONNX_ALIAS) && !imports.containsKey(Domains.ONNX)) {
            imports.put(Domains.ONNX_ALIAS, (long) target);
        } else if (imports.containsKey(Domains.ONNX) || usesOnnx) {
            imports.put(Domains.ONNX, (long) target);
        }
    }

    /** The IR version that accompanies an op set in the ONNX release that introduced it. */
    public static long irVersionFor(int opset) {
        if (opset <= 8) {
            return 3;
        }
        return switch (opset) {
            case 9 -> 4;
            case 10 -> 5;
            case 11 -> 6;
            case 12, 13, 14 -> 7;
            case 15, 16, 17, 18 -> 8;
            case 19, 20 -> 9;
            case 21, 22 -> 10;
            case 23 -> 11;
            case 24 -> 12;
            default -> 13;
        };
    }

    private static void adjustIrVersion(Model m, int target, int source) {
        long want = irVersionFor(target);
        if (target >= source) {
            m.irVersion(Math.max(m.irVersion(), want));
            return;
        }
        long floor = 3;
        if (!m.functions().isEmpty()) {
            floor = 8;
        }
        boolean[] sparse = {false};
        Graphs.forEachGraph(m.graph(), g -> sparse[0] |= !g.sparseInitializers().isEmpty());
        if (sparse[0]) {
            floor = Math.max(floor, 6);
        }
        Graph main = m.graph();
        if (m.irVersion() >= 4 && main.inputs().stream().anyMatch(v -> main.initializers().containsKey(v.name()))) {
            // Inputs with defaults stay overridable only from IR 4 on.
            floor = Math.max(floor, 4);
        }
        long ir = Math.min(m.irVersion(), Math.max(want, floor));
        if (ir < 4 && m.irVersion() >= 4) {
            // Before IR 4 every initializer of the main graph is also listed as an input.
            Graph g = m.graph();
            for (Map.Entry<String, Tensor> e : g.initializers().entrySet()) {
                if (g.inputs().stream().noneMatch(v -> v.name().equals(e.getKey()))) {
                    g.inputs().add(ValueInfo.tensor(e.getKey(), e.getValue().type(), Shape.of(e.getValue().shape())));
                }
            }
        }
        m.irVersion(ir);
    }
}
