package dev.modelx.passes.opset;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.passes.opset.OpSchemas.Formal;
import dev.modelx.passes.opset.OpSchemas.OpSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Element types at the target op set. When the target version of an op does not accept a type its inputs
 * carry (int8 Add at op set 7, bfloat16 Relu before 14, ...), the node computes in a wider type that it
 * accepts: Casts convert the inputs bound to that type variable, and Casts back restore the outputs bound to
 * it. Only widenings that give the same results are used: exact integer and float widenings for arithmetic,
 * integer-to-float ones only for ops that just compare or move values.
 */
final class TypeFit {

    /** Ops whose meaning depends on the exact types: never computed in another type. */
    private static final Set<String> NO_CAST = Set.of("Cast", "CastLike", "QuantizeLinear", "DequantizeLinear",
            "DynamicQuantizeLinear", "ConstantOfShape", "EyeLike", "RandomNormal", "RandomUniform", "RandomNormalLike",
            "RandomUniformLike", "Bernoulli", "Multinomial", "MatMulInteger", "ConvInteger", "QLinearConv", "QLinearMatMul",
            "BitShift", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "BitwiseNot", "Constant", "If", "Loop", "Scan",
            "SequenceMap", "BitCast", "StringNormalizer", "StringConcat", "StringSplit", "RegexFullMatch", "ImageDecoder",
            "TfIdfVectorizer", "Optional", "OptionalGetElement", "OptionalHasElement", "SequenceAt", "SequenceConstruct",
            "SequenceEmpty", "SequenceErase", "SequenceInsert", "SequenceLength", "SplitToSequence", "ConcatFromSequence",
            "Mod", "IsNaN", "IsInf");

    /** Ops that only move values, never compute with them: any exact representation will do. */
    private static final Set<String> MOVE = Set.of("Identity", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose",
            "Concat", "Split", "Slice", "Gather", "GatherElements", "GatherND", "Expand", "Tile", "Pad", "DepthToSpace",
            "SpaceToDepth", "ReverseSequence", "Compress", "Where", "Scatter", "ScatterElements", "ScatterND", "Shape",
            "Size", "Trilu", "CenterCropPad", "TensorScatter", "Col2Im", "Dropout");

    /** Ops that only compare values (or select by comparison): integer-to-float widening is exact there. */
    private static final Set<String> ORDER = Set.of("Max", "Min", "Clip", "Relu", "ArgMax", "ArgMin", "TopK", "ReduceMax",
            "ReduceMin", "MaxPool", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Abs", "Neg", "Sign",
            "Unique", "GlobalMaxPool", "MaxRoiPool", "LeakyRelu", "PRelu");

    private TypeFit() {
    }

