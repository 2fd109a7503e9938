package dev.modelx.passes;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.List;

/**
 * Output sizes of the ops that make big tensors from small inputs, computed from the inputs before running,
 * so that folding never even allocates a tensor it would refuse to keep.
 */
final class FoldLimits {

    /** Returned when the size cannot be told before running. */
    static final long UNKNOWN = -1;

    private FoldLimits() {
    }

    /** Estimated bytes of the node's outputs, {@link Long#MAX_VALUE} on overflow, or {@link #UNKNOWN}. */
    static long estimateBytes(Node n, List<Tensor> in) {
        try {
            return switch (n.opType()) {
                case "ConstantOfShape" -> bytes(valueType(n, DataType.FLOAT), product(in.get(0).toLongArray()));
                case "Expand" -> bytes(in.get(0).type(), broadcastCount(in.get(0).shape(), in.get(1).toLongArray()));
                case "Tile" -> bytes(in.get(0).type(), Math.multiplyExact(in.get(0).size(), product(in.get(1).toLongArray())));
                case "Range" -> bytes(in.get(0).type(), rangeCount(in.get(0), in.get(1), in.get(2)));
                case "OneHot" -> bytes(in.get(2).type(), Math.multiplyExact(in.get(0).size(), Math.abs((long) in.get(1).getDouble(0))));
                case "EyeLike" -> bytes(DataType.DOUBLE, in.get(0).size());
                default -> UNKNOWN;
            };
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        } catch (RuntimeException e) {
            return UNKNOWN; // malformed inputs: running the kernel will report them, and folding will skip
        }
    }

    /** Bytes a tensor takes (8 per string element, as a rough measure). */
    static long bytes(Tensor t) {
        return t.type() == DataType.STRING ? 8 * t.size() : t.byteSize();
    }

    private static long bytes(DataType type, long count) {
        return type == DataType.STRING ? Math.multiplyExact(count, 8) : Math.multiplyExact(count, Math.max(1, type.bits())) / 8;
    }

    private static DataType valueType(Node n, DataType dflt) {
        return n.hasAttribute("value") ? n.attribute("value").asTensor().type() : dflt;
    }

    private static long product(long[] dims) {
        long p = 1;
        for (long d : dims) {
            p = Math.multiplyExact(p, Math.max(d, 0));
        }
        return p;
    }

    private static long broadcastCount(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long p = 1;
        for (int i = 0; i < rank; i++) {
            long x = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long y = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            p = Math.multiplyExact(p, Math.max(Math.max(x, y), 0));
        }
        return p;
    }

    private static long rangeCount(Tensor start, Tensor limit, Tensor delta) {
        double s = start.getDouble(0), l = limit.getDouble(0), d = delta.getDouble(0);
        double n = Math.ceil((l - s) / d);
        if (!(n < 9e18)) {
            throw new ArithmeticException("range too long");
        }
        return Math.max(0, (long) n);
    }
}
