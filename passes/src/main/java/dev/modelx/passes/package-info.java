/**
 * Graph passes: named transformations of a {@link dev.modelx.graph.Model} in place, each declaring how exactly it
 * preserves the model's outputs ({@link dev.modelx.passes.Preservation}) and reporting node counts
 * ({@link dev.modelx.passes.PassResult}).
 * <p>
 * Use {@link dev.modelx.passes.Passes#optimize} for the default pipeline, or
 * {@code PassPipeline.parse("fold,dce,fuse-bn", options).run(model)}; {@link dev.modelx.passes.PassRegistry}
 * lists the passes by name ({@code fold}, {@code shape-fold}, {@code dce}, {@code identity},
 * {@code transpose-cancel}, {@code fuse-bn}, {@code cse}) and finds more through
 * {@link dev.modelx.passes.PassProvider}.
 * <p>
 * Rules every pass keeps: the main graph's output names never change; values sub-graphs read from enclosing
 * graphs stay readable; initializers that callers may override (inputs with defaults, IR version 4 on) are
 * not treated as constants; nodes stay in topological order.
 */
package dev.modelx.passes;
