package dev.modelx.passes;

import dev.modelx.graph.Model;

/**
 * Entry points: {@code Passes.optimize(model)} runs the default pipeline in place and returns what each pass
 * did; {@code PassPipeline.parse("fold,dce").run(model)} runs a chosen list.
 */
public final class Passes {

    private Passes() {
    }

    public static PipelineResult optimize(Model model) {
        return optimize(model, PassOptions.defaults());
    }

    public static PipelineResult optimize(Model model, PassOptions options) {
        return PassPipeline.defaultPipeline(options).run(model);
    }
}
