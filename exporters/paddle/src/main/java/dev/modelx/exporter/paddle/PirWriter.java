package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.PaddleDataTypes;
import dev.modelx.format.paddle.pir.PirAttribute;
import dev.modelx.format.paddle.pir.PirBlock;
import dev.modelx.format.paddle.pir.PirOp;
import dev.modelx.format.paddle.pir.PirProgram;
import dev.modelx.format.paddle.pir.PirRegion;
import dev.modelx.format.paddle.pir.PirType;
import dev.modelx.format.paddle.pir.PirValue;
import dev.modelx.format.paddle.proto.PaddleProtos.OpDesc;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Rewrites a translated legacy block as a Paddle 3 PIR program: parameters as builtin.parameter ops, feed as
 * pd_op.data, fetch as pd_op.fetch, and each legacy op as its pd_op counterpart (ops.yaml names, positional
 * operands, attribute names of op_compat.yaml), with attribute-like operands (axes, shapes, the scale) as
 * pd_op.full / pd_op.full_int_array results. Small constants (assign_value) become parameters.
 */
public final class PirWriter {

    /** PIR serialization version Paddle 3.0 writes. */
    public static final long VERSION = 1;

    private ExportContext c;
    private Map<String, Long> ids = new HashMap<>();
    private List<PirOp> ops = new ArrayList<>();
    /** Ops that only rename a value for a fetch: the fetch reads the value and carries the name. */
    private final Map<PaddleOp, String> foldedAssigns = new java.util.IdentityHashMap<>();
    private final Map<String, String> fetchSources = new HashMap<>();
    private int regionCount = 1, blockCount = 1;
    private long nextArg = -1;
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final TreeSet<String> unsupported = new TreeSet<>();
    /** Unsupported ops met so far, repeats included (an op type already reported still leaves its results undefined). */
    private int misses;
    private long next = 1;

    private PirWriter(ExportContext c) {
        this.c = c;
    }

    /** The program and the parameters it names (the translated block's plus inlined constants). */
    public record Result(PirProgram program, Map<String, Tensor> params) {
    }

    public static Result write(ExportContext c) {
        try {
            return writeChecked(c);
        } catch (IllegalArgumentException e) {
            // an element type PIR has no builtin type for, or an attribute PIR cannot hold
            throw new dev.modelx.graph.ModelFormatException(c.file(), "PIR export: " + e.getMessage(), e);
        }
    }

    private static Result writeChecked(ExportContext c) {
        PirWriter w = new PirWriter(c);
        w.params.putAll(c.params());
        w.collectAssignValues(c);
        w.findFetchRenames(c);
        w.params.forEach((name, t) -> w.ops.add(new PirOp(PirOp.PARAMETER, List.of(), List.of(w.define(name, t.type(), t.shape())),
                Map.of(), Map.of(), List.of(), name, new int[] {0, 1, 0})));
        // pd_op.data ops come in input order (the legacy block lists its feeds in reverse col order)
        List<PaddleOp> ordered = new ArrayList<>(c.ops().stream().filter(op -> op.type().equals("feed"))
                .sorted(java.util.Comparator.comparingInt(op -> op.attr("col").getI())).toList());
        c.ops().stream().filter(op -> !op.type().equals("feed")).forEach(ordered::add);
        w.translateAll(ordered);
        if (!w.unsupported.isEmpty()) {
            throw new dev.modelx.graph.UnsupportedOpsException(c.file(), "Paddle ops for PIR export", w.unsupported);
        }
        PirBlock block = new PirBlock("block_0", List.of(), w.ops);
        return new Result(new PirProgram(VERSION, false, List.of(new PirRegion("region_0", List.of(block)))), w.params);
    }

    private void collectAssignValues(ExportContext block) {
        for (PaddleOp op : block.ops()) {
            if (op.type().equals("assign_value")) {
                params.put(op.output("Out"), assignValueTensor(op));
            }
            op.blocks().forEach(b -> collectAssignValues(b.block()));
        }
    }

    /** An op that only renames a value for a fetch is not written: the fetch reads the value and is named after the result. */
    private void findFetchRenames(ExportContext root) {
        Map<String, Integer> reads = new HashMap<>();
        countReads(root, reads);
        for (PaddleOp op : root.ops()) {
            if (op.type().equals("fetch")) {
                String x = op.input("X");
                PaddleOp producer = root.ops().stream().filter(p -> p.isFetchRename() && x.equals(p.output("Out")))
                        .findFirst().orElse(null);
                if (producer != null && reads.getOrDefault(x, 0) == 1 && !root.graph().inputs().stream().anyMatch(v -> v.name().equals(x))) {
                    foldedAssigns.put(producer, x);
                    fetchSources.put(x, producer.input("X"));
                }
            }
        }
    }

