package dev.modelx.importer.tflite;

import dev.modelx.graph.DataType;

/**
 * QUANTIZE and DEQUANTIZE. Quantized tensors already travel as QDQ pairs (see {@link SubgraphConverter}), so
 * both are an identity on the float view; the importer's QDQ wrapping of the output does the rounding.
 */
final class QuantizeOps {

    private QuantizeOps() {
    }

    static void register(OpRegistry r) {
        r.register("QUANTIZE", QuantizeOps::identityOrCast);
        r.register("DEQUANTIZE", QuantizeOps::identityOrCast);
    }

    /** Identity between views; a float16 constant being dequantized (or a plain type change) becomes a Cast. */
    private static void identityOrCast(OpContext ctx) {
        DataType from = ctx.inType(0);
        DataType to = ctx.outType(0);
        if (from == to) {
            ctx.emit("Identity", ctx.out(0), ctx.in(0));
        } else {
            ctx.emit("Cast", ctx.out(0), ctx.in(0)).attr("to", to.code());
        }
    }
}
