package dev.modelx.passes;

import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.validate.ModelValidator;
import dev.modelx.graph.validate.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Passes run one after another on a model. {@link #parse} reads a comma-separated list of pass names, where
 * "default" stands for {@link #DEFAULT}. When the model starts valid, it is validated after each pass, and a
 * pass that leaves a structural problem fails the run naming that pass.
 */
public final class PassPipeline {

    /**
     * Folding first (so parameters are initializers and Reshape targets constants), then the no-op removals
     * and fusions that need them, then merging, then clearing what all of them left unread.
     */
    public static final String DEFAULT = "fold,shape-fold,identity,transpose-cancel,fuse-bn,cse,dce";

    private final List<Pass> passes;
    private boolean validate = true;

    private PassPipeline(List<Pass> passes) {
        this.passes = List.copyOf(passes);
    }

    public static PassPipeline of(Pass... passes) {
        return new PassPipeline(List.of(passes));
    }

    public static PassPipeline of(List<Pass> passes) {
        return new PassPipeline(passes);
    }

    public static PassPipeline defaultPipeline() {
        return parse(DEFAULT);
    }

    public static PassPipeline defaultPipeline(PassOptions options) {
        return parse(DEFAULT, options);
    }

    /** Pass names separated by commas, e.g. {@code "fold,dce,fuse-bn"} or {@code "default,cse"}. */
    public static PassPipeline parse(String names) {
        return parse(names, PassOptions.defaults());
    }

    public static PassPipeline parse(String names, PassOptions options) {
        List<Pass> list = new ArrayList<>();
        for (String raw : names.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("default")) {
                list.addAll(parse(DEFAULT, options).passes);
            } else {
                list.add(PassRegistry.create(name, options));
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("No passes in '" + names + "'; known passes: " + String.join(", ", PassRegistry.names()));
        }
        return new PassPipeline(list);
    }

    public List<Pass> passes() {
        return passes;
    }

    /** The pass names, comma-separated (what {@link #parse} reads back). */
    public String names() {
        return String.join(",", passes.stream().map(Pass::name).toList());
    }

    /** The weakest promise among the passes. */
    public Preservation preservation() {
        Preservation p = Preservation.EXACT;
        for (Pass pass : passes) {
            p = p.weakest(pass.preservation());
        }
        return p;
    }

    /** Turns the validation after each pass on or off (on by default). */
    public PassPipeline validate(boolean on) {
        this.validate = on;
        return this;
    }

    /** Runs every pass on {@code model} in place. */
    public PipelineResult run(Model model) {
        int before = Graphs.nodeCount(model.graph());
        // Only a model that starts valid can show which pass broke it.
        boolean check = validate && ModelValidator.problems(model).isEmpty();
        List<PassResult> results = new ArrayList<>();
        for (Pass pass : passes) {
            results.add(pass.run(model));
            if (check) {
                List<Problem> problems = ModelValidator.problems(model);
                if (!problems.isEmpty()) {
                    throw new PassFailedException(pass.name(), problems.get(0).toString());
                }
            }
        }
        return new PipelineResult(results, before, Graphs.nodeCount(model.graph()), preservation());
    }

    @Override
    public String toString() {
        return names();
    }
}
