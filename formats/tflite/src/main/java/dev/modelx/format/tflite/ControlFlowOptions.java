package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/** Options of IF and WHILE: the sub-graphs they run. Read with {@code ControlFlowOptions.X.of(op)}; see {@link Options}. */
public final class ControlFlowOptions {

    private ControlFlowOptions() {
    }

    public static final class If extends Options.View {
        public static final int TYPE = 92;

        private If(int position, ByteBuffer bb) {
            super("If", position, bb);
        }

        public static If of(Operator op) {
            return new If(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int thenSubgraphIndex() {
            return readInt(0, 0);
        }

        public int elseSubgraphIndex() {
            return readInt(1, 0);
        }
    }

    public static final class While extends Options.View {
        public static final int TYPE = 93;

        private While(int position, ByteBuffer bb) {
            super("While", position, bb);
        }

        public static While of(Operator op) {
            return new While(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int condSubgraphIndex() {
            return readInt(0, 0);
        }

        public int bodySubgraphIndex() {
            return readInt(1, 0);
        }
    }
}
