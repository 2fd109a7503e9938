package dev.modelx.passes;

import dev.modelx.graph.Model;

/**
 * One named graph transformation. {@link #run} rewrites the model in place (sub-graphs included where the
 * pass makes sense there) and reports what changed. A pass never renames the main graph's outputs, never
 * breaks a value a sub-graph reads from an enclosing scope, and never changes what the model computes
 * beyond its declared {@link #preservation()}.
 */
public interface Pass {

    /** The short name pipelines use, e.g. "fold". */
    String name();

    /** One sentence saying what the pass does. */
    String description();

    /** How closely the outputs after the pass match those before. */
    Preservation preservation();

    PassResult run(Model model);
}
