package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/** Small constant tensors of a given element type. */
final class Consts {

    private Consts() {
    }

    static Tensor scalar(DataType t, double v) {
        long[] s = new long[0];
        return switch (t) {
            case FLOAT -> Tensor.ofFloats(s, (float) v);
            case DOUBLE -> Tensor.ofDoubles(s, v);
            case INT32, UINT32 -> Tensor.of(t, s, new int[]{(int) v});
            case INT64, UINT64 -> Tensor.of(t, s, new long[]{(long) v});
            case INT8, UINT8 -> Tensor.of(t, s, new byte[]{(byte) v});
            case BOOL -> Tensor.of(t, s, new byte[]{(byte) (v != 0 ? 1 : 0)});
            case INT16, UINT16 -> Tensor.of(t, s, new short[]{(short) v});
            case FLOAT16 -> Tensor.of(t, s, new short[]{dev.modelx.graph.FloatFormats.floatToHalf((float) v)});
            case BFLOAT16 -> Tensor.of(t, s, new short[]{dev.modelx.graph.FloatFormats.floatToBfloat16((float) v)});
            default -> throw new TfImportException("no scalar constant of type " + t.displayName());
        };
    }

    /** The values of an integer tensor as longs. */
    static long[] longs(Tensor t) {
        return t.toLongArray();
    }
}
