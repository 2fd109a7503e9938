package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/** Options of FULLY_CONNECTED and BATCH_MATMUL. Read with {@code MatMulOptions.X.of(op)}; see {@link Options}. */
public final class MatMulOptions {

    private MatMulOptions() {
    }

    public static final class FullyConnected extends Options.View {
        public static final int TYPE = 8;

        private FullyConnected(int position, ByteBuffer bb) {
            super("FullyConnected", position, bb);
        }

        public static FullyConnected of(Operator op) {
            return new FullyConnected(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int fusedActivation() {
            return readByte(0, (byte) 0);
        }

        public int weightsFormat() {
            return readByte(1, (byte) 0);
        }

        public boolean keepNumDims() {
            return readBool(2, false);
        }
    }

    public static final class BatchMatMul extends Options.View {
        public static final int TYPE = 101;

        private BatchMatMul(int position, ByteBuffer bb) {
            super("BatchMatMul", position, bb);
        }

        public static BatchMatMul of(Operator op) {
            return new BatchMatMul(op.optionsPos(TYPE), op.byteBuffer());
        }

        public boolean adjX() {
            return readBool(0, false);
        }

        public boolean adjY() {
            return readBool(1, false);
        }
    }
}
