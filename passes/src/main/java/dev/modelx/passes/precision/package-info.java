/**
 * Precision conversion: float32 models to float16 or bfloat16, with ops that cannot or must not be converted
 * kept in float32 and Casts at the boundaries ({@code modelx convert ... --precision fp16|bf16 [--keep-io-types]
 * [--block-list Op,...]}).
 * <p>
 * {@link dev.modelx.passes.precision.PrecisionConverter#convert} takes
 * {@link dev.modelx.passes.precision.PrecisionOptions} and returns a
 * {@link dev.modelx.passes.precision.PrecisionReport}: the converted copy, counts, the nodes kept in float32
 * with the reason for each ({@link dev.modelx.passes.precision.KeptNode}) and, in the automatic mode, an
 * {@link dev.modelx.passes.precision.AutoReport}. {@link dev.modelx.passes.precision.PrecisionPass} is the same as
 * a pipeline pass.
 * <p>
 * Decisions follow the ONNX definitions at the model's op set (which operands accept float16/bfloat16), the
 * block lists, and in the automatic mode the reference runtime. Data-movement ops follow their inputs'
 * precision; weights read by both kinds of ops are kept and copied; If/Loop/Scan bodies are converted with the
 * enclosing graph's types at their boundaries.
 */
package dev.modelx.passes.precision;