    private static void countReads(ExportContext block, Map<String, Integer> reads) {
        for (PaddleOp op : block.ops()) {
            op.reads().forEach(v -> reads.merge(v, 1, Integer::sum));
            for (SubBlock b : op.blocks()) {
                b.yields().forEach(v -> reads.merge(v, 1, Integer::sum));
                countReads(b.block(), reads);
            }
        }
    }

    private void translateAll(List<PaddleOp> block) {
        for (PaddleOp op : block) {
            if (op.type().equals("assign_value") || foldedAssigns.containsKey(op)) {
                continue;
            }
            int before = misses;
            translate(op);
            if (misses != before) {
                // keep going so every unsupported op is reported: later readers find its results defined
                op.outputs().values().forEach(vs -> vs.stream().filter(v -> !ids.containsKey(v)).forEach(this::result));
            }
        }
    }

    /** pd_op.if / pd_op.while: results first (Paddle numbers them before the regions' values), then the regions. */
    private void controlFlow(PaddleOp op) {
        boolean isIf = op.type().equals(ControlFlowEmitters.IF);
        List<Long> operands = new ArrayList<>();
        operands.add(operand(op.input("Cond")));
        if (!isIf) {
            op.inputs().get("X").forEach(x -> operands.add(operand(x)));
        }
        List<String> outs = op.outputs().get("Out");
        List<PirValue> results = new ArrayList<>();
        List<PirAttribute> stop = new ArrayList<>();
        for (String o : outs) {
            VarDecl d = c.varDecl(o);
            results.add(fresh(d == null ? DataType.FLOAT : d.dtype(), d == null ? new long[0] : d.dims()));
            stop.add(PirAttribute.bool(false));
        }
        List<PirRegion> regions = new ArrayList<>();
        for (SubBlock b : op.blocks()) {
            regions.add(region(b));
        }
        for (int k = 0; k < outs.size(); k++) {
            ids.put(outs.get(k), results.get(k).id());
        }
        ops.add(new PirOp(isIf ? "pd_op.if" : "pd_op.while", operands, results, Map.of(),
                Map.of("stop_gradient", PirAttribute.array(stop)), regions, null, null));
    }

    private PirRegion region(SubBlock sub) {
        String regionId = "region_" + regionCount++;
        String blockId = "block_" + blockCount++;
        ExportContext savedC = c;
        Map<String, Long> savedIds = ids;
        List<PirOp> savedOps = ops;
        c = sub.block();
        ids = new HashMap<>(savedIds);
        ops = new ArrayList<>();
        List<PirValue> args = new ArrayList<>();
        for (String a : sub.args()) {
            VarDecl d = c.varDecl(a);
            PirValue v = new PirValue(nextArg--, PirType.denseTensor(d == null ? DataType.FLOAT : d.dtype(), d == null ? new long[0] : d.dims()));
            ids.put(a, v.id());
            args.add(v);
        }
        translateAll(sub.block().ops());
        List<Long> yields = sub.yields().stream().map(this::operand).toList();
        ops.add(new PirOp("cf.yield", yields, List.of(), Map.of(), Map.of(), List.of(), null, null));
        PirBlock block = new PirBlock(blockId, args, ops);
        c = savedC;
        ids = savedIds;
        ops = savedOps;
        return new PirRegion(regionId, List.of(block));
    }

    private static Tensor assignValueTensor(PaddleOp op) {
        long[] shape = op.attr("shape").getIntsList().stream().mapToLong(Integer::longValue).toArray();
        int dtype = op.attr("dtype").getI();
        DataType t = PaddleDataTypes.fromVarTypeCode(dtype).orElseThrow();
        return switch (t) {
            case FLOAT -> {
                List<Float> f = op.attr("fp32_values").getFloatsList();
                float[] a = new float[f.size()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = f.get(i);
                }
                yield Tensor.ofFloats(shape, a);
            }
            case INT32 -> Tensor.ofInts(shape, op.attr("int32_values").getIntsList().stream().mapToInt(Integer::intValue).toArray());
            case INT64 -> Tensor.ofLongs(shape, op.attr("int64_values").getLongsList().stream().mapToLong(Long::longValue).toArray());
            default -> {
                List<Integer> b = op.attr("bool_values").getIntsList();
                boolean[] a = new boolean[b.size()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = b.get(i) != 0;
                }
                yield Tensor.ofBooleans(shape, a);
            }
        };
    }

    private void unsupported(String what) {
        unsupported.add(what);
        misses++;
    }

    // ---- values ----

    private PirValue define(String var, DataType t, long[] dims) {
        long id = next++;
        ids.put(var, id);
        return new PirValue(id, PirType.denseTensor(t, dims == null ? new long[0] : dims));
    }

    private PirValue result(String var) {
        VarDecl d = c.varDecl(var);
        return define(var, d == null ? DataType.FLOAT : d.dtype(), d == null ? new long[0] : d.dims());
    }

