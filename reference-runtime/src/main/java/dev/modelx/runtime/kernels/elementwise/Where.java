package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;

/** Where(condition, X, Y): X where the condition holds, else Y, all three broadcasting; any element type. */
public final class Where {

    private Where() {
    }

    public static void v9(OpContext c) {
        Tensor cond = c.input(0);
        Tensor x = c.input(1);
        Tensor y = c.input(2);
        Ew.requireBool(c, cond, "condition");
        Ew.requireSameType(c, x, y, "X and Y");
        long[] out = Ew.broadcast(c, x.type(), cond.shape(), x.shape(), y.shape());
        int[] ic = Shapes.broadcastIndex(cond.shape(), out);
        int[] ix = Shapes.broadcastIndex(x.shape(), out);
        int[] iy = Shapes.broadcastIndex(y.shape(), out);
        byte[] cv = cond.bytes();
        int n = ic.length;
        int width = x.type().isComplex() ? 2 : 1;
        Object xa = x.array();
        Object ya = y.array();
        Object r = java.lang.reflect.Array.newInstance(xa.getClass().getComponentType(), n * width);
        for (int i = 0; i < n; i++) {
            boolean take = cv[ic[i]] != 0;
            copy(take ? xa : ya, (take ? ix[i] : iy[i]) * width, r, i * width, width);
        }
        c.output(0, Tensor.of(x.type(), out, r));
    }

    private static void copy(Object src, int from, Object dst, int to, int width) {
        if (width != 1) {
            System.arraycopy(src, from, dst, to, width);
        } else if (dst instanceof float[] d) {
            d[to] = ((float[]) src)[from];
        } else if (dst instanceof double[] d) {
            d[to] = ((double[]) src)[from];
        } else if (dst instanceof long[] d) {
            d[to] = ((long[]) src)[from];
        } else if (dst instanceof int[] d) {
            d[to] = ((int[]) src)[from];
        } else if (dst instanceof short[] d) {
            d[to] = ((short[]) src)[from];
        } else if (dst instanceof byte[] d) {
            d[to] = ((byte[]) src)[from];
        } else {
            ((Object[]) dst)[to] = ((Object[]) src)[from];
        }
    }
}
