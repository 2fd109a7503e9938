package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/** Options of the image resize ops. Read with {@code ResizeOptions.X.of(op)}; see {@link Options}. */
public final class ResizeOptions {

    private ResizeOptions() {
    }

    public static final class ResizeBilinear extends Options.View {
        public static final int TYPE = 15;

        private ResizeBilinear(int position, ByteBuffer bb) {
            super("ResizeBilinear", position, bb);
        }

        public static ResizeBilinear of(Operator op) {
            return new ResizeBilinear(op.optionsPos(TYPE), op.byteBuffer());
        }

        public boolean alignCorners() {
            return readBool(2, false);
        }

        public boolean halfPixelCenters() {
            return readBool(3, false);
        }
    }

    public static final class ResizeNearestNeighbor extends Options.View {
        public static final int TYPE = 74;

        private ResizeNearestNeighbor(int position, ByteBuffer bb) {
            super("ResizeNearestNeighbor", position, bb);
        }

        public static ResizeNearestNeighbor of(Operator op) {
            return new ResizeNearestNeighbor(op.optionsPos(TYPE), op.byteBuffer());
        }

        public boolean alignCorners() {
            return readBool(0, false);
        }

        public boolean halfPixelCenters() {
            return readBool(1, false);
        }
    }
}
