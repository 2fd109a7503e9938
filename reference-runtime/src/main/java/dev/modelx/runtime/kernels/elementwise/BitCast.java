package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** BitCast (op set 26): reinterprets the little-endian bytes of each element as another type of equal width. */
public final class BitCast {

    private BitCast() {
    }

    public static void v26(OpContext c) {
        Tensor x = c.input(0);
        DataType to = Cast.dataType(c, c.requireAttr("to").asLong(), "to");
        if (x.type() == DataType.STRING || to == DataType.STRING) {
            throw c.error("BitCast does not support string tensors (" + x.type().displayName() + " to " + to.displayName() + ")");
        }
        if (x.type().bits() != to.bits()) {
            throw c.error("cannot bitcast " + x.type().displayName() + " (" + x.type().bits() + " bits) to "
                    + to.displayName() + " (" + to.bits() + " bits): widths differ");
        }
        if (to == x.type()) {
            c.output(0, x);
            return;
        }
        ByteBuffer src = x.packedBytes();
        ByteBuffer copy = ByteBuffer.allocate(src.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(src).flip();
        if (to == DataType.BOOL) {
            // bool is one byte holding 0 or 1; any non-zero byte reads as true.
            for (int i = 0; i < copy.limit(); i++) {
                copy.put(i, (byte) (copy.get(i) != 0 ? 1 : 0));
            }
        }
        c.output(0, Tensor.fromPacked(to, x.shape(), copy));
    }
}
