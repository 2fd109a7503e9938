package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/** Band masks, linspace, fake quantisation, L2 loss and bucketing. */
final class MathOps {

    private MathOps() {
    }

    static void register(OpRegistry r) {
        r.register(MathOps::matrixBandPart, "MatrixBandPart");
        r.register(MathOps::linSpace, "LinSpace");
        r.register(MathOps::fakeQuantVars, "FakeQuantWithMinMaxVars");
        r.register((n, s) -> fakeQuant(n, s, n.f("min", -6f), n.f("max", 6f)), "FakeQuantWithMinMaxArgs");
        r.register(MathOps::l2Loss, "L2Loss");
        r.register(MathOps::bucketize, "Bucketize");
    }

    /** Keeps x[..., i, j] where (lower < 0 or i - j <= lower) and (upper < 0 or j - i <= upper), zero elsewhere. */
    private static void matrixBandPart(TfNode n, Scope s) {
        String x = s.in(n, 0);
        String shape = BasicOps.shapeOf(s, x, DataType.INT64);
        String rows = s.op("Squeeze", s.op("Slice", shape, s.constLongs("from", -2), s.constLongs("to", -1)), s.constLongs("axes", 0));
        String cols = s.op("Squeeze", s.op("Slice", shape, s.constLongs("from", -1), s.constLongs("to", Long.MAX_VALUE)),
                s.constLongs("axes", 0));
        String zero = s.scalarLong("zero", 0);
        String one = s.scalarLong("one", 1);
        String i = s.op("Unsqueeze", s.op("Range", zero, rows, one), s.constLongs("axes", 1));
        String j = s.op("Unsqueeze", s.op("Range", zero, cols, one), s.constLongs("axes", 0));
        String lower = s.cast(s.in(n, 1), DataType.INT64);
        String upper = s.cast(s.in(n, 2), DataType.INT64);
        String inLower = s.op("Or", s.op("Less", lower, zero), s.op("LessOrEqual", s.op("Sub", i, j), lower));
        String inUpper = s.op("Or", s.op("Less", upper, zero), s.op("LessOrEqual", s.op("Sub", j, i), upper));
        String zeroT = s.constant(Consts.scalar(n.requireType("T"), 0), "zero_value");
        s.out(n, 0, s.op("Where", s.op("And", inLower, inUpper), x, zeroT));
    }

    /** start + k * (stop - start) / (num - 1) for k in [0, num), the last value exactly stop as in TF. */
    private static void linSpace(TfNode n, Scope s) {
        DataType t = n.requireType("T");
        String start = s.in(n, 0);
        String stop = s.in(n, 1);
        String num = s.cast(s.in(n, 2), DataType.INT64);
        String k = s.cast(s.op("Range", s.scalarLong("zero", 0), num, s.scalarLong("one", 1)), t);
        String steps = s.cast(s.op("Max", s.op("Sub", num, s.scalarLong("one", 1)), s.scalarLong("one", 1)), t);
        String step = s.op("Div", s.op("Sub", stop, start), steps);
        String values = s.op("Add", start, s.op("Mul", k, step));
        String last = s.op("Equal", s.cast(s.op("Range", s.scalarLong("zero", 0), num, s.scalarLong("one", 1)), DataType.INT64),
                s.op("Sub", num, s.scalarLong("one", 1)));
        String notFirst = s.op("Greater", num, s.scalarLong("one", 1));
        s.out(n, 0, s.op("Where", s.op("And", last, notFirst), stop, values));
    }

    private static void fakeQuantVars(TfNode n, Scope s) {
        Tensor min = s.requireConstant(n, 1, "min");
        Tensor max = s.requireConstant(n, 2, "max");
        if (min.size() != 1 || max.size() != 1) {
            throw new TfImportException(n.describe() + ": min and max must be scalars");
        }
        fakeQuant(n, s, (float) min.getDouble(0), (float) max.getDouble(0));
    }

    /**
     * TF's nudged fake quantisation: the range is shifted so zero is exactly representable, x is clamped to
     * it and rounded (floor(v + 0.5)) to one of 2^bits (- 1 with narrow_range) levels.
     */
    private static void fakeQuant(TfNode n, Scope s, float min, float max) {
        long bits = n.i("num_bits", 8);
        boolean narrow = n.b("narrow_range", false);
        float quantMin = narrow ? 1 : 0;
        float quantMax = (1L << bits) - 1;
        float scale = (max - min) / (quantMax - quantMin);
        float zeroFromMin = quantMin - min / scale;
        float nudgedZero = zeroFromMin < quantMin ? quantMin : zeroFromMin > quantMax ? quantMax : Math.round(zeroFromMin);
        float nudgedMin = (quantMin - nudgedZero) * scale;
        float nudgedMax = (quantMax - nudgedZero) * scale;
        String lo = s.constant(Tensor.ofFloats(new long[0], nudgedMin), "nudged_min");
        String clamped = s.op("Clip", s.in(n, 0), lo, s.constant(Tensor.ofFloats(new long[0], nudgedMax), "nudged_max"));
        String sc = s.constant(Tensor.ofFloats(new long[0], scale), "scale");
        String levels = s.op("Floor", s.op("Add", s.op("Div", s.op("Sub", clamped, lo), sc),
                s.constant(Tensor.ofFloats(new long[0], 0.5f), "half")));
        s.out(n, 0, s.op("Add", s.op("Mul", levels, sc), lo));
    }

    /** sum(x^2) / 2 over all elements. */
    private static void l2Loss(TfNode n, Scope s) {
        String x = s.in(n, 0);
        String sum = s.add(s.node("ReduceSum", s.op("Mul", x, x)).attr("keepdims", 0L)).output(0);
        s.out(n, 0, s.op("Div", sum, s.constant(Consts.scalar(n.requireType("T"), 2), "two")));
    }

    /** The bucket of x is the number of (sorted) boundaries b with b <= x. */
    private static void bucketize(TfNode n, Scope s) {
        var list = n.attr("boundaries").getList().getFList();
        float[] b = new float[list.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = list.get(i);
        }
        // TF compares each value with the float boundaries in the wider of the two types
        DataType t = n.requireType("T") == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
        String x = s.cast(s.in(n, 0), t);
        if (b.length == 0) {
            s.out(n, 0, s.op("Expand", s.constant(Consts.scalar(DataType.INT32, 0), "zero"), BasicOps.shapeOf(s, s.in(n, 0), DataType.INT64)));
            return;
        }
        Tensor bt = Tensor.ofFloats(new long[]{b.length}, b);
        if (t == DataType.DOUBLE) {
            double[] d = new double[b.length];
            for (int i = 0; i < b.length; i++) {
                d[i] = b[i];
            }
            bt = Tensor.ofDoubles(new long[]{b.length}, d);
        }
        String ge = s.cast(s.op("GreaterOrEqual", s.op("Unsqueeze", x, s.constLongs("axes", -1)), s.constant(bt, "boundaries")),
                DataType.INT32);
        String count = s.add(s.node("ReduceSum", ge, s.constLongs("axes", -1)).attr("keepdims", 0L)).output(0);
        s.setType(count, DataType.INT32);
        s.out(n, 0, count);
    }
}
