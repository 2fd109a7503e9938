package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.PaddleDataTypes;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.Set;

/** Small constants written as ops: fill_constant for a tensor of one repeated value, assign_value otherwise. */
public final class ConstantOps {

    /** Element types assign_value can hold. */
    public static final Set<DataType> INLINE_TYPES = Set.of(DataType.FLOAT, DataType.INT32, DataType.INT64, DataType.BOOL);

    private ConstantOps() {
    }

    public static int dtypeCode(DataType t) {
        return PaddleDataTypes.toVarType(t).getNumber();
    }

    /** assign_value writing {@code t} into {@code name} (declared here). */
    public static PaddleOp assignValue(ExportContext c, String name, Tensor t) {
        if (!INLINE_TYPES.contains(t.type())) {
            throw new IllegalArgumentException("assign_value cannot hold " + t.type().displayName());
        }
        c.declare(name, t.type(), t.shape());
        PaddleOp op = new PaddleOp("assign_value").out("Out", name).ints("shape", t.shape()).i("dtype", dtypeCode(t.type()));
        switch (t.type()) {
            case FLOAT -> op.floats("fp32_values", t.toDoubleArray());
            case INT32 -> op.ints("int32_values", t.toLongArray());
            case INT64 -> op.longs("int64_values", t.toLongArray());
            default -> op.ints("bool_values", t.toLongArray());
        }
        return op;
    }

    /** Whether every element of {@code t} is the same. */
    public static boolean isUniform(Tensor t) {
        if (t.size() == 0) {
            return false;
        }
        double[] d = t.toDoubleArray();
        for (double v : d) {
            if (Double.compare(v, d[0]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** fill_constant writing a tensor of dims {@code shape} filled with {@code v}. */
    public static PaddleOp fillConstant(ExportContext c, String name, DataType t, long[] shape, double v) {
        c.declare(name, t, shape);
        PaddleOp op = new PaddleOp("fill_constant").out("Out", name).i("dtype", dtypeCode(t)).longs("shape", shape)
                .f("value", v);
        if (!t.isFloatingPoint() || v == Math.rint(v) && !Double.isInfinite(v)) {
            op.s("str_value", t.isFloatingPoint() ? Double.toString(v) : Long.toString((long) v));
        } else {
            op.s("str_value", Double.toString(v));
        }
        return op;
    }
}
