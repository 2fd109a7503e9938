package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/** Convolution and pooling options: 2-D, depthwise and transposed convolution, 2-D pools. Read with {@code ConvOptions.X.of(op)}; see {@link Options}. */
public final class ConvOptions {

    private ConvOptions() {
    }

    public static final class Conv2D extends Options.View {
        public static final int TYPE = 1;

        private Conv2D(int position, ByteBuffer bb) {
            super("Conv2D", position, bb);
        }

        public static Conv2D of(Operator op) {
            return new Conv2D(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int padding() {
            return readByte(0, (byte) 0);
        }

        public int strideW() {
            return readInt(1, 0);
        }

        public int strideH() {
            return readInt(2, 0);
        }

        public int fusedActivation() {
            return readByte(3, (byte) 0);
        }

        public int dilationW() {
            return readInt(4, 1);
        }

        public int dilationH() {
            return readInt(5, 1);
        }
    }

    public static final class DepthwiseConv2D extends Options.View {
        public static final int TYPE = 2;

        private DepthwiseConv2D(int position, ByteBuffer bb) {
            super("DepthwiseConv2D", position, bb);
        }

        public static DepthwiseConv2D of(Operator op) {
            return new DepthwiseConv2D(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int padding() {
            return readByte(0, (byte) 0);
        }

        public int strideW() {
            return readInt(1, 0);
        }

        public int strideH() {
            return readInt(2, 0);
        }

        public int depthMultiplier() {
            return readInt(3, 0);
        }

        public int fusedActivation() {
            return readByte(4, (byte) 0);
        }

        public int dilationW() {
            return readInt(5, 1);
        }

        public int dilationH() {
            return readInt(6, 1);
        }
    }

    public static final class TransposeConv extends Options.View {
        public static final int TYPE = 49;

        private TransposeConv(int position, ByteBuffer bb) {
            super("TransposeConv", position, bb);
        }

        public static TransposeConv of(Operator op) {
            return new TransposeConv(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int padding() {
            return readByte(0, (byte) 0);
        }

        public int strideW() {
            return readInt(1, 0);
        }

        public int strideH() {
            return readInt(2, 0);
        }

        public int fusedActivation() {
            return readByte(3, (byte) 0);
        }
    }

    public static final class Pool2D extends Options.View {
        public static final int TYPE = 5;

        private Pool2D(int position, ByteBuffer bb) {
            super("Pool2D", position, bb);
        }

        public static Pool2D of(Operator op) {
            return new Pool2D(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int padding() {
            return readByte(0, (byte) 0);
        }

        public int strideW() {
            return readInt(1, 0);
        }

        public int strideH() {
            return readInt(2, 0);
        }

        public int filterWidth() {
            return readInt(3, 0);
        }

        public int filterHeight() {
            return readInt(4, 0);
        }

        public int fusedActivation() {
            return readByte(5, (byte) 0);
        }
    }
}