    /**
     * Makes {@code n} accept its input types at {@code s}, adding Casts to {@code pre} and {@code post}; returns
     * why it cannot, or null.
     */
    static String fit(Engine engine, GraphScope scope, Node n, OpSchema s, List<Node> pre, List<Node> post) {
        if (s == null) {
            return null;
        }
        Map<String, DataType> bad = new LinkedHashMap<>();
        Map<String, List<Integer>> inputsOf = new LinkedHashMap<>();
        for (int i = 0; i < n.inputs().size(); i++) {
            String in = n.input(i);
            if (in.isEmpty()) {
                continue;
            }
            Formal f = s.input(i);
            if (f == null) {
                return s + " takes at most " + s.inputs().size() + " inputs, the node has " + n.inputs().size();
            }
            if (f.heterogeneous()) {
                continue;
            }
            String key = s.isTypeVariable(f) ? f.type() : "#" + i;
            inputsOf.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            DataType t = engine.type(scope, in);
            if (t != null && !s.allows(f, t) && !bad.containsKey(key)) {
                bad.put(key, t);
            }
        }
        for (Map.Entry<String, DataType> e : bad.entrySet()) {
            String var = e.getKey();
            DataType x = e.getValue();
            int firstInput = inputsOf.get(var).get(0);
            Formal f = s.input(firstInput);
            String what = s + " at op set " + engine.target + " does not accept " + x.displayName() + " for input '" + f.name() + "'";
            if (NO_CAST.contains(n.opType())) {
                return what;
            }
            List<Integer> outs = new ArrayList<>();
            if (!var.startsWith("#")) {
                for (int j = 0; j < n.outputs().size(); j++) {
                    Formal of = s.output(j);
                    if (of != null && of.type().equals(var) && !n.output(j).isEmpty()) {
                        outs.add(j);
                    }
                }
            }
            DataType y = null;
            for (DataType c : candidates(x, n.opType())) {
                boolean ok = castable(engine.target, x, c) && (outs.isEmpty() || castable(engine.target, c, x));
                for (int i : inputsOf.get(var)) {
                    ok &= s.allows(s.input(i), c);
                }
                for (int j : outs) {
                    ok &= s.allows(s.output(j), c);
                }
                if (ok) {
                    y = c;
                    break;
                }
            }
            if (y == null) {
                return what + ", and no wider type it accepts gives the same results";
            }
            for (int i : inputsOf.get(var)) {
                String in = n.input(i);
                String c = engine.fresh(in + "_as_" + y.displayName());
                pre.add(cast(engine, in, c, y));
                n.inputs().set(i, c);
                scope.setType(c, y);
                scope.setShape(c, engine.shape(scope, in));
            }
            for (int j : outs) {
                String o = n.output(j);
                String t = engine.fresh(o + "_" + y.displayName());
                n.outputs().set(j, t);
                scope.setType(t, y);
                post.add(cast(engine, t, o, x));
                scope.setType(o, x);
            }
            engine.note(n, "computes in " + y.displayName() + " (" + x.displayName() + " is not accepted at op set "
                    + engine.target + ")");
        }
        // Outputs whose type no input decides (Cast's 'to', ConstantOfShape's value, ...).
        for (int j = 0; j < n.outputs().size(); j++) {
            Formal f = s.output(j);
            if (f == null || n.output(j).isEmpty() || f.heterogeneous() || boundByInput(s, f)) {
                continue;
            }
            DataType t = outputType(engine, scope, n, s, j);
            if (t != null && !s.allows(f, t)) {
                return s + " at op set " + engine.target + " cannot produce " + t.displayName() + " for output '" + f.name() + "'";
            }
        }
        return null;
    }

    private static boolean boundByInput(OpSchema s, Formal out) {
        if (!s.isTypeVariable(out)) {
            return false;
        }
        for (Formal in : s.inputs()) {
            if (in.type().equals(out.type())) {
                return true;
            }
        }
        return false;
    }

    static Node cast(Engine engine, String in, String out, DataType to) {
        return new Node("", "Cast", "").inputs(in).outputs(out).attr("to", (long) to.code());
    }

    /** True when Cast at {@code opset} converts {@code from} to {@code to}. */
    static boolean castable(int opset, DataType from, DataType to) {
        OpSchema c = OpSchemas.at("Cast", opset);
        return c != null && c.allows(c.input(0), from) && c.allows(c.output(0), to);
    }

