package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;

/**
 * Resize of the two spatial dims of a 4-D NCHW tensor as ResizeBilinear / ResizeNearestNeighbor (NHWC),
 * for the coordinate modes where TF's align_corners / half_pixel_centers flags give the same sampling;
 * every other case goes to {@link ResizeByGather}.
 */
final class ResizeEmitter {

    private ResizeEmitter() {
    }

    static void emit(EmitContext c) {
        if (!viaKernel(c)) {
            ResizeByGather.emit(c);
        }
    }

    /** Writes the resize as a TF kernel and returns true, or writes nothing and returns false when no kernel fits. */
    private static boolean viaKernel(EmitContext c) {
        Val x = c.require(0, "X");
        int opset = c.node.opsetVersion();
        if (c.rank(x, "the input") != 4) {
            return false;
        }
        Val scalesV = opset > 0 && opset < 11 ? c.in(1) : c.in(2);
        Val sizesV = opset > 0 && opset < 11 ? null : c.in(3);
        double[] scales = scalesV == null || scalesV.dim(0) == 0 ? null : ConstTensors.doubleValues(scalesV);
        long[] sizes = sizesV == null ? null : ConstTensors.longValues(sizesV);
        if (c.node.hasAttribute("axes")) {
            return false;
        }
        if (scales != null && (scales[0] != 1 || scales[1] != 1) || sizes != null && (sizes[0] != x.dim(0) && sizes[0] >= 0 || sizes[1] != x.dim(1))) {
            return false;
        }
        String mode = c.node.attrString("mode", "nearest");
        String coord = opset > 0 && opset < 11 ? "asymmetric" : c.node.attrString("coordinate_transformation_mode", "half_pixel");
        String nearest = opset > 0 && opset < 11 ? "floor" : c.node.attrString("nearest_mode", "round_prefer_floor");
        long[] out = new long[2];
        boolean integerUpscale = true;
        for (int i = 0; i < 2; i++) {
            long in = x.dim(i + 2);
            if (sizes != null) {
                out[i] = sizes[i + 2];
            } else if (scales != null && in >= 0) {
                out[i] = (long) Math.floor(in * scales[i + 2]);
                if (in * scales[i + 2] != out[i]) {
                    // ONNX samples with the scale itself, TF with the size ratio: they differ unless the size is whole
                    return false;
                }
            } else {
                return false;
            }
            integerUpscale &= in > 0 && out[i] % in == 0;
        }
        boolean align;
        boolean half;
        String op;
        if (mode.equals("linear")) {
            op = "ResizeBilinear";
            switch (coord) {
                case "half_pixel" -> { align = false; half = true; }
                case "pytorch_half_pixel" -> {
                    if (out[0] == 1 || out[1] == 1) {
                        return false;
                    }
                    align = false;
                    half = true;
                }
                case "align_corners" -> { align = true; half = false; }
                case "asymmetric" -> { align = false; half = false; }
                default -> {
                    return false;
                }
            }
        } else if (mode.equals("nearest")) {
            op = "ResizeNearestNeighbor";
            if (coord.equals("asymmetric") && nearest.equals("floor")) {
                align = false;
                half = false;
            } else if (coord.equals("align_corners") && nearest.equals("round_prefer_ceil")) {
                align = true;
                half = false;
            } else if (coord.equals("tf_half_pixel_for_nn") && nearest.equals("floor")
                    || coord.equals("half_pixel") && (nearest.equals("round_prefer_ceil") || integerUpscale)) {
                align = false;
                half = true;
            } else {
                return false;
            }
        } else {
            return false;
        }
        int[] nhwc = Perms.toChannelsLast(4);
        String size = c.ints((int) out[0], (int) out[1]);
        String y = c.op(op).in(c.phys(x, nhwc)).in(size).type("T", x.type()).b("align_corners", align).b("half_pixel_centers", half).out();
        DataType t = x.type();
        if (op.equals("ResizeBilinear") && t != DataType.FLOAT) {
            y = Ops.cast(c, y, DataType.FLOAT, t);
        }
        c.out(0, new Val(y, t, new long[]{x.dim(0), x.dim(1), out[0], out[1]}, nhwc, null, c.frame));
        return true;
    }
}
