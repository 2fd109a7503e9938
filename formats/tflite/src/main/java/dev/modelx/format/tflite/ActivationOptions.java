package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/** Options of activations and normalisations: softmax, leaky relu, gelu, L2 and local response normalisation. Read with {@code ActivationOptions.X.of(op)}; see {@link Options}. */
public final class ActivationOptions {

    private ActivationOptions() {
    }

    public static final class Softmax extends Options.View {
        public static final int TYPE = 9;

        private Softmax(int position, ByteBuffer bb) {
            super("Softmax", position, bb);
        }

        public static Softmax of(Operator op) {
            return new Softmax(op.optionsPos(TYPE), op.byteBuffer());
        }

        public float beta() {
            return readFloat(0, 0f);
        }
    }

    public static final class LeakyRelu extends Options.View {
        public static final int TYPE = 75;

        private LeakyRelu(int position, ByteBuffer bb) {
            super("LeakyRelu", position, bb);
        }

        public static LeakyRelu of(Operator op) {
            return new LeakyRelu(op.optionsPos(TYPE), op.byteBuffer());
        }

        public float alpha() {
            return readFloat(0, 0f);
        }
    }

    public static final class Gelu extends Options.View {
        public static final int TYPE = 116;

        private Gelu(int position, ByteBuffer bb) {
            super("Gelu", position, bb);
        }

        public static Gelu of(Operator op) {
            return new Gelu(op.optionsPos(TYPE), op.byteBuffer());
        }

        public boolean approximate() {
            return readBool(0, false);
        }
    }

    public static final class L2Norm extends Options.View {
        public static final int TYPE = 12;

        private L2Norm(int position, ByteBuffer bb) {
            super("L2Norm", position, bb);
        }

        public static L2Norm of(Operator op) {
            return new L2Norm(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int fusedActivation() {
            return readByte(0, (byte) 0);
        }
    }

    public static final class LocalResponseNormalization extends Options.View {
        public static final int TYPE = 13;

        private LocalResponseNormalization(int position, ByteBuffer bb) {
            super("LocalResponseNormalization", position, bb);
        }

        public static LocalResponseNormalization of(Operator op) {
            return new LocalResponseNormalization(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int radius() {
            return readInt(0, 0);
        }

        public float bias() {
            return readFloat(1, 0f);
        }

        public float alpha() {
            return readFloat(2, 0f);
        }

        public float beta() {
            return readFloat(3, 0f);
        }
    }
}
