package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/** Options of reshaping and joining ops: reshape, squeeze, concat, pack/unpack, split, shape, cast. Read with {@code ShapeOptions.X.of(op)}; see {@link Options}. */
public final class ShapeOptions {

    private ShapeOptions() {
    }

    public static final class Reshape extends Options.View {
        public static final int TYPE = 17;

        private Reshape(int position, ByteBuffer bb) {
            super("Reshape", position, bb);
        }

        public static Reshape of(Operator op) {
            return new Reshape(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int[] newShape() {
            return readInts(0);
        }

        public boolean hasNewShape() {
            return fieldPos(0) != 0;
        }
    }

    public static final class Squeeze extends Options.View {
        public static final int TYPE = 30;

        private Squeeze(int position, ByteBuffer bb) {
            super("Squeeze", position, bb);
        }

        public static Squeeze of(Operator op) {
            return new Squeeze(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int[] squeezeDims() {
            return readInts(0);
        }
    }

    public static final class Concatenation extends Options.View {
        public static final int TYPE = 10;

        private Concatenation(int position, ByteBuffer bb) {
            super("Concatenation", position, bb);
        }

        public static Concatenation of(Operator op) {
            return new Concatenation(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int axis() {
            return readInt(0, 0);
        }

        public int fusedActivation() {
            return readByte(1, (byte) 0);
        }
    }

    public static final class Pack extends Options.View {
        public static final int TYPE = 59;

        private Pack(int position, ByteBuffer bb) {
            super("Pack", position, bb);
        }

        public static Pack of(Operator op) {
            return new Pack(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int valuesCount() {
            return readInt(0, 0);
        }

        public int axis() {
            return readInt(1, 0);
        }
    }

    public static final class Unpack extends Options.View {
        public static final int TYPE = 64;

        private Unpack(int position, ByteBuffer bb) {
            super("Unpack", position, bb);
        }

        public static Unpack of(Operator op) {
            return new Unpack(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int num() {
            return readInt(0, 0);
        }

        public int axis() {
            return readInt(1, 0);
        }
    }

    public static final class Split extends Options.View {
        public static final int TYPE = 35;

        private Split(int position, ByteBuffer bb) {
            super("Split", position, bb);
        }

        public static Split of(Operator op) {
            return new Split(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int numSplits() {
            return readInt(0, 0);
        }
    }

    public static final class SplitV extends Options.View {
        public static final int TYPE = 79;

        private SplitV(int position, ByteBuffer bb) {
            super("SplitV", position, bb);
        }

        public static SplitV of(Operator op) {
            return new SplitV(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int numSplits() {
            return readInt(0, 0);
        }
    }

    public static final class Shape extends Options.View {
        public static final int TYPE = 55;

        private Shape(int position, ByteBuffer bb) {
            super("Shape", position, bb);
        }

        public static Shape of(Operator op) {
            return new Shape(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int outType() {
            return readByte(0, (byte) 0);
        }
    }

    public static final class Cast extends Options.View {
        public static final int TYPE = 37;

        private Cast(int position, ByteBuffer bb) {
            super("Cast", position, bb);
        }

        public static Cast of(Operator op) {
            return new Cast(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int inDataType() {
            return readByte(0, (byte) 0);
        }

        public int outDataType() {
            return readByte(1, (byte) 0);
        }

        public boolean hasOutDataType() {
            return fieldPos(1) != 0;
        }
    }
}