    private long operand(String var) {
        Long id = ids.get(var);
        if (id == null) {
            throw new IllegalStateException("PIR export: '" + var + "' is read before it is written");
        }
        return id;
    }

    private long in(PaddleOp op, String slot) {
        String v = op.input(slot);
        return v == null ? 0 : operand(v);
    }

    private PirValue fresh(DataType t, long... dims) {
        return new PirValue(next++, PirType.denseTensor(t, dims));
    }

    private long fullIntArray(long... v) {
        PirValue r = fresh(DataType.INT64, v.length);
        Map<String, PirAttribute> a = new LinkedHashMap<>();
        a.put("value", PirAttribute.intArray(v));
        a.put("dtype", PirAttribute.dtype(DataType.INT64));
        a.put("place", PirAttribute.place(1, 0, ""));
        ops.add(new PirOp("pd_op.full_int_array", List.of(), List.of(r), a, stopGradient(), List.of(), null, null));
        return r.id();
    }

    private long full(double v, DataType t, long... shape) {
        PirValue r = fresh(t, shape);
        ops.add(new PirOp("pd_op.full", List.of(), List.of(r), fullAttrs(v, t, shape), stopGradient(), List.of(), null, null));
        return r.id();
    }

    /** A 0-D pd_op.full of element type {@code t} holding {@code v}. */
    private long fullScalar(double v, DataType t) {
        PirValue r = fresh(t);
        ops.add(new PirOp("pd_op.full", List.of(), List.of(r), fullAttrs(v, t, new long[0]), stopGradient(), List.of(), null, null));
        return r.id();
    }

    private static Map<String, PirAttribute> fullAttrs(double v, DataType t, long[] shape) {
        Map<String, PirAttribute> a = new LinkedHashMap<>();
        a.put("shape", PirAttribute.intArray(shape));
        a.put("value", PirAttribute.f64(v));
        a.put("dtype", PirAttribute.dtype(t));
        a.put("place", PirAttribute.place(1, 0, ""));
        return a;
    }

    private static Map<String, PirAttribute> stopGradient() {
        return Map.of("stop_gradient", PirAttribute.array(List.of(PirAttribute.bool(true))));
    }

    private void emit(String name, List<Long> operands, List<String> results, Map<String, PirAttribute> attrs) {
        List<PirValue> rs = new ArrayList<>();
        for (String r : results) {
            rs.add(result(r));
        }
        ops.add(new PirOp("pd_op." + name, operands, rs, attrs, Map.of("stop_gradient",
                PirAttribute.array(List.of(PirAttribute.bool(false)))), List.of(), null, null));
    }

    /** builtin.combine of {@code vars}: a vector operand (an IntArray given as one-element tensors). */
    private long combine(List<String> vars) {
        List<Long> xs = vars.stream().map(this::operand).toList();
        PirValue vec = new PirValue(next++, new PirType("0.t_vec", null));
        ops.add(new PirOp("builtin.combine", xs, List.of(vec), Map.of(), Map.of(), List.of(), null, null));
        return vec.id();
    }

    // ---- attribute conversion ----

    private static long[] ints(PaddleOp op, String name) {
        OpDesc.Attr a = op.attr(name);
        if (a == null) {
            return new long[0];
        }
        return switch (a.getType()) {
            case LONGS -> a.getLongsList().stream().mapToLong(Long::longValue).toArray();
            default -> a.getIntsList().stream().mapToLong(Integer::longValue).toArray();
        };
    }

    private static PirAttribute i32s(long[] v) {
        List<PirAttribute> items = new ArrayList<>();
        for (long x : v) {
            items.add(PirAttribute.i32((int) x));
        }
        return PirAttribute.array(items);
    }

    private static PirAttribute i64s(long[] v) {
        List<PirAttribute> items = new ArrayList<>();
        for (long x : v) {
            items.add(PirAttribute.i64(x));
        }
        return PirAttribute.array(items);
    }

    private static PirAttribute same(OpDesc.Attr a) {
        return switch (a.getType()) {
            case INT -> PirAttribute.i32(a.getI());
            case LONG -> PirAttribute.i64(a.getL());
            case FLOAT -> PirAttribute.f32(a.getF());
            case STRING -> PirAttribute.str(a.getS());
            case BOOLEAN -> PirAttribute.bool(a.getB());
            case INTS -> i32s(a.getIntsList().stream().mapToLong(Integer::longValue).toArray());
            case LONGS -> i64s(a.getLongsList().stream().mapToLong(Long::longValue).toArray());
            case FLOATS -> PirAttribute.array(a.getFloatsList().stream().map(PirAttribute::f32).toList());
            default -> throw new IllegalArgumentException("attribute kind " + a.getType() + " is not written to PIR");
        };
    }

