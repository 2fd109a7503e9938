package dev.modelx.runtime.kernels.control;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.List;

/**
 * Type-agnostic tensor slicing and joining (copies ranges of the backing array, so it works for every
 * element type): what Scan, Loop and the sequence ops need to cut tensors apart and put them together.
 */
public final class TensorOps {

    private TensorOps() {
    }

    /** Array slots per element: 2 for complex types (interleaved re/im), else 1. */
    static int slots(DataType type) {
        return type.isComplex() ? 2 : 1;
    }

    static Object newArray(Tensor like, long elements) {
        Tensor.checkAllocatable(elements, like.type());
        Object a = Array.newInstance(like.array().getClass().getComponentType(), (int) (elements * slots(like.type())));
        if (a instanceof String[] s) {
            Arrays.fill(s, "");
        }
        return a;
    }

    private static long prod(long[] shape, int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** The sub-tensor at {@code index} along {@code axis}, with that axis removed. */
    public static Tensor take(Tensor t, int axis, long index) {
        Tensor part = narrow(t, axis, index, 1);
        return part.reshape(remove(t.shape(), axis));
    }

    /** Elements {@code [start, start+len)} along {@code axis}, rank kept. */
    public static Tensor narrow(Tensor t, int axis, long start, long len) {
        long[] shape = t.shape();
        if (start < 0 || len < 0 || start + len > shape[axis]) {
            throw new IllegalArgumentException("range [" + start + ", " + (start + len) + ") outside dimension " + axis
                    + " of shape " + Arrays.toString(shape));
        }
        long outer = prod(shape, 0, axis);
        long inner = prod(shape, axis + 1, shape.length) * slots(t.type());
        long[] outShape = shape.clone();
        outShape[axis] = len;
        Object src = t.array();
        Object dst = newArray(t, Tensor.elementCount(outShape));
        for (long o = 0; o < outer; o++) {
            System.arraycopy(src, (int) ((o * shape[axis] + start) * inner), dst, (int) (o * len * inner), (int) (len * inner));
        }
        return Tensor.of(t.type(), outShape, dst);
    }

    /** Concatenation along an existing axis; parts must agree in type, rank and every other dimension. */
    public static Tensor concat(OpContext ctx, List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw ctx.error("nothing to concatenate");
        }
        Tensor first = parts.get(0);
        long[] base = first.shape();
        long total = 0;
        for (Tensor p : parts) {
            long[] s = p.shape();
            if (p.type() != first.type()) {
                throw ctx.error("cannot concatenate " + first.type().displayName() + " with " + p.type().displayName());
            }
            if (s.length != base.length) {
                throw ctx.error("cannot concatenate shapes " + Arrays.toString(base) + " and " + Arrays.toString(s)
                        + ": ranks differ");
            }
            for (int d = 0; d < s.length; d++) {
                if (d != axis && s[d] != base[d]) {
                    throw ctx.error("cannot concatenate shapes " + Arrays.toString(base) + " and " + Arrays.toString(s)
                            + " along axis " + axis);
                }
            }
            total += s[axis];
        }
        long[] outShape = base.clone();
        outShape[axis] = total;
        long outer = prod(base, 0, axis);
        long inner = prod(base, axis + 1, base.length) * slots(first.type());
        Object dst = newArray(first, Tensor.elementCount(outShape));
        long pos = 0;
        for (long o = 0; o < outer; o++) {
            for (Tensor p : parts) {
                long chunk = p.shape()[axis] * inner;
                System.arraycopy(p.array(), (int) (o * chunk), dst, (int) pos, (int) chunk);
                pos += chunk;
            }
        }
        return Tensor.of(first.type(), outShape, dst);
    }

    /** Stacks equally shaped tensors along a new axis {@code axis} (0..rank). */
    public static Tensor stack(OpContext ctx, List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw ctx.error("nothing to stack");
        }
        long[] s0 = parts.get(0).shape();
        Tensor[] expanded = new Tensor[parts.size()];
        for (int i = 0; i < expanded.length; i++) {
            Tensor p = parts.get(i);
            if (!Arrays.equals(p.shape(), s0)) {
                throw ctx.error("cannot stack shapes " + Arrays.toString(s0) + " and " + Arrays.toString(p.shape()));
            }
            expanded[i] = p.reshape(insert(s0, axis, 1));
        }
        return concat(ctx, Arrays.asList(expanded), axis);
    }

    public static long[] remove(long[] shape, int axis) {
        long[] out = new long[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    public static long[] insert(long[] shape, int axis, long dim) {
        long[] out = new long[shape.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == axis ? dim : shape[j++];
        }
        return out;
    }
}
