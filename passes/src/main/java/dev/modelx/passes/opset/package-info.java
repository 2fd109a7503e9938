/**
 * Op-set conversion of the ai.onnx domain, up and down, for targets 7 to {@link dev.modelx.passes.opset.OpSchemas#MAX_OPSET}:
 * {@link dev.modelx.passes.opset.OpsetConverter#convert(dev.modelx.graph.Model, int)}, or the {@code opset} pass
 * ({@link dev.modelx.passes.opset.OpsetPass}).
 * <p>
 * How it works. {@link dev.modelx.passes.opset.OpSchemas} holds every version of every op (inputs, outputs,
 * attributes with defaults, type constraints), generated from ONNX's Changelog. Each node moves through each
 * version boundary of its op between the model's op set and the target, one step at a time: a registered adapter
 * handles what changed at that boundary (attributes that became inputs and back, changed semantics such as
 * Softmax's axis, renamed or replaced ops such as Upsample/Resize), then a generic step checks the node against
 * the next version (attributes it lacks are dropped only when they hold their default; changed defaults are
 * written out; anything else blocks). Nodes an adapter emits are converted on from the op set they are written
 * at, so replacements and decompositions can be written once at a convenient op set. Ops that do not exist at
 * the target are expanded into older ops ({@code Expansions}, {@code AttentionExpansion}) where that keeps the
 * results. At the target, an op version that does not accept an element type computes in a wider type between
 * Casts ({@code TypeFit}). Constants an adapter needs may also be computed from constants and static shapes
 * (Shape, Gather, Range... of known sizes), evaluated on the reference runtime.
 * <p>
 * When the target cannot be reached, one {@link dev.modelx.passes.opset.OpsetConversionException} lists every
 * blocking node and why; the input model is never changed.
 * <p>
 * Verification: {@code OpsetMatrixMain} (test scope) converts every ONNX backend node test to every target,
 * validates, writes and re-reads it as ONNX, runs it on the reference runtime and compares it with the stored
 * expected outputs; {@code OpsetMatrixTest} runs a slice of that matrix in the build.
 */
package dev.modelx.passes.opset;