    /** Attributes copied under (possibly renamed) names: "legacy" or "legacy>pir". */
    private static Map<String, PirAttribute> attrs(PaddleOp op, String... names) {
        Map<String, PirAttribute> out = new LinkedHashMap<>();
        for (String n : names) {
            String[] p = n.split(">");
            OpDesc.Attr a = op.attr(p[0]);
            if (a != null) {
                out.put(p.length > 1 ? p[1] : p[0], same(a));
            }
        }
        return out;
    }

    // ---- op translation ----

    private static final Map<String, String> UNARY = Map.ofEntries(
            Map.entry("relu", "relu"), Map.entry("sigmoid", "sigmoid"), Map.entry("tanh", "tanh"), Map.entry("exp", "exp"),
            Map.entry("log", "log"), Map.entry("sqrt", "sqrt"), Map.entry("abs", "abs"), Map.entry("floor", "floor"),
            Map.entry("ceil", "ceil"), Map.entry("erf", "erf"), Map.entry("sin", "sin"), Map.entry("cos", "cos"),
            Map.entry("reciprocal", "reciprocal"), Map.entry("sign", "sign"), Map.entry("logical_not", "logical_not"),
            Map.entry("assign", "assign"), Map.entry("softsign", "softsign"), Map.entry("swish", "swish"),
            Map.entry("hard_swish", "hardswish"), Map.entry("gelu", "gelu"), Map.entry("relu6", "relu6"),
            Map.entry("elu", "elu"), Map.entry("thresholded_relu", "thresholded_relu"), Map.entry("softplus", "softplus"),
            Map.entry("tan", "tan"), Map.entry("asin", "asin"), Map.entry("acos", "acos"), Map.entry("atan", "atan"),
            Map.entry("sinh", "sinh"), Map.entry("cosh", "cosh"), Map.entry("asinh", "asinh"), Map.entry("acosh", "acosh"),
            Map.entry("atanh", "atanh"), Map.entry("isnan_v2", "isnan"), Map.entry("isinf_v2", "isinf"), Map.entry("celu", "celu"),
            Map.entry("hard_shrink", "hardshrink"), Map.entry("rsqrt", "rsqrt"), Map.entry("square", "square"), Map.entry("silu", "silu"),
            Map.entry("log1p", "log1p"), Map.entry("round", "round"));

    private static final Map<String, String> BINARY = Map.ofEntries(
            Map.entry("elementwise_add", "add"), Map.entry("elementwise_sub", "subtract"), Map.entry("elementwise_mul", "multiply"),
            Map.entry("elementwise_div", "divide"), Map.entry("elementwise_max", "maximum"), Map.entry("elementwise_min", "minimum"),
            Map.entry("elementwise_pow", "elementwise_pow"), Map.entry("elementwise_mod", "remainder"), Map.entry("equal", "equal"),
            Map.entry("not_equal", "not_equal"), Map.entry("less_than", "less_than"), Map.entry("less_equal", "less_equal"),
            Map.entry("greater_than", "greater_than"), Map.entry("greater_equal", "greater_equal"),
            Map.entry("logical_and", "logical_and"), Map.entry("logical_or", "logical_or"), Map.entry("logical_xor", "logical_xor"));

