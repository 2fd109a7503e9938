package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/**
 * CausalConvWithState (op set 27): a depthwise causal 1-D convolution of (B, C, L) by (C, 1, k) weights over
 * the past state (or k - 1 zeros) followed by the input, written channels-last as DepthwiseConv2dNative
 * over H = 1; optional fused SiLU on the result rounded to the element type. present_state is the last
 * k - 1 positions of the concatenation. 16-bit inputs are computed in float32.
 */
final class CausalConvEmitter {

    private CausalConvEmitter() {
    }

    private static final int[] CHANNELS_LAST = {0, 2, 1};

    static void emit(EmitContext c) {
        Val x = c.require(0, "input");
        Val w = c.require(1, "weight");
        Val b = c.in(2);
        Val past = c.in(3);
        String act = c.node.attrString("activation", "none");
        if (!act.equals("none") && !act.equals("silu") && !act.equals("swish")) {
            throw c.error("activation must be none, silu or swish, got '" + act + "'");
        }
        long[] ws = w.shape();
        if (c.rank(x, "the input") != 3 || ws == null || ws.length != 3 || ws[1] != 1 || ws[0] < 0 || ws[2] < 1) {
            throw c.error("input must be (B, C, L) and weight (C, 1, k) with static C and k, got " + x + " and " + w);
        }
        long ch = ws[0];
        long k = ws[2];
        long keep = k - 1;
        DataType t = x.type();
        DataType f = t == DataType.FLOAT16 || t == DataType.BFLOAT16 ? DataType.FLOAT : t;
        String in = Ops.cast(c, c.phys(x, CHANNELS_LAST), t, f);
        String padded;
        if (past != null) {
            padded = Ops.concat(c, f, 1, Ops.cast(c, c.phys(past, CHANNELS_LAST), past.type(), f), in);
        } else {
            padded = c.op("Pad", "zero_state").in(in).in(c.constant(Tensor.ofLongs(new long[]{3, 2}, 0, 0, keep, 0, 0, 0))).type("T", f)
                    .type("Tpaddings", DataType.INT64).out();
        }
        // (C, 1, k) -> (1, k, C, 1): one k-tap filter per channel, channel multiplier 1
        String filter = Ops.reshape(c, Ops.cast(c, c.phys(w, new int[]{1, 2, 0}), w.type(), f), f, c.longs(1, k, ch, 1));
        String y = c.op("DepthwiseConv2dNative").in(Ops.expandDims(c, padded, f, 1)).in(filter).type("T", f).ints("strides", 1, 1, 1, 1)
                .s("padding", "VALID").s("data_format", "NHWC").ints("dilations", 1, 1, 1, 1).out();
        y = Ops.squeeze(c, y, f, 1);
        if (b != null) {
            y = c.op("BiasAdd", "bias").in(y).in(Ops.cast(c, c.t(b), b.type(), f)).type("T", f).out();
        }
        if (!act.equals("none")) {
            String r = Ops.cast(c, Ops.cast(c, y, f, t), t, f);
            y = Ops.bin(c, "Mul", r, Ops.un(c, "Sigmoid", r, f), f);
        }
        c.out(0, new Val(Ops.cast(c, y, f, t), t, x.shape(), CHANNELS_LAST, null, c.frame));
        if (c.node.outputs().size() > 1 && c.wantsOutput(1)) {
            // padded[:, L:, :] (empty for k = 1: begin and end 0 on the sequence axis)
            String state = c.op("StridedSlice", "present_state").in(padded).in(c.longs(0, -keep, 0)).in(c.longs(0, 0, 0))
                    .in(c.longs(1, 1, 1)).type("T", f).type("Index", DataType.INT64).i("begin_mask", 5).i("end_mask", keep == 0 ? 5 : 7).out();
            c.out(1, new Val(Ops.cast(c, state, f, t), t, new long[]{x.dim(0), ch, keep}, CHANNELS_LAST, null, c.frame));
        }
    }
}
