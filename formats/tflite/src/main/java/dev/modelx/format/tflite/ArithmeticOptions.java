package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/** Options of the binary arithmetic ops, each only a fused activation. Read with {@code ArithmeticOptions.X.of(op)}; see {@link Options}. */
public final class ArithmeticOptions {

    private ArithmeticOptions() {
    }

    public static final class Add extends Options.View {
        public static final int TYPE = 11;

        private Add(int position, ByteBuffer bb) {
            super("Add", position, bb);
        }

        public static Add of(Operator op) {
            return new Add(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int fusedActivation() {
            return readByte(0, (byte) 0);
        }
    }

    public static final class Sub extends Options.View {
        public static final int TYPE = 28;

        private Sub(int position, ByteBuffer bb) {
            super("Sub", position, bb);
        }

        public static Sub of(Operator op) {
            return new Sub(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int fusedActivation() {
            return readByte(0, (byte) 0);
        }
    }

    public static final class Mul extends Options.View {
        public static final int TYPE = 21;

        private Mul(int position, ByteBuffer bb) {
            super("Mul", position, bb);
        }

        public static Mul of(Operator op) {
            return new Mul(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int fusedActivation() {
            return readByte(0, (byte) 0);
        }
    }

    public static final class Div extends Options.View {
        public static final int TYPE = 29;

        private Div(int position, ByteBuffer bb) {
            super("Div", position, bb);
        }

        public static Div of(Operator op) {
            return new Div(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int fusedActivation() {
            return readByte(0, (byte) 0);
        }
    }
}