    private void translate(PaddleOp op) {
        String t = op.type();
        String out = op.output("Out");
        if (t.equals("thresholded_relu")) {
            // PIR's thresholded_relu has the value written below the threshold (0 for the legacy op)
            Map<String, PirAttribute> a = attrs(op, "threshold");
            a.put("value", PirAttribute.f32(0f));
            emit(t, List.of(in(op, "X")), List.of(out), a);
            return;
        }
        if (ControlFlowEmitters.isStructured(op)) {
            controlFlow(op);
            return;
        }
        if (UNARY.containsKey(t)) {
            emit(UNARY.get(t), List.of(in(op, "X")), List.of(out), attrs(op, "threshold", "alpha", "beta", "approximate"));
            return;
        }
        if (BINARY.containsKey(t)) {
            binary(op, BINARY.get(t));
            return;
        }
        switch (t) {
            case "feed" -> {
                VarDecl d = c.varDecl(out);
                Map<String, PirAttribute> a = new LinkedHashMap<>();
                a.put("name", PirAttribute.str(out));
                a.put("shape", PirAttribute.intArray(d.dims()));
                a.put("dtype", PirAttribute.dtype(d.dtype()));
                a.put("place", PirAttribute.place(0, 0, ""));
                emit("data", List.of(), List.of(out), a);
            }
            case "fetch" -> {
                String name = op.input("X");
                String x = fetchSources.getOrDefault(name, name);
                VarDecl d = c.varDecl(x);
                Map<String, PirAttribute> a = new LinkedHashMap<>();
                a.put("name", PirAttribute.str(name));
                a.put("col", PirAttribute.i32(op.attr("col").getI()));
                PirValue r = fresh(d == null ? DataType.FLOAT : d.dtype(), d == null ? new long[0] : d.dims());
                ops.add(new PirOp("pd_op.fetch", List.of(operand(x)), List.of(r), a, Map.of("persistable",
                        PirAttribute.array(List.of(PirAttribute.bool(true)))), List.of(), null, null));
            }
            case "mish" -> emit("mish", List.of(in(op, "X")), List.of(out), attrs(op, "threshold>lambda"));
            case "softshrink" -> emit("softshrink", List.of(in(op, "X")), List.of(out), attrs(op, "lambda>threshold"));
            case "selu" -> emit("selu", List.of(in(op, "X")), List.of(out), attrs(op, "scale", "alpha"));
            case "hard_sigmoid" -> emit("hardsigmoid", List.of(in(op, "X")), List.of(out), attrs(op, "slope", "offset"));
            case "leaky_relu" -> emit("leaky_relu", List.of(in(op, "X")), List.of(out), attrs(op, "alpha>negative_slope"));
            case "pow" -> emit("pow", List.of(in(op, "X")), List.of(out), attrs(op, "factor>y"));
            case "softmax", "log_softmax" -> emit(t, List.of(in(op, "X")), List.of(out), attrs(op, "axis"));
            case "cast" -> emit("cast", List.of(in(op, "X")), List.of(out),
                    Map.of("dtype", PirAttribute.dtype(PaddleDataTypes.fromVarTypeCode(op.attr("out_dtype").getI()).orElseThrow())));
            case "scale" -> emit("scale", List.of(in(op, "X"), full(op.attr("scale").getF(), DataType.FLOAT, 1)), List.of(out),
                    attrs(op, "bias", "bias_after_scale"));
            case "fill_constant" -> {
                if (op.input("ShapeTensor") != null) {
                    // a shape computed at run time: full_with_tensor(value, shape), the value a 0-D tensor
                    VarDecl d = c.varDecl(out);
                    DataType et = d == null ? DataType.FLOAT : d.dtype();
                    long value = fullScalar(op.attr("value").getF(), et);
                    emit("full_with_tensor", List.of(value, in(op, "ShapeTensor")), List.of(out), Map.of("dtype", PirAttribute.dtype(et)));
                    return;
                }
                VarDecl d = c.varDecl(out);
                // a constant of the model (paddle.full) has an undefined place; the fulls made for attribute-like operands are on the CPU
                Map<String, PirAttribute> a = fullAttrs(op.attr("value").getF(), d.dtype(), ints(op, "shape"));
                a.put("place", PirAttribute.place(0, 0, ""));
                emit("full", List.of(), List.of(out), a);
            }
            case "conv2d", "depthwise_conv2d" -> emit(t, List.of(in(op, "Input"), in(op, "Filter")), List.of(op.output("Output")),
                    attrs(op, "strides", "paddings", "padding_algorithm", "dilations", "groups", "data_format"));
            // pd_op.conv2d_transpose computes the depthwise case too (groups = channels)
            case "conv2d_transpose", "depthwise_conv2d_transpose" -> emit("conv2d_transpose", List.of(in(op, "Input"), in(op, "Filter"),
                    fullIntArray(ints(op, "output_size"))), List.of(op.output("Output")),
                    attrs(op, "strides", "paddings", "output_padding", "padding_algorithm", "groups", "dilations", "data_format"));
            case "pool2d" -> emit("pool2d", List.of(in(op, "X"), fullIntArray(ints(op, "ksize"))), List.of(out),
                    attrs(op, "strides", "paddings", "ceil_mode", "exclusive", "data_format", "pooling_type", "global_pooling", "adaptive",
                            "padding_algorithm"));
            case "batch_norm" -> emit("batch_norm_", List.of(in(op, "X"), in(op, "Mean"), in(op, "Variance"), in(op, "Scale"), in(op, "Bias")),
                    List.of(op.output("Y"), op.output("MeanOut") + "@pir", op.output("VarianceOut") + "@pir", op.output("SavedMean"),
                            op.output("SavedVariance")),
                    attrs(op, "is_test", "momentum", "epsilon", "data_layout>data_format", "use_global_stats", "trainable_statistics"));
            case "layer_norm" -> emit("layer_norm", List.of(in(op, "X"), in(op, "Scale"), in(op, "Bias")),
                    List.of(op.output("Y"), op.output("Mean"), op.output("Variance")), attrs(op, "epsilon", "begin_norm_axis"));
            case "matmul_v2" -> emit("matmul", List.of(in(op, "X"), in(op, "Y")), List.of(out), attrs(op, "trans_x>transpose_x", "trans_y>transpose_y"));
            case "mul" -> mul(op);
            case "reshape2" -> emit("reshape", List.of(in(op, "X"), op.input("Shape") != null ? in(op, "Shape")
                    : op.input("ShapeTensor") != null ? combine(op.inputs().get("ShapeTensor")) : fullIntArray(ints(op, "shape"))),
                    List.of(out), Map.of());
            case "transpose2" -> emit("transpose", List.of(in(op, "X")), List.of(out), attrs(op, "axis>perm"));
            case "flatten_contiguous_range" -> emit("flatten", List.of(in(op, "X")), List.of(out), attrs(op, "start_axis", "stop_axis"));
            case "squeeze2", "unsqueeze2" -> emit(t.substring(0, t.length() - 1), List.of(in(op, "X"),
                    op.input("AxesTensor") != null ? in(op, "AxesTensor") : fullIntArray(ints(op, "axes"))), List.of(out), Map.of());
            case "concat" -> {
                List<Long> xs = op.inputs().get("X").stream().map(this::operand).toList();
                PirValue vec = new PirValue(next++, new PirType("0.t_vec", null));
                ops.add(new PirOp("builtin.combine", xs, List.of(vec), Map.of(), Map.of(), List.of(), null, null));
                emit("concat", List.of(vec.id(), full(op.attr("axis").getI(), DataType.INT32, 1)), List.of(out), Map.of());
            }
            case "sum" -> {
                List<Long> xs = op.inputs().get("X").stream().map(this::operand).toList();
                PirValue vec = new PirValue(next++, new PirType("0.t_vec", null));
                ops.add(new PirOp("builtin.combine", xs, List.of(vec), Map.of(), Map.of(), List.of(), null, null));
                emit("add_n", List.of(vec.id()), List.of(out), Map.of());
            }
            case "gather" -> emit("gather", List.of(in(op, "X"), in(op, "Index"), full(op.attr("axis").getI(), DataType.INT32, 1)),
                    List.of(out), Map.of());
            case "lookup_table_v2" -> emit("embedding", List.of(in(op, "Ids"), in(op, "W")), List.of(out),
                    Map.of("padding_idx", PirAttribute.i64(op.attr("padding_idx").getL()), "sparse", PirAttribute.bool(false)));
            case "nearest_interp_v2", "bilinear_interp_v2" -> emit(t.substring(0, t.length() - 3), List.of(in(op, "X"), in(op, "OutSize"), in(op, "SizeTensor"),
                    in(op, "Scale")),
                    List.of(out), attrs(op, "data_layout>data_format", "out_d", "out_h", "out_w", "scale", "interp_method", "align_corners",
                            "align_mode"));
            case "shape" -> emit("shape", List.of(in(op, "Input")), List.of(out), Map.of());
            case "size" -> emit("numel", List.of(in(op, "Input")), List.of(out), Map.of());
            case "conv3d" -> emit("conv3d", List.of(in(op, "Input"), in(op, "Filter")), List.of(op.output("Output")),
                    attrs(op, "strides", "paddings", "padding_algorithm", "groups", "dilations", "data_format"));
            // pool3d's kernel_size is an int[] attribute (pool2d's an IntArray operand)
            case "pool3d" -> emit("pool3d", List.of(in(op, "X")), List.of(out), attrs(op, "ksize>kernel_size", "strides", "paddings", "ceil_mode", "exclusive", "data_format", "pooling_type", "global_pooling", "adaptive",
                            "padding_algorithm"));
            case "top_k_v2" -> emit("topk", List.of(in(op, "X"), op.input("K") != null ? in(op, "K") : full(op.attr("k").getI(), DataType.INT32, 1)),
                    List.of(out, outOrFresh(op, "Indices")), attrs(op, "axis", "largest", "sorted"));
            case "tril_triu" -> emit(op.attr("lower").getB() ? "tril" : "triu", List.of(in(op, "X")), List.of(out), attrs(op, "diagonal"));
            case "gather_nd" -> emit("gather_nd", List.of(in(op, "X"), in(op, "Index")), List.of(out), Map.of());
            case "scatter_nd_add" -> emit("scatter_nd_add", List.of(in(op, "X"), in(op, "Index"), in(op, "Updates")), List.of(out), Map.of());
            case "pixel_shuffle" -> emit("pixel_shuffle", List.of(in(op, "X")), List.of(out), attrs(op, "upscale_factor", "data_format"));
            case "instance_norm" -> emit("instance_norm", List.of(in(op, "X"), in(op, "Scale"), in(op, "Bias")),
                    List.of(op.output("Y"), outOrFresh(op, "SavedMean"), outOrFresh(op, "SavedVariance")), attrs(op, "epsilon"));
            case "group_norm" -> emit("group_norm", List.of(in(op, "X"), in(op, "Scale"), in(op, "Bias")),
                    List.of(op.output("Y"), outOrFresh(op, "Mean"), outOrFresh(op, "Variance")),
                    attrs(op, "epsilon", "groups", "data_layout>data_format"));
            case "pad3d" -> emit("pad3d", List.of(in(op, "X"), op.input("Paddings") != null ? in(op, "Paddings") : fullIntArray(ints(op, "paddings"))),
                    List.of(out), attrs(op, "mode", "value>pad_value", "data_format"));
            case "split" -> split(op);
            case "flip" -> emit("flip", List.of(in(op, "X")), List.of(out), attrs(op, "axis"));
            case "prelu" -> emit("prelu", List.of(in(op, "X"), in(op, "Alpha")), List.of(out), attrs(op, "data_format", "mode"));
            // inference dropout (upscale_in_train) passes X through
            case "dropout" -> emit("assign", List.of(in(op, "X")), List.of(out), Map.of());
            case "increment" -> emit("increment", List.of(in(op, "X")), List.of(out), Map.of("value", PirAttribute.f32(op.attr("step").getF())));
            case "range" -> {
                VarDecl d = c.varDecl(out);
                Map<String, PirAttribute> a = new LinkedHashMap<>();
                a.put("dtype", PirAttribute.dtype(d == null ? DataType.INT64 : d.dtype()));
                a.put("place", PirAttribute.place(1, 0, ""));
                emit("arange", List.of(in(op, "Start"), in(op, "End"), in(op, "Step")), List.of(out), a);
            }
            case "cumsum" -> emit("cumsum", List.of(in(op, "X"), op.attr("axis").getType() == dev.modelx.format.paddle.proto.PaddleProtos.AttrType.VAR
                    ? operand(op.attr("axis").getVarName()) : full(op.attr("axis").getI(), DataType.INT32, 1)), List.of(out),
                    attrs(op, "flatten", "exclusive", "reverse"));
            case "slice" -> {
                // starts/ends are IntArray operands: a full_int_array, or the tensor that computes them
                Map<String, PirAttribute> a = new LinkedHashMap<>();
                a.put("axes", i64s(ints(op, "axes")));
                a.put("infer_flags", i64s(ints(op, "infer_flags")));
                a.put("decrease_axis", i64s(ints(op, "decrease_axis")));
                long starts = op.input("StartsTensor") != null ? in(op, "StartsTensor") : fullIntArray(ints(op, "starts"));
                long ends = op.input("EndsTensor") != null ? in(op, "EndsTensor") : fullIntArray(ints(op, "ends"));
                emit("slice", List.of(in(op, "Input"), starts, ends), List.of(out), a);
            }
            case "reduce_sum", "reduce_mean", "reduce_max", "reduce_min" -> emit(t.substring(7), List.of(in(op, "X"), reduceAxes(op)),
                    List.of(out), attrs(op, "keep_dim>keepdim"));
            case "reduce_prod" -> emit("prod", List.of(in(op, "X"), reduceAxes(op)), List.of(out), attrs(op, "keep_dim", "reduce_all"));
            case "expand_v2" -> emit("expand", List.of(in(op, "X"), op.input("Shape") != null ? in(op, "Shape") : fullIntArray(ints(op, "shape"))),
                    List.of(out), Map.of());
            case "tile" -> emit("tile", List.of(in(op, "X"), op.input("RepeatTimes") != null ? in(op, "RepeatTimes")
                    : fullIntArray(ints(op, "repeat_times"))), List.of(out), Map.of());
            case "where" -> emit("where", List.of(in(op, "Condition"), in(op, "X"), in(op, "Y")), List.of(out), Map.of());
            case "clip" -> emit("clip", List.of(in(op, "X"), op.input("Min") != null ? in(op, "Min") : full(op.attr("min").getF(), DataType.FLOAT, 1),
                    op.input("Max") != null ? in(op, "Max") : full(op.attr("max").getF(), DataType.FLOAT, 1)), List.of(out), Map.of());
            case "arg_max", "arg_min" -> emit(t.replace("_", ""), List.of(in(op, "X"), full(op.attr("axis").getL(), DataType.INT64, 1)),
                    List.of(out), Map.of("keepdims", PirAttribute.bool(op.attr("keepdims").getB()), "flatten", PirAttribute.bool(false),
                            "dtype", PirAttribute.dtype(DataType.INT64)));
            default -> unsupported(t);
        }
    }

