package dev.modelx.importer.paddle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a PIR op (positional operands, ops.yaml attribute names) maps onto the legacy op the converter table
 * knows: the legacy type, a slot name per operand ("@attr" = the operand must be a constant and becomes that
 * attribute, except the tensor-capable attributes of {@link #TENSOR_ATTRS}, where a computed operand is kept as the
 * variable's name, as a legacy VAR attribute is; "" = ignored), a slot per result, and attribute renames (op_compat.yaml).
 */
final class PirOpTable {

    record Spec(String legacyType, List<String> inputs, List<String> outputs, Map<String, String> renames) {
    }

    private static final Map<String, Spec> SPECS = new HashMap<>();

    /** Attributes given by an IntArray operand that may be computed at run time (the reductions' axes). */
    static final java.util.Set<String> TENSOR_ATTRS = java.util.Set.of("reduce_sum.dim", "reduce_mean.dim", "reduce_max.dim",
            "reduce_min.dim", "reduce_prod.dim", "split.sections", "unsqueeze2.axes", "cumsum.axis");

    private PirOpTable() {
    }

    static Spec get(String pirOp) {
        return SPECS.get(pirOp);
    }

    static java.util.Set<String> ops() {
        return SPECS.keySet();
    }

    private static void add(String pir, String legacy, String ins, String outs, String... renames) {
        Map<String, String> r = new HashMap<>();
        for (int i = 0; i + 1 < renames.length; i += 2) {
            r.put(renames[i], renames[i + 1]);
        }
        SPECS.put("pd_op." + pir, new Spec(legacy, split(ins), split(outs), r));
        if (!pir.endsWith("_")) {
            SPECS.putIfAbsent("pd_op." + pir + "_", new Spec(legacy, split(ins), split(outs), r));
        }
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(",", -1));
    }

    static {
        for (String u : new String[] {"relu", "sigmoid", "tanh", "exp", "log", "sqrt", "abs", "floor", "ceil", "erf", "sin",
            "cos", "rsqrt", "reciprocal", "square", "sign", "logical_not", "assign", "silu", "softsign", "log1p", "round",
            "acos", "asin", "atan", "tan", "sinh", "cosh", "asinh", "acosh", "atanh", "mish"}) {
            add(u, u, "X", "Out");
        }
        add("isnan", "isnan_v2", "X", "Out");
        add("isinf", "isinf_v2", "X", "Out");
        add("celu", "celu", "X", "Out");
        add("selu", "selu", "X", "Out");
        add("add_n", "sum", "X", "Out");
        add("relu6", "relu6", "X", "Out");
        add("hardswish", "hard_swish", "X", "Out");
        add("hardsigmoid", "hard_sigmoid", "X", "Out");
        add("swish", "swish", "X", "Out");
        add("gelu", "gelu", "X", "Out");
        add("softplus", "softplus", "X", "Out");
        add("leaky_relu", "leaky_relu", "X", "Out", "negative_slope", "alpha");
        add("elu", "elu", "X", "Out");
        add("thresholded_relu", "thresholded_relu", "X", "Out");
        add("softmax", "softmax", "X", "Out");
        add("log_softmax", "log_softmax", "X", "Out");
        add("cast", "cast", "X", "Out", "dtype", "out_dtype");
        add("scale", "scale", "X,ScaleTensor", "Out");
        add("dropout", "dropout", "X,", "Out,Mask", "p", "dropout_prob", "mode", "dropout_implementation");
        String[][] binary = {{"add", "elementwise_add"}, {"subtract", "elementwise_sub"}, {"multiply", "elementwise_mul"},
            {"divide", "elementwise_div"}, {"maximum", "elementwise_max"}, {"minimum", "elementwise_min"},
            {"elementwise_pow", "elementwise_pow"}, {"remainder", "elementwise_mod"}, {"floor_divide", "elementwise_floordiv"},
            {"equal", "equal"}, {"not_equal", "not_equal"}, {"less_than", "less_than"}, {"less_equal", "less_equal"},
            {"greater_than", "greater_than"}, {"greater_equal", "greater_equal"}, {"logical_and", "logical_and"},
            {"logical_or", "logical_or"}, {"logical_xor", "logical_xor"}};
        for (String[] b : binary) {
            add(b[0], b[1], "X,Y", "Out");
        }
        add("matmul", "matmul_v2", "X,Y", "Out", "transpose_x", "trans_x", "transpose_y", "trans_y");
        add("conv2d", "conv2d", "Input,Filter", "Output");
        add("depthwise_conv2d", "depthwise_conv2d", "Input,Filter", "Output");
        add("conv2d_transpose", "conv2d_transpose", "Input,Filter,@output_size", "Output");
        add("pool2d", "pool2d", "X,@ksize", "Out");
        add("batch_norm", "batch_norm", "X,Mean,Variance,Scale,Bias", "Y,MeanOut,VarianceOut,SavedMean,SavedVariance,ReserveSpace",
                "data_format", "data_layout");
        add("layer_norm", "layer_norm", "X,Scale,Bias", "Y,Mean,Variance");
        add("reshape", "reshape2", "X,Shape", "Out,XShape");
        add("transpose", "transpose2", "X", "Out", "perm", "axis");
        add("concat", "concat", "X,@axis", "Out");
        add("flatten", "flatten_contiguous_range", "X", "Out,XShape");
        add("squeeze", "squeeze2", "X,@axes", "Out,XShape");
        add("unsqueeze", "unsqueeze2", "X,@axes", "Out,XShape");
        add("slice", "slice", "Input,StartsTensor,EndsTensor", "Out");
        add("shape", "shape", "Input", "Out");
        add("shape64", "shape", "Input", "Out");
        add("full_like", "fill_any_like", "X,@value", "Out");
        add("sum", "reduce_sum", "X,@dim", "Out", "keepdim", "keep_dim");
        add("mean", "reduce_mean", "X,@dim", "Out", "keepdim", "keep_dim");
        add("max", "reduce_max", "X,@dim", "Out", "keepdim", "keep_dim");
        add("min", "reduce_min", "X,@dim", "Out", "keepdim", "keep_dim");
        add("prod", "reduce_prod", "X,@dim", "Out");
        add("numel", "size", "Input", "Out");
        add("conv3d", "conv3d", "Input,Filter", "Output");
        add("pool3d", "pool3d", "X", "Out", "kernel_size", "ksize");
        add("topk", "top_k_v2", "X,K", "Out,Indices");
        add("tril", "tril_triu", "X", "Out");
        add("triu", "triu", "X", "Out");
        add("gather_nd", "gather_nd", "X,Index", "Out");
        add("scatter_nd_add", "scatter_nd_add", "X,Index,Updates", "Out");
        add("pixel_shuffle", "pixel_shuffle", "X", "Out");
        add("instance_norm", "instance_norm", "X,Scale,Bias", "Y,SavedMean,SavedVariance");
        add("group_norm", "group_norm", "X,Scale,Bias", "Y,Mean,Variance", "data_format", "data_layout");
        add("pad3d", "pad3d", "X,@paddings", "Out", "pad_value", "value");
        add("arange", "range", "Start,End,Step", "Out");
        add("gather", "gather", "X,Index,@axis", "Out");
        add("expand", "expand_v2", "X,Shape", "Out");
        add("tile", "tile", "X,RepeatTimes", "Out");
        add("where", "where", "Condition,X,Y", "Out");
        add("clip", "clip", "X,Min,Max", "Out");
        add("stack", "stack", "X", "Y");
        add("nearest_interp", "nearest_interp_v2", "X,OutSize,SizeTensor,Scale", "Out", "data_format", "data_layout");
        add("bilinear_interp", "bilinear_interp_v2", "X,OutSize,SizeTensor,Scale", "Out", "data_format", "data_layout");
        add("argmax", "arg_max", "X,@axis", "Out", "keepdim", "keepdims");
        add("argmin", "arg_min", "X,@axis", "Out", "keepdim", "keepdims");
        add("cumsum", "cumsum", "X,@axis", "Out");
        add("embedding", "lookup_table_v2", "Ids,W", "Out");
        add("pow", "pow", "X", "Out", "y", "factor");
        add("split", "split", "X,@sections,@axis", "Out");
        add("split_with_num", "split", "X,@axis", "Out");
        add("increment", "increment", "X", "Out", "value", "step");
        add("flip", "flip", "X", "Out");
        add("prelu", "prelu", "X,Alpha", "Out");
        add("einsum", "einsum", "Operands", "Out");
        add("full_with_tensor", "fill_constant", "ValueTensor,ShapeTensor", "Out");
    }
}
