package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.proto.PaddleProtos.OpDesc;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Paddle 2.6's definitions of the legacy ops the exporter writes: every input and output slot (extra slots,
 * which Paddle 2.5+ strips when saving an inference program, are left out) and every non-extra attribute
 * with its type and default, from Paddle's OpMaker classes, ops.yaml and op_compat.yaml (checked against
 * programs saved by Paddle 2.6). {@link #complete} gives an emitted op the slots and attributes Paddle
 * would write for it; setting a slot or attribute the definition does not have is an exporter bug.
 */
public final class OpDefs {

    /** One op definition: slots in name order and attribute defaults. */
    public record Def(String type, List<String> inputs, List<String> outputs, Map<String, OpDesc.Attr> attrs) {
    }

    private static final Map<String, Def> DEFS = new HashMap<>();

    private OpDefs() {
    }

    public static Def get(String type) {
        return DEFS.get(type);
    }

    public static Set<String> types() {
        return DEFS.keySet();
    }

    /** Adds the empty slots and default attributes of the op's definition, plus the attributes every op carries. */
    public static void complete(PaddleOp op) {
        Def d = DEFS.get(op.type());
        if (d == null) {
            throw new IllegalStateException("no Paddle definition for op '" + op.type() + "'");
        }
        for (String s : op.inputs().keySet()) {
            if (!d.inputs().contains(s)) {
                throw new IllegalStateException("Paddle op '" + op.type() + "' has no input slot '" + s + "'");
            }
        }
        for (String s : op.outputs().keySet()) {
            if (!d.outputs().contains(s)) {
                throw new IllegalStateException("Paddle op '" + op.type() + "' has no output slot '" + s + "'");
            }
        }
        for (OpDesc.Attr a : op.attrs().values()) {
            OpDesc.Attr dflt = d.attrs().get(a.getName());
            boolean tensorAttr = a.getType() == dev.modelx.format.paddle.proto.PaddleProtos.AttrType.VAR
                    && TENSOR_ATTRS.contains(op.type() + "." + a.getName());
            if (dflt == null || (dflt.getType() != a.getType() && !tensorAttr)) {
                throw new IllegalStateException("Paddle op '" + op.type() + "' has no " + a.getType() + " attribute '" + a.getName() + "'");
            }
        }
        d.inputs().forEach(s -> op.inputs().putIfAbsent(s, new java.util.ArrayList<>()));
        d.outputs().forEach(s -> op.outputs().putIfAbsent(s, new java.util.ArrayList<>()));
        d.attrs().forEach((k, v) -> {
            if (!op.attrs().containsKey(k)) {
                op.attr(v);
            }
        });
        op.attr(Attrs.s("op_device", ""));
        op.attr(Attrs.s("op_namescope", "/"));
        op.attr(Attrs.i("op_role", 0));
        op.attr(Attrs.strings("op_role_var", List.of()));
        if (op.type().equals("feed") || op.type().equals("fetch")) {
            op.attr(Attrs.strings("op_callstack", List.of()));
            op.attr(Attrs.b("with_quant_attr", false));
        }
    }

    /** Attributes declared SupportTensor() in their OpMaker: they may be written as a VAR naming a variable. */
    private static final Set<String> TENSOR_ATTRS = Set.of("reduce_sum.dim", "reduce_mean.dim", "reduce_max.dim", "reduce_min.dim",
            "reduce_prod.dim", "cumsum.axis");

    /** Attributes every op carries, outside its own definition. */
    public static final Set<String> COMMON_ATTRS = Set.of("op_device", "op_namescope", "op_role", "op_role_var", "op_callstack",
            "with_quant_attr");

    private static void def(String type, String ins, String outs, String... attrs) {
        Map<String, OpDesc.Attr> a = new LinkedHashMap<>();
        for (String spec : attrs) {
            OpDesc.Attr attr = parse(spec);
            a.put(attr.getName(), attr);
        }
        DEFS.put(type, new Def(type, split(ins), split(outs), a));
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(","));
    }

    /** "name:kind=value" with kind i, l, f, s, b, ints, longs, floats, strings; list values separated by '|'. */
    private static OpDesc.Attr parse(String spec) {
        int colon = spec.indexOf(':');
        int eq = spec.indexOf('=', colon);
        String name = spec.substring(0, colon);
        String kind = spec.substring(colon + 1, eq < 0 ? spec.length() : eq);
        String v = eq < 0 ? "" : spec.substring(eq + 1);
        return switch (kind) {
            case "i" -> Attrs.i(name, Long.parseLong(v));
            case "l" -> Attrs.l(name, Long.parseLong(v));
            case "f" -> Attrs.f(name, Double.parseDouble(v));
            case "s" -> Attrs.s(name, v);
            case "b" -> Attrs.b(name, Boolean.parseBoolean(v));
            case "ints" -> Attrs.ints(name, longs(v));
            case "longs" -> Attrs.longs(name, longs(v));
            case "floats" -> Attrs.floats(name, Arrays.stream(longs(v)).asDoubleStream().toArray());
            case "strings" -> Attrs.strings(name, v.isEmpty() ? List.of() : List.of(v.split("\\|")));
            case "block" -> Attrs.block(name, 0);
            default -> throw new IllegalArgumentException(spec);
        };
    }

    private static long[] longs(String v) {
        return v.isEmpty() ? new long[0] : Arrays.stream(v.split("\\|")).mapToLong(Long::parseLong).toArray();
    }

    static {
        def("feed", "X", "Out", "col:i=0");
        def("fetch", "X", "Out", "col:i=0");
        // convolution and pooling (conv_op.cc, pool_op.cc; Bias/ResidualData are extra inputs)
        String[] conv = {"data_format:s=NCHW", "dilations:ints=1|1", "groups:i=1", "padding_algorithm:s=EXPLICIT", "paddings:ints=0|0",
            "strides:ints=1|1"};
        def("conv2d", "Filter,Input", "Output", conv);
        def("depthwise_conv2d", "Filter,Input", "Output", conv);
        String[] convT = {"data_format:s=NCHW", "dilations:ints=1|1", "groups:i=1", "output_padding:ints=", "output_size:ints=",
            "padding_algorithm:s=EXPLICIT", "paddings:ints=0|0", "strides:ints=1|1"};
        def("conv2d_transpose", "Filter,Input", "Output", convT);
        def("depthwise_conv2d_transpose", "Filter,Input", "Output", convT);
        def("pool2d", "X", "Out", "adaptive:b=false", "ceil_mode:b=false", "data_format:s=NCHW", "exclusive:b=true",
                "global_pooling:b=false", "ksize:ints=", "padding_algorithm:s=EXPLICIT", "paddings:ints=0|0", "pooling_type:s=max",
                "strides:ints=1|1", "use_cudnn:b=true");
        // normalisation
        def("batch_norm", "Bias,Mean,MomentumTensor,Scale,Variance,X", "MeanOut,SavedMean,SavedVariance,VarianceOut,Y",
                "data_layout:s=NCHW", "epsilon:f=1e-5", "is_test:b=true", "momentum:f=0.9", "trainable_statistics:b=false",
                "use_global_stats:b=false");
        def("layer_norm", "Bias,Scale,X", "Mean,Variance,Y", "begin_norm_axis:i=1", "epsilon:f=1e-5");
        def("instance_norm", "Bias,Scale,X", "SavedMean,SavedVariance,Y", "epsilon:f=1e-5");
        def("nearest_interp_v2", "OutSize,Scale,SizeTensor,X", "Out", "align_corners:b=true", "align_mode:i=1", "data_layout:s=NCHW",
                "interp_method:s=nearest", "out_d:i=0", "out_h:i=0", "out_w:i=0", "scale:floats=");
        def("bilinear_interp_v2", "OutSize,Scale,SizeTensor,X", "Out", "align_corners:b=true", "align_mode:i=1", "data_layout:s=NCHW",
                "interp_method:s=bilinear", "out_d:i=0", "out_h:i=0", "out_w:i=0", "scale:floats=");
        // element-wise binary ops (elementwise_op.h); compare/logical ops (compare_op.cc)
        for (String t : new String[] {"elementwise_add", "elementwise_sub", "elementwise_mul", "elementwise_div", "elementwise_pow",
            "elementwise_max", "elementwise_min", "elementwise_mod", "elementwise_floordiv"}) {
            def(t, "X,Y", "Out", "axis:i=-1");
        }
        for (String t : new String[] {"equal", "not_equal", "less_than", "less_equal", "greater_than", "greater_equal"}) {
            def(t, "X,Y", "Out", "axis:i=-1", "force_cpu:b=false");
        }
        for (String t : new String[] {"logical_and", "logical_or", "logical_xor"}) {
            def(t, "X,Y", "Out");
        }
        // unary activations without attributes (activation_op.cc)
        for (String t : new String[] {"relu", "sigmoid", "tanh", "exp", "log", "sqrt", "rsqrt", "abs", "ceil", "floor", "reciprocal",
            "sin", "cos", "erf", "sign", "softsign", "logical_not", "assign", "square", "silu", "swish", "tan", "asin", "acos", "atan",
            "sinh", "cosh", "log1p", "round", "isnan_v2", "isinf_v2", "asinh", "acosh", "atanh"}) {
            def(t, "X", "Out");
        }
        def("relu6", "X", "Out", "threshold:f=6");
        def("leaky_relu", "X", "Out", "alpha:f=0.02");
        def("elu", "X", "Out", "alpha:f=1");
        def("celu", "X", "Out", "alpha:f=1");
        def("selu", "X", "Out", "alpha:f=1.6732632423543772", "scale:f=1.0507009873554805");
        def("hard_sigmoid", "X", "Out", "offset:f=0.5", "slope:f=0.2");
        def("hard_swish", "X", "Out", "offset:f=3", "scale:f=6", "threshold:f=6");
        def("gelu", "X", "Out", "approximate:b=false");
        def("softplus", "X", "Out", "beta:f=1", "threshold:f=20");
        def("thresholded_relu", "X", "Out", "threshold:f=1");
        def("softshrink", "X", "Out", "lambda:f=0.5");
        def("mish", "X", "Out", "threshold:f=20");
        def("hard_shrink", "X", "Out", "threshold:f=0.5");
        def("pow", "FactorTensor,X", "Out", "factor:f=1");
        def("prelu", "Alpha,X", "Out", "data_format:s=NCHW", "mode:s=all");
        def("softmax", "X", "Out", "axis:i=-1");
        def("log_softmax", "X", "Out", "axis:i=-1");
        def("scale", "ScaleTensor,X", "Out", "bias:f=0", "bias_after_scale:b=true", "scale:f=1");
        def("clip", "Max,Min,X", "Out", "max:f=0", "min:f=0");
        def("cast", "X", "Out", "in_dtype:i=5", "out_dtype:i=5");
        // matrix products
        def("matmul_v2", "X,Y", "Out", "trans_x:b=false", "trans_y:b=false");
        def("mul", "X,Y", "Out", "x_num_col_dims:i=1", "y_num_col_dims:i=1");
        // shape manipulation
        def("reshape2", "Shape,ShapeTensor,X", "Out,XShape", "shape:ints=");
        def("transpose2", "X", "Out", "axis:ints=");
        def("flatten_contiguous_range", "X", "Out", "start_axis:i=1", "stop_axis:i=1");
        def("squeeze2", "X", "Out", "axes:ints=");
        def("unsqueeze2", "AxesTensor,AxesTensorList,X", "Out,XShape", "axes:ints=");
        def("concat", "AxisTensor,X", "Out", "axis:i=0");
        def("split", "AxisTensor,SectionsTensorList,X", "Out", "axis:i=0", "num:i=0", "sections:ints=");
        def("stack", "X", "Y", "axis:i=0");
        def("slice", "EndsTensor,EndsTensorList,Input,StartsTensor,StartsTensorList", "Out", "axes:ints=", "decrease_axis:ints=",
                "ends:ints=", "infer_flags:ints=", "starts:ints=");
        def("shape", "Input", "Out");
        def("gather", "Axis,Index,X", "Out", "axis:i=0");
        def("gather_nd", "Index,X", "Out");
        def("expand_v2", "Shape,X,expand_shapes_tensor", "Out", "shape:ints=");
        def("tile", "RepeatTimes,X,repeat_times_tensor", "Out", "repeat_times:ints=");
        def("where", "Condition,X,Y", "Out");
        def("lookup_table_v2", "Ids,W", "Out", "padding_idx:l=-1");
        def("pad3d", "Paddings,X", "Out", "data_format:s=NCDHW", "mode:s=constant", "paddings:ints=", "value:f=0");
        def("arg_max", "X", "Out", "axis:l=0", "dtype:i=3", "flatten:b=false", "keepdims:b=false");
        def("arg_min", "X", "Out", "axis:l=0", "dtype:i=3", "flatten:b=false", "keepdims:b=false");
        def("flip", "X", "Out", "axis:ints=");
        // dropout_op.cc: Mask, fix_seed and seed are extra
        def("dropout", "Seed,X", "Out", "dropout_implementation:s=downgrade_in_infer", "dropout_prob:f=0.5", "is_test:b=false");
        def("cumsum", "X", "Out", "axis:i=-1", "exclusive:b=false", "flatten:b=false", "reverse:b=false");
        def("top_k_v2", "K,X", "Indices,Out", "axis:i=-1", "k:i=1", "largest:b=true", "sorted:b=true");
        for (String t : new String[] {"reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod"}) {
            def(t, "X", "Out", "dim:ints=0", "in_dtype:i=-1", "keep_dim:b=false", "out_dtype:i=-1", "reduce_all:b=false");
        }
        String[] conv3 = {"data_format:s=NCDHW", "dilations:ints=1|1|1", "groups:i=1", "padding_algorithm:s=EXPLICIT",
            "paddings:ints=0|0|0", "strides:ints=1|1|1"};
        def("conv3d", "Filter,Input", "Output", conv3);
        def("pool3d", "X", "Out", "adaptive:b=false", "ceil_mode:b=false", "data_format:s=NCDHW", "exclusive:b=true",
                "global_pooling:b=false", "ksize:ints=", "padding_algorithm:s=EXPLICIT", "paddings:ints=0|0|0", "pooling_type:s=max",
                "strides:ints=1|1|1", "use_cudnn:b=true");
        def("group_norm", "Bias,Scale,X", "Mean,Variance,Y", "data_layout:s=NCHW", "epsilon:f=1e-5", "groups:i=-1");
        def("lrn", "X", "MidOut,Out", "alpha:f=1e-4", "beta:f=0.75", "data_format:s=AnyLayout", "k:f=2", "n:i=5");
        def("pad", "X", "Out", "pad_value:f=0", "paddings:ints=");
        def("tril_triu", "X", "Out", "diagonal:i=0", "lower:b=false");
        def("pixel_shuffle", "X", "Out", "data_format:s=NCHW", "upscale_factor:i=1");
        def("space_to_depth", "X", "Out", "blocksize:i=1");
        def("size", "Input", "Out");
        def("sum", "X", "Out");
        def("scatter_nd_add", "Index,Updates,X", "Out");
        def("strided_slice", "EndsTensor,EndsTensorList,Input,StartsTensor,StartsTensorList,StridesTensor,StridesTensorList", "Out",
                "axes:ints=", "decrease_axis:ints=", "ends:ints=", "infer_flags:ints=", "starts:ints=", "strides:ints=");
        def("p_norm", "X", "Out", "asvector:b=false", "axis:i=-1", "epsilon:f=1e-12", "keepdim:b=false", "porder:f=2");
        // constants
        def("fill_constant", "ShapeTensor,ShapeTensorList,ValueTensor", "Out", "dtype:i=5", "force_cpu:b=false", "place_type:i=-1",
                "shape:longs=", "str_value:s=", "value:f=0");
        def("assign_value", "", "Out", "bool_values:ints=", "dtype:i=5", "fp32_values:floats=", "int32_values:ints=",
                "int64_values:longs=", "shape:ints=");
        def("range", "End,Start,Step", "Out");
        // control flow (conditional_block_op.h, while_op.cc, select_input_op.cc, increment_op.cc; skip_eager_deletion_vars is extra)
        def("conditional_block", "Cond,Input", "Out,Scope", "is_scalar_condition:b=false", "sub_block:block");
        def("while", "Condition,X", "Out,StepScopes", "is_test:b=false", "sub_block:block");
        def("select_input", "Mask,X", "Out");
        def("increment", "X", "Out", "step:f=1");
        // tensor arrays (array_operator.h, tensor_array_to_tensor_op.cc)
        def("write_to_array", "I,X", "Out");
        def("tensor_array_to_tensor", "X", "Out,OutIndex", "axis:i=0", "use_stack:b=false");
        // LoD sequence ops (sequence_pool_op.cc; is_test is extra)
        def("sequence_pool", "X", "MaxIndex,Out", "pad_value:f=0", "pooltype:s=AVERAGE");
    }
}