    /** The op's output in {@code slot}, or a name for a result Paddle computes but the program never reads. */
    private static String outOrFresh(PaddleOp op, String slot) {
        String v = op.output(slot);
        return v != null ? v : op.output(op.outputs().containsKey("Y") ? "Y" : "Out") + "@" + slot;
    }

    /** A reduction's IntArray axis operand: the axes variable of a VAR dim (read at run time), else a full_int_array. */
    private long reduceAxes(PaddleOp op) {
        OpDesc.Attr dim = op.attr("dim");
        if (dim.getType() == dev.modelx.format.paddle.proto.PaddleProtos.AttrType.VAR) {
            return operand(dim.getVarName());
        }
        return fullIntArray(op.attr("reduce_all").getB() ? new long[0] : ints(op, "dim"));
    }

    /**
     * split with sections: pd_op.split(x, sections, axis); with num: pd_op.split_with_num(x, axis) {num}. Both give
     * one vector value, which builtin.split takes apart into the outputs.
     */
    private void split(PaddleOp op) {
        long x = in(op, "X"), axis = full(op.attr("axis").getI(), DataType.INT32, 1);
        long[] sections = ints(op, "sections");
        List<String> sectionTensors = op.inputs().getOrDefault("SectionsTensorList", List.of());
        long sectionsOperand = !sectionTensors.isEmpty() ? combine(sectionTensors) : sections.length > 0 ? fullIntArray(sections) : 0;
        List<String> outs = op.outputs().get("Out");
        com.fasterxml.jackson.databind.node.ArrayNode elems = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        List<PirValue> parts = new ArrayList<>();
        PirValue vec = new PirValue(next++, new PirType("0.t_vec", elems));
        for (String o : outs) {
            VarDecl d = c.varDecl(o);
            PirType t = PirType.denseTensor(d == null ? DataType.FLOAT : d.dtype(), d == null ? new long[0] : d.dims());
            elems.add(t.toJson());
        }
        for (String o : outs) {
            parts.add(result(o));
        }
        Map<String, PirAttribute> sg = Map.of("stop_gradient", PirAttribute.array(outs.stream().map(o -> PirAttribute.bool(false)).toList()));
        if (sectionsOperand != 0) {
            ops.add(new PirOp("pd_op.split", List.of(x, sectionsOperand, axis), List.of(vec), Map.of(), sg, List.of(), null, null));
        } else {
            ops.add(new PirOp("pd_op.split_with_num", List.of(x, axis), List.of(vec), Map.of("num", PirAttribute.i32(op.attr("num").getI())),
                    sg, List.of(), null, null));
        }
        ops.add(new PirOp("builtin.split", List.of(vec.id()), parts, Map.of(), Map.of(), List.of(), null, null));
    }