    /** Wider types that hold every value of {@code x} exactly, best first, as far as {@code op} allows. */
    static List<DataType> candidates(DataType x, String op) {
        boolean move = MOVE.contains(op);
        boolean order = move || ORDER.contains(op);
        List<DataType> out = new ArrayList<>();
        switch (x) {
            case INT8 -> out.addAll(List.of(DataType.INT16, DataType.INT32, DataType.INT64));
            case UINT8 -> out.addAll(List.of(DataType.UINT16, DataType.INT16, DataType.UINT32, DataType.INT32, DataType.UINT64,
                    DataType.INT64));
            case INT16 -> out.addAll(List.of(DataType.INT32, DataType.INT64));
            case UINT16 -> out.addAll(List.of(DataType.UINT32, DataType.INT32, DataType.UINT64, DataType.INT64));
            case INT32 -> out.add(DataType.INT64);
            case UINT32 -> out.addAll(List.of(DataType.UINT64, DataType.INT64));
            case FLOAT16, BFLOAT16 -> out.addAll(List.of(DataType.FLOAT, DataType.DOUBLE));
            case FLOAT -> out.add(DataType.DOUBLE);
            case FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0, FLOAT4E2M1, INT4, UINT4, INT2, UINT2 ->
                    out.addAll(List.of(DataType.FLOAT, DataType.DOUBLE));
            default -> { }
        }
        if (order) {
            switch (x) {
                case INT8, UINT8, INT16, UINT16 -> out.addAll(List.of(DataType.FLOAT, DataType.DOUBLE));
                case INT32, UINT32 -> out.add(DataType.DOUBLE);
                case BOOL -> out.addAll(List.of(DataType.UINT8, DataType.INT32, DataType.INT64, DataType.FLOAT));
                default -> { }
            }
        }
        if (move && x == DataType.UINT64) {
            out.add(DataType.INT64);
        }
        return out;
    }

    /** The element type of output {@code j} of {@code n} at version {@code s}, or null when unknown. */
    static DataType outputType(Engine engine, GraphScope scope, Node n, OpSchema s, int j) {
        switch (n.opType()) {
            case "Cast" -> {
                Attribute to = n.attribute("to");
                return to != null && to.kind() == dev.modelx.graph.AttributeKind.INT ? DataType.fromCode(to.asInt()) : null;
            }
            case "CastLike" -> {
                return engine.type(scope, n.input(1));
            }
            case "Constant" -> {
                Tensor t = Engine.constantValue(n);
                return t == null ? null : t.type();
            }
            case "ConstantOfShape" -> {
                Attribute v = n.attribute("value");
                return v == null ? DataType.FLOAT : v.asTensor().type();
            }
            case "EyeLike", "RandomNormalLike", "RandomUniformLike", "Bernoulli" -> {
                Attribute d = n.attribute("dtype");
                return d != null ? DataType.fromCode(d.asInt()) : engine.type(scope, n.input(0));
            }
            case "RandomNormal", "RandomUniform" -> {
                return DataType.fromCode((int) n.attrLong("dtype", DataType.FLOAT.code()));
            }
            case "Multinomial" -> {
                return DataType.fromCode((int) n.attrLong("dtype", DataType.INT32.code()));
            }
            case "QuantizeLinear" -> {
                if (j != 0) {
                    return null;
                }
                long od = n.attrLong("output_dtype", 0);
                if (od != 0) {
                    return DataType.fromCode((int) od);
                }
                DataType zp = engine.type(scope, n.input(2));
                return zp != null ? zp : DataType.UINT8;
            }
            case "DequantizeLinear" -> {
                long od = n.attrLong("output_dtype", 0);
                return od != 0 ? DataType.fromCode((int) od) : engine.type(scope, n.input(1));
            }
            case "DynamicQuantizeLinear" -> {
                return j == 1 ? DataType.FLOAT : DataType.UINT8;
            }
            default -> { }
        }
        if (s == null) {
            return null;
        }
        Formal f = s.output(j);
        if (f == null || f.heterogeneous()) {
            return null;
        }
        if (s.isTypeVariable(f)) {
            for (int i = 0; i < n.inputs().size(); i++) {
                Formal in = s.input(i);
                if (in != null && in.type().equals(f.type()) && !n.input(i).isEmpty()) {
                    DataType t = engine.type(scope, n.input(i));
                    if (t != null) {
                        return t;
                    }
                }
            }
        }
        List<String> allowed = s.allowedTypes(f);
        if (allowed.size() == 1) {
            try {
                return DataType.fromName(allowed.get(0));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
