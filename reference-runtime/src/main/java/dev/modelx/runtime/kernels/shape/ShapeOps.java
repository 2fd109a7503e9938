package dev.modelx.runtime.kernels.shape;

import dev.modelx.runtime.KernelRegistry;

/**
 * Registers the shape family (data movement, indexing, reductions) at each op-set version where the
 * semantics or the inputs changed; versions that only widened the accepted types share the older kernel.
 */
public final class ShapeOps {

    private ShapeOps() {
    }

    public static void register(KernelRegistry r) {
        r.add("Identity", 1, Identity::v1);
        r.add("Reshape", 1, Reshape::v1);
        r.add("Reshape", 5, Reshape::v5);
        r.add("Flatten", 1, Flatten::v1);
        r.add("Squeeze", 1, Squeeze::squeezeV1);
        r.add("Squeeze", 13, Squeeze::squeezeV13);
        r.add("Unsqueeze", 1, Squeeze::unsqueezeV1);
        r.add("Unsqueeze", 13, Squeeze::unsqueezeV13);
        r.add("Transpose", 1, Transpose::v1);
        r.add("Concat", 1, Concat::v1);
        r.add("Split", 1, Split::v1);
        r.add("Split", 2, Split::v2);
        r.add("Split", 13, Split::v13);
        r.add("Split", 18, Split::v18);
        r.add("Slice", 1, Slice::v1);
        r.add("Slice", 10, Slice::v10);
        r.add("Gather", 1, Gather::gather);
        r.add("GatherElements", 11, Gather::gatherElements);
        r.add("GatherND", 11, Gather::gatherND);
        r.add("Scatter", 9, Scatter::elements);
        r.add("ScatterElements", 11, Scatter::elements);
        r.add("ScatterND", 11, Scatter::nd);
        r.add("TensorScatter", 24, Scatter::tensorScatter);
        r.add("Expand", 8, Expand::expand);
        r.add("Tile", 1, Expand::tileV1);
        r.add("Tile", 6, Expand::tileV6);
        r.add("Pad", 1, Pad::v1);
        r.add("Pad", 2, Pad::v2);
        r.add("Pad", 11, Pad::v11);
        r.add("Shape", 1, ShapeOf::shape);
        r.add("Size", 1, ShapeOf::size);
        r.add("Constant", 1, Constant::constant);
        r.add("ConstantOfShape", 9, Constant::constantOfShape);
        r.add("Range", 11, Range::v11);
        r.add("Range", 27, Range::v27);
        r.add("OneHot", 9, OneHot::v9);
        r.add("EyeLike", 9, Matrix::eyeLike);
        r.add("Trilu", 14, Matrix::trilu);
        r.add("Compress", 9, Select::compress);
        r.add("NonZero", 9, Select::nonZero);
        r.add("TopK", 1, TopK::v1);
        r.add("TopK", 10, TopK::v10);
        r.add("ArgMax", 1, ArgMinMax::argMax);
        r.add("ArgMin", 1, ArgMinMax::argMin);
        r.add("Unique", 11, Unique::v11);
        r.add("DepthToSpace", 1, DepthSpace::depthToSpace);
        r.add("SpaceToDepth", 1, DepthSpace::spaceToDepth);
        r.add("ReverseSequence", 10, ReverseSequence::v10);
        r.add("CumSum", 11, Cumulative::cumSum);
        r.add("CumProd", 26, Cumulative::cumProd);
        r.add("CenterCropPad", 18, CenterCropPad::v18);
        reductions(r);
    }

    private static void reductions(KernelRegistry r) {
        Object[][] ops = {
            {"ReduceSum", Reduce.Op.SUM, 13},
            {"ReduceMean", Reduce.Op.MEAN, 18},
            {"ReduceMax", Reduce.Op.MAX, 18},
            {"ReduceMin", Reduce.Op.MIN, 18},
            {"ReduceProd", Reduce.Op.PROD, 18},
            {"ReduceL1", Reduce.Op.L1, 18},
            {"ReduceL2", Reduce.Op.L2, 18},
            {"ReduceLogSum", Reduce.Op.LOG_SUM, 18},
            {"ReduceLogSumExp", Reduce.Op.LOG_SUM_EXP, 18},
            {"ReduceSumSquare", Reduce.Op.SUM_SQUARE, 18},
        };
        for (Object[] o : ops) {
            Reduce.Op op = (Reduce.Op) o[1];
            r.add((String) o[0], 1, Reduce.attrAxes(op));
            r.add((String) o[0], (Integer) o[2], Reduce.inputAxes(op));
        }
    }
}
