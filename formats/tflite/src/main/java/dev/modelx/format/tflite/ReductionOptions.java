package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/** Options of reductions, arg max/min and cumulative sums. Read with {@code ReductionOptions.X.of(op)}; see {@link Options}. */
public final class ReductionOptions {

    private ReductionOptions() {
    }

    public static final class Reducer extends Options.View {
        public static final int TYPE = 27;

        private Reducer(int position, ByteBuffer bb) {
            super("Reducer", position, bb);
        }

        public static Reducer of(Operator op) {
            return new Reducer(op.optionsPos(TYPE), op.byteBuffer());
        }

        public boolean keepDims() {
            return readBool(0, false);
        }
    }

    public static final class ArgMax extends Options.View {
        public static final int TYPE = 40;

        private ArgMax(int position, ByteBuffer bb) {
            super("ArgMax", position, bb);
        }

        public static ArgMax of(Operator op) {
            return new ArgMax(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int outputType() {
            return readByte(0, (byte) 0);
        }
    }

    public static final class ArgMin extends Options.View {
        public static final int TYPE = 57;

        private ArgMin(int position, ByteBuffer bb) {
            super("ArgMin", position, bb);
        }

        public static ArgMin of(Operator op) {
            return new ArgMin(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int outputType() {
            return readByte(0, (byte) 0);
        }
    }

    public static final class Cumsum extends Options.View {
        public static final int TYPE = 102;

        private Cumsum(int position, ByteBuffer bb) {
            super("Cumsum", position, bb);
        }

        public static Cumsum of(Operator op) {
            return new Cumsum(op.optionsPos(TYPE), op.byteBuffer());
        }

        public boolean exclusive() {
            return readBool(0, false);
        }

        public boolean reverse() {
            return readBool(1, false);
        }
    }
}