    /** PIR binary ops broadcast numpy-style: a legacy axis other than -1 becomes an unsqueeze of Y. */
    private void binary(PaddleOp op, String name) {
        long y = in(op, "Y");
        OpDesc.Attr axisAttr = op.attr("axis");
        long axis = axisAttr == null ? -1 : axisAttr.getI();
        VarDecl xd = c.varDecl(op.input("X")), yd = c.varDecl(op.input("Y"));
        if (axis != -1 && xd != null && yd != null) {
            int trailing = (int) (xd.dims().length - axis - yd.dims().length);
            if (trailing > 0) {
                long[] axes = new long[trailing];
                for (int i = 0; i < trailing; i++) {
                    axes[i] = yd.dims().length + i;
                }
                long[] ud = java.util.Arrays.copyOf(yd.dims(), yd.dims().length + trailing);
                java.util.Arrays.fill(ud, yd.dims().length, ud.length, 1);
                PirValue r = fresh(yd.dtype(), ud);
                ops.add(new PirOp("pd_op.unsqueeze", List.of(y, fullIntArray(axes)), List.of(r), Map.of(), Map.of(), List.of(), null, null));
                y = r.id();
            }
        }
        emit(name, List.of(in(op, "X"), y), List.of(op.output("Out")), Map.of());
    }

    /** mul(X, Y, x_num_col_dims k) = matmul(flatten(X, 0..k-1 and k..), Y). */
    private void mul(PaddleOp op) {
        long k = op.attr("x_num_col_dims").getI();
        VarDecl xd = c.varDecl(op.input("X"));
        long x = in(op, "X");
        if (xd != null && xd.dims().length > 2) {
            PirValue r = fresh(xd.dtype(), -1, -1);
            Map<String, PirAttribute> a = new LinkedHashMap<>();
            a.put("start_axis", PirAttribute.i32((int) k));
            a.put("stop_axis", PirAttribute.i32(-1));
            ops.add(new PirOp("pd_op.flatten", List.of(x), List.of(r), a, Map.of(), List.of(), null, null));
            x = r.id();
            if (k != 1) {
                unsupported("mul (x_num_col_dims " + k + ")");
            }
        }
        Map<String, PirAttribute> a = new LinkedHashMap<>();
        a.put("transpose_x", PirAttribute.bool(false));
        a.put("transpose_y", PirAttribute.bool(false));
        emit("matmul", List.of(x, in(op, "Y")), List.of(op.output("Out")), a);
    }
}
