package dev.modelx.importer.paddle.ops;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.importer.paddle.ConvertContext;
import dev.modelx.importer.paddle.OpRegistry;
import dev.modelx.importer.paddle.SourceOp;
import dev.modelx.importer.paddle.Tensors;

import java.util.ArrayList;
import java.util.List;

/** Ops that create tensors: fill_constant and friends, assign_value, range, linspace. */
public final class TensorOps {

    private TensorOps() {
    }

    public static void register(OpRegistry r) {
        r.add("fill_constant", TensorOps::fillConstant);
        r.add("fill_constant_batch_size_like", (c, op) -> {
            // shape attr with dim output_dim_idx replaced by the input's dim input_dim_idx
            String in = c.in(op, "Input");
            long[] shape = op.ints("shape");
            long outIdx = op.i("output_dim_idx", 0), inIdx = op.i("input_dim_idx", 0);
            String batch = c.op("Gather", c.op1("Shape", in), c.constI64(inIdx)).attr("axis", 0L).output(0);
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < shape.length; i++) {
                parts.add(i == outIdx ? batch : c.constI64(shape[i]));
            }
            String target = c.op("Concat", parts.toArray(String[]::new)).attr("axis", 0L).output(0);
            DataType t = op.dtype("dtype").orElse(DataType.FLOAT);
            c.emit("ConstantOfShape", c.out(op, "Out"), target).attr("value", Tensors.filled(t, new long[] {1}, value(op)));
        });
        r.add("fill_any_like", (c, op) -> like(c, op, op.f("value", 0)));
        r.add("fill_zeros_like", (c, op) -> like(c, op, 0));
        r.add("fill_zeros_like2", (c, op) -> like(c, op, 0));
        r.add("assign_value", TensorOps::assignValue);
        r.add("range", (c, op) -> {
            String s = scalarOf(c, c.in(op, "Start")), e = scalarOf(c, c.in(op, "End")), st = scalarOf(c, c.in(op, "Step"));
            c.emit("Range", c.out(op, "Out"), s, e, st);
        });
        r.add("linspace", (c, op) -> {
            // start + i * (stop - start) / (num - 1), i in [0, num)
            DataType t = op.dtype("dtype").orElse(c.dtype(op.input("Start")));
            String start = c.cast(scalarOf(c, c.in(op, "Start")), DataType.DOUBLE);
            String stop = c.cast(scalarOf(c, c.in(op, "Stop")), DataType.DOUBLE);
            String num = c.cast(scalarOf(c, c.in(op, "Num")), DataType.INT64);
            String idx = c.cast(c.op1("Range", c.scalarI64(0), num, c.scalarI64(1)), DataType.DOUBLE);
            String denom = c.op1("Max", c.cast(c.op1("Sub", num, c.scalarI64(1)), DataType.DOUBLE), c.scalar(DataType.DOUBLE, 1));
            String step = c.op1("Div", c.op1("Sub", stop, start), denom);
            c.emit("Cast", c.out(op, "Out"), c.op1("Add", start, c.op1("Mul", idx, step))).attr("to", (long) t.code());
        });
    }

    private static String scalarOf(ConvertContext c, String v) {
        return c.op1("Reshape", v, c.constant(Tensor.ofLongs(new long[] {0})));
    }

    private static double value(SourceOp op) {
        String s = op.s("str_value", "");
        if (!s.isEmpty()) {
            return switch (s) {
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                case "nan" -> Double.NaN;
                default -> Double.parseDouble(s);
            };
        }
        return op.f("value", 0);
    }

    /** Shape from ShapeTensor, ShapeTensorList or the shape attr; value from ValueTensor or the attrs. */
    private static void fillConstant(ConvertContext c, SourceOp op) {
        DataType t = op.dtype("dtype").orElse(DataType.FLOAT);
        String shape;
        if (op.hasInput("ShapeTensor")) {
            shape = c.cast(c.in(op, "ShapeTensor"), DataType.INT64);
        } else if (op.hasInput("ShapeTensorList")) {
            List<String> parts = new ArrayList<>();
            for (String s : c.ins(op, "ShapeTensorList")) {
                parts.add(c.op1("Reshape", c.cast(s, DataType.INT64), c.constI64(1)));
            }
            shape = c.op("Concat", parts.toArray(String[]::new)).attr("axis", 0L).output(0);
        } else {
            long[] dims = op.ints("shape");
            if (Tensor.elementCount(dims) <= 64) {
                c.emit("Identity", c.out(op, "Out"), c.constant(Tensors.filled(t, dims, value(op))));
                return;
            }
            shape = c.constI64(dims);
        }
        if (op.hasInput("ValueTensor")) {
            c.emit("Expand", c.out(op, "Out"), c.cast(c.in(op, "ValueTensor"), t), shape);
            return;
        }
        c.emit("ConstantOfShape", c.out(op, "Out"), shape).attr("value", Tensors.filled(t, new long[] {1}, value(op)));
    }

    private static void like(ConvertContext c, SourceOp op, double v) {
        DataType t = op.dtype("dtype").orElse(c.dtype(op.input("X")));
        c.emit("ConstantOfShape", c.out(op, "Out"), c.op1("Shape", c.in(op, "X"))).attr("value", Tensors.filled(t, new long[] {1}, v));
    }

    private static void assignValue(ConvertContext c, SourceOp op) {
        long[] shape = op.ints("shape");
        DataType t = op.dtype("dtype").orElse(DataType.FLOAT);
        Tensor value;
        if (t == DataType.FLOAT) {
            double[] d = op.has("fp32_values") && op.floats("fp32_values").length > 0 ? op.floats("fp32_values") : op.floats("values");
            float[] f = new float[d.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) d[i];
            }
            value = Tensor.ofFloats(shape, f);
        } else if (t == DataType.INT32) {
            long[] d = op.ints("int32_values");
            int[] a = new int[d.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = (int) d[i];
            }
            value = Tensor.ofInts(shape, a);
        } else if (t == DataType.INT64) {
            value = Tensor.ofLongs(shape, op.ints("int64_values"));
        } else if (t == DataType.BOOL) {
            long[] d = op.ints("bool_values");
            boolean[] b = new boolean[d.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = d[i] != 0;
            }
            value = Tensor.ofBooleans(shape, b);
        } else if (t == DataType.DOUBLE) {
            value = Tensor.ofDoubles(shape, op.floats("fp64_values"));
        } else {
            throw new IllegalArgumentException("assign_value of " + t.displayName() + " is not supported");
        }
        c.emit("Identity", c.out(op, "Out"), c.constant(value));
    }
}
