package dev.modelx.passes.opset;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Output shapes of common ops from their input shapes and constant inputs, as far as they follow without
 * running anything: the rank always where the op fixes it, dimensions where they are plain (elementwise,
 * broadcasting, transposes, reshapes by constants, ...). Unknown dimensions stay unknown. Adapters need ranks
 * (Softmax axes, negative axes) and sometimes sizes of values no declaration covers.
 */
final class ShapeRules {

    private static final Set<String> SAME = Set.of("Abs", "Neg", "Relu", "Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Cast",
            "CastLike", "Softmax", "LogSoftmax", "Hardmax", "Identity", "Not", "Sign", "Erf", "Elu", "Selu", "LeakyRelu",
            "HardSigmoid", "HardSwish", "Gelu", "Mish", "Softplus", "Softsign", "Ceil", "Floor", "Round", "Reciprocal",
            "IsNaN", "IsInf", "Clip", "LayerNormalization", "BatchNormalization", "InstanceNormalization", "LpNormalization",
            "GroupNormalization", "RMSNormalization", "Celu", "Shrink", "ThresholdedRelu", "Trilu", "CumSum", "CumProd",
            "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh", "BitwiseNot",
            "QuantizeLinear", "DequantizeLinear", "Dropout", "MeanVarianceNormalization", "Swish", "LRN", "ReverseSequence",
            "ScatterElements", "ScatterND", "Scatter", "TensorScatter", "Bernoulli", "RandomNormalLike", "RandomUniformLike",
            "EyeLike", "Binarizer", "BitCast");
    private static final Set<String> BROADCAST = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Mod", "And", "Or", "Xor", "Equal",
            "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Max", "Min", "Sum", "Mean", "Where", "BitShift", "BitwiseAnd",
            "BitwiseOr", "BitwiseXor", "PRelu");
    private static final Set<String> SAME_RANK = Set.of("Conv", "ConvTranspose", "ConvInteger", "QLinearConv", "MaxPool",
            "AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool", "Pad", "Resize", "Upsample", "TopK",
            "DepthToSpace", "SpaceToDepth", "Tile", "MaxUnpool", "GridSample", "DeformConv", "RoiAlign", "CenterCropPad",
            "Col2Im");

    private ShapeRules() {
    }

    /** The output shapes of {@code n} (null entries where unknown). */
    static List<Shape> infer(Node n, Function<String, Shape> shapeOf, Function<String, Tensor> constOf) {
        List<Shape> out = new ArrayList<>();
        for (int j = 0; j < n.outputs().size(); j++) {
            Shape s = null;
            try {
                s = one(n, j, shapeOf, constOf);
            } catch (RuntimeException e) {
                // A rule that does not fit the node's inputs just knows nothing.
            }
            out.add(s);
        }
        return out;
    }

    private static Shape one(Node n, int j, Function<String, Shape> shapeOf, Function<String, Tensor> constOf) {
        String op = n.opType();
        Shape x = shapeOf.apply(n.input(0));
        if (j == 0 && SAME.contains(op)) {
            return x;
        }
        if (j == 0 && BROADCAST.contains(op)) {
            Shape r = null;
            for (String in : n.inputs()) {
                if (in.isEmpty()) {
                    continue;
                }
                Shape s = shapeOf.apply(in);
                if (s == null) {
                    return null;
                }
                r = r == null ? s : broadcast(r, s);
            }
            return r;
        }
        if (j == 0 && SAME_RANK.contains(op)) {
            return x == null ? null : unknown(x.rank());
        }
        switch (op) {
            case "Shape" -> {
                if (x == null) {
                    return null;
                }
                long r = x.rank();
                long start = n.attrLong("start", 0);
                long end = n.attrLong("end", r);
                start = Math.max(0, Math.min(r, start < 0 ? start + r : start));
                end = Math.max(0, Math.min(r, end < 0 ? end + r : end));
                return Shape.of(new long[]{Math.max(0, end - start)});
            }
            case "Size" -> {
                return Shape.of(new long[0]);
            }
            case "Transpose" -> {
                if (x == null) {
                    return null;
                }
                long[] perm = n.attrLongs("perm", null);
                List<Dim> d = new ArrayList<>();
                for (int i = 0; i < x.rank(); i++) {
                    d.add(x.dim(perm == null ? x.rank() - 1 - i : (int) perm[i]));
                }
                return new Shape(d);
            }
            case "Reshape" -> {
                Tensor t = constOf.apply(n.input(1));
                Shape ss = shapeOf.apply(n.input(1));
                if (t == null) {
                    return ss != null && ss.rank() == 1 && ss.dim(0).isStatic() ? unknown((int) ss.dim(0).value()) : null;
                }
                long[] target = t.toLongArray();
                boolean allowZero = n.attrLong("allowzero", 0) != 0;
                List<Dim> d = new ArrayList<>();
                long known = 1;
                int infer = -1;
                for (int i = 0; i < target.length; i++) {
                    long v = target[i];
                    if (v == 0 && !allowZero) {
                        Dim c = x != null && i < x.rank() ? x.dim(i) : Dim.unknown();
                        d.add(c);
                        known = c.isStatic() && known >= 0 ? known * c.value() : -1;
                    } else if (v == -1) {
                        infer = i;
                        d.add(Dim.unknown());
                    } else {
                        d.add(Dim.of(v));
                        known = known >= 0 ? known * v : -1;
                    }
                }
                if (infer >= 0 && x != null && x.isStatic() && known > 0) {
                    d.set(infer, Dim.of(Tensor.elementCount(x.toArray()) / known));
                }
                return new Shape(d);
            }
            case "Flatten" -> {
                if (x == null) {
                    return unknown(2);
                }
                long axis = n.attrLong("axis", 1);
                if (axis < 0) {
                    axis += x.rank();
                }
                return new Shape(List.of(dim(product(x, 0, (int) axis)), dim(product(x, (int) axis, x.rank()))));
            }
            case "Squeeze", "Unsqueeze" -> {
                if (x == null) {
                    return null;
                }
                long[] axes = axes(n, 1, constOf);
                boolean unsq = op.equals("Unsqueeze");
                if (axes == null) {
                    if (unsq) {
                        return null;
                    }
                    if (!x.isStatic()) {
                        return null;
                    }
                    List<Dim> d = new ArrayList<>();
                    for (Dim dim : x.dims()) {
                        if (dim.value() != 1) {
                            d.add(dim);
                        }
                    }
                    return new Shape(d);
                }
                int r = unsq ? x.rank() + axes.length : x.rank();
                boolean[] hit = new boolean[r];
                for (long a : axes) {
                    hit[(int) (a < 0 ? a + r : a)] = true;
                }
                List<Dim> d = new ArrayList<>();
                int k = 0;
                for (int i = 0; i < r; i++) {
                    if (unsq) {
                        d.add(hit[i] ? Dim.of(1) : x.dim(k++));
                    } else if (!hit[i]) {
                        d.add(x.dim(i));
                    }
                }
                return new Shape(d);
            }
            case "Concat" -> {
                if (x == null) {
                    return null;
                }
                long axis = n.attrLong("axis", 0);
                int a = (int) (axis < 0 ? axis + x.rank() : axis);
                List<Dim> d = new ArrayList<>(x.dims());
                long total = 0;
                for (String in : n.inputs()) {
                    Shape s = shapeOf.apply(in);
                    if (s == null || !s.dim(a).isStatic()) {
                        total = -1;
                        break;
                    }
                    total += s.dim(a).value();
                }
                d.set(a, total < 0 ? Dim.unknown() : Dim.of(total));
                return new Shape(d);
            }
            case "Gather" -> {
                Shape idx = shapeOf.apply(n.input(1));
                if (x == null || idx == null) {
                    return null;
                }
                long axis = n.attrLong("axis", 0);
                int a = (int) (axis < 0 ? axis + x.rank() : axis);
                List<Dim> d = new ArrayList<>(x.dims().subList(0, a));
                d.addAll(idx.dims());
                d.addAll(x.dims().subList(a + 1, x.rank()));
                return new Shape(d);
            }
            case "GatherElements" -> {
                return shapeOf.apply(n.input(1));
            }
            case "Expand" -> {
                Tensor t = constOf.apply(n.input(1));
                if (t == null || x == null) {
                    Shape ss = shapeOf.apply(n.input(1));
                    return ss != null && x != null && ss.dim(0).isStatic() ? unknown((int) Math.max(x.rank(), ss.dim(0).value()))
                            : null;
                }
                return broadcast(x, Shape.of(t.toLongArray()));
            }
            case "ConstantOfShape" -> {
                Tensor t = constOf.apply(n.input(0));
                if (t != null) {
                    return Shape.of(t.toLongArray());
                }
                return x != null && x.rank() == 1 && x.dim(0).isStatic() ? unknown((int) x.dim(0).value()) : null;
            }
            case "Constant" -> {
                Tensor t = Engine.constantValue(n);
                return t == null ? null : Shape.of(t.shape());
            }
            case "MatMul", "MatMulInteger", "QLinearMatMul" -> {
                Shape a = x;
                Shape b = shapeOf.apply(n.input(op.equals("QLinearMatMul") ? 3 : 1));
                if (a == null || b == null) {
                    return null;
                }
                if (a.rank() == 1 || b.rank() == 1) {
                    return unknown(Math.max(a.rank(), b.rank()) - 1);
                }
                Shape batch = broadcast(new Shape(a.dims().subList(0, a.rank() - 2)), new Shape(b.dims().subList(0, b.rank() - 2)));
                List<Dim> d = new ArrayList<>(batch.dims());
                d.add(a.dim(a.rank() - 2));
                d.add(b.dim(b.rank() - 1));
                return new Shape(d);
            }
            case "Gemm" -> {
                return unknown(2);
            }
            case "Slice" -> {
                return x == null ? null : unknown(x.rank());
            }
            case "Split" -> {
                return x == null ? null : unknown(x.rank());
            }
            case "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceMax", "ReduceMean", "ReduceMin",
                 "ReduceProd", "ReduceSum", "ReduceSumSquare", "ArgMax", "ArgMin" -> {
                if (x == null) {
                    return null;
                }
                boolean keep = n.attrLong("keepdims", 1) != 0;
                long[] axes;
                if (op.startsWith("Arg")) {
                    axes = new long[]{n.attrLong("axis", 0)};
                } else {
                    axes = axes(n, 1, constOf);
                    if (axes == null && n.inputs().size() > 1 && !n.input(1).isEmpty()) {
                        return keep ? unknown(x.rank()) : null;
                    }
                }
                boolean[] hit = new boolean[x.rank()];
                if (axes == null || axes.length == 0) {
                    if (n.attrLong("noop_with_empty_axes", 0) != 0) {
                        return x;
                    }
                    java.util.Arrays.fill(hit, true);
                } else {
                    for (long a : axes) {
                        hit[(int) (a < 0 ? a + x.rank() : a)] = true;
                    }
                }
                List<Dim> d = new ArrayList<>();
                for (int i = 0; i < x.rank(); i++) {
                    if (!hit[i]) {
                        d.add(x.dim(i));
                    } else if (keep) {
                        d.add(Dim.of(1));
                    }
                }
                return new Shape(d);
            }
            case "OneHot" -> {
                return x == null ? null : unknown(x.rank() + 1);
            }
            case "NonZero" -> {
                return x == null ? null : Shape.of(Dim.of(x.rank()), Dim.unknown());
            }
            case "Range" -> {
                return unknown(1);
            }
            default -> {
                return null;
            }
        }
    }

    private static long[] axes(Node n, int input, Function<String, Tensor> constOf) {
        if (n.inputs().size() > input && !n.input(input).isEmpty()) {
            Tensor t = constOf.apply(n.input(input));
            return t == null ? null : t.toLongArray();
        }
        Attribute a = n.attribute("axes");
        return a == null ? null : a.asLongs();
    }

    static Shape unknown(int rank) {
        List<Dim> d = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            d.add(Dim.unknown());
        }
        return new Shape(d);
    }

    private static Dim dim(long v) {
        return v < 0 ? Dim.unknown() : Dim.of(v);
    }

    private static long product(Shape s, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            if (!s.dim(i).isStatic()) {
                return -1;
            }
            p *= s.dim(i).value();
        }
        return p;
    }

    static Shape broadcast(Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        List<Dim> d = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            int ia = i - (r - a.rank());
            int ib = i - (r - b.rank());
            Dim da = ia >= 0 ? a.dim(ia) : Dim.of(1);
            Dim db = ib >= 0 ? b.dim(ib) : Dim.of(1);
            if (da.isStatic() && da.value() == 1) {
                d.add(db);
            } else if (db.isStatic() && db.value() == 1) {
                d.add(da);
            } else if (da.isStatic()) {
                d.add(da);
            } else if (db.isStatic()) {
                d.add(db);
            } else {
                d.add(da.equals(db) ? da : Dim.unknown());
            }
        }
        return new Shape(d);
    }
}
