package dev.modelx.passes.opset;

import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.passes.Pass;
import dev.modelx.passes.PassResult;
import dev.modelx.passes.Preservation;

/**
 * Op-set conversion as a pass ({@code opset} in pipelines): converts the model in place to ai.onnx op set
 * {@link #target()} (by default the newest, {@link OpSchemas#MAX_OPSET}). Expansions into older ops
 * reassociate arithmetic, so outputs are kept up to rounding. Throws {@link OpsetConversionException}, listing
 * every blocking node, when the target cannot be reached; the model is then unchanged.
 */
public final class OpsetPass implements Pass {

    public static final String NAME = "opset";

    private final int target;
    private final OpsetConverter.Options options;

    public OpsetPass() {
        this(OpSchemas.MAX_OPSET);
    }

    public OpsetPass(int target) {
        this(target, OpsetConverter.Options.defaults());
    }

    public OpsetPass(int target, OpsetConverter.Options options) {
        this.target = target;
        this.options = options;
    }

    public int target() {
        return target;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "converts the ai.onnx op set to " + target + " (attributes to inputs and back, changed semantics, "
                + "expansions of newer ops into older ones)";
    }

    @Override
    public Preservation preservation() {
        return Preservation.FLOAT_TOLERANCE;
    }

    @Override
    public PassResult run(Model model) {
        long start = System.nanoTime();
        OpsetConverter.Result r = OpsetConverter.convert(model, target, options);
        Model c = r.model();
        model.graph(c.graph());
        model.opsetImports().clear();
        model.opsetImports().putAll(c.opsetImports());
        model.functions().clear();
        model.functions().addAll(c.functions());
        model.irVersion(c.irVersion());
        long millis = (System.nanoTime() - start) / 1_000_000;
        int after = Graphs.nodeCount(model.graph());
        return new PassResult(NAME, r.nodesBefore(), after, 0, Math.max(0, after - r.nodesBefore() + r.nodesRewritten()),
                r.nodesRewritten(), r.notes(), millis);
    }
}
