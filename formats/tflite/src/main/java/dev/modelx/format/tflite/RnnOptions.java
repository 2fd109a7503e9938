package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/** Options of the fused sequence RNN ops. Read with {@code RnnOptions.X.of(op)}; see {@link Options}. */
public final class RnnOptions {

    private RnnOptions() {
    }

    public static final class UnidirectionalSequenceLstm extends Options.View {
        public static final int TYPE = 71;

        private UnidirectionalSequenceLstm(int position, ByteBuffer bb) {
            super("UnidirectionalSequenceLstm", position, bb);
        }

        public static UnidirectionalSequenceLstm of(Operator op) {
            return new UnidirectionalSequenceLstm(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int fusedActivation() {
            return readByte(0, (byte) 0);
        }

        public float cellClip() {
            return readFloat(1, 0f);
        }

        public float projClip() {
            return readFloat(2, 0f);
        }

        public boolean timeMajor() {
            return readBool(3, false);
        }

        public boolean asymmetricQuantizeInputs() {
            return readBool(4, false);
        }

        public boolean diagonalRecurrentTensors() {
            return readBool(5, false);
        }
    }

    public static final class BidirectionalSequenceLstm extends Options.View {
        public static final int TYPE = 69;

        private BidirectionalSequenceLstm(int position, ByteBuffer bb) {
            super("BidirectionalSequenceLstm", position, bb);
        }

        public static BidirectionalSequenceLstm of(Operator op) {
            return new BidirectionalSequenceLstm(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int fusedActivation() {
            return readByte(0, (byte) 0);
        }

        public float cellClip() {
            return readFloat(1, 0f);
        }

        public float projClip() {
            return readFloat(2, 0f);
        }

        public boolean mergeOutputs() {
            return readBool(3, false);
        }

        /** Defaults to true (version 1 kernels were time-major only). */
        public boolean timeMajor() {
            return readBool(4, true);
        }
    }
}
