package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/** Options of slicing, gathering, padding and block-rearranging ops. Read with {@code IndexingOptions.X.of(op)}; see {@link Options}. */
public final class IndexingOptions {

    private IndexingOptions() {
    }

    public static final class StridedSlice extends Options.View {
        public static final int TYPE = 32;

        private StridedSlice(int position, ByteBuffer bb) {
            super("StridedSlice", position, bb);
        }

        public static StridedSlice of(Operator op) {
            return new StridedSlice(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int beginMask() {
            return readInt(0, 0);
        }

        public int endMask() {
            return readInt(1, 0);
        }

        public int ellipsisMask() {
            return readInt(2, 0);
        }

        public int newAxisMask() {
            return readInt(3, 0);
        }

        public int shrinkAxisMask() {
            return readInt(4, 0);
        }

        public boolean offset() {
            return readBool(5, false);
        }
    }

    public static final class Gather extends Options.View {
        public static final int TYPE = 23;

        private Gather(int position, ByteBuffer bb) {
            super("Gather", position, bb);
        }

        public static Gather of(Operator op) {
            return new Gather(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int axis() {
            return readInt(0, 0);
        }

        public int batchDims() {
            return readInt(1, 0);
        }
    }

    public static final class OneHot extends Options.View {
        public static final int TYPE = 61;

        private OneHot(int position, ByteBuffer bb) {
            super("OneHot", position, bb);
        }

        public static OneHot of(Operator op) {
            return new OneHot(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int axis() {
            return readInt(0, 0);
        }
    }

    public static final class MirrorPad extends Options.View {
        public static final int TYPE = 77;

        private MirrorPad(int position, ByteBuffer bb) {
            super("MirrorPad", position, bb);
        }

        public static MirrorPad of(Operator op) {
            return new MirrorPad(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int mode() {
            return readByte(0, (byte) 0);
        }
    }

    public static final class SpaceToDepth extends Options.View {
        public static final int TYPE = 19;

        private SpaceToDepth(int position, ByteBuffer bb) {
            super("SpaceToDepth", position, bb);
        }

        public static SpaceToDepth of(Operator op) {
            return new SpaceToDepth(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int blockSize() {
            return readInt(0, 0);
        }
    }

    public static final class DepthToSpace extends Options.View {
        public static final int TYPE = 94;

        private DepthToSpace(int position, ByteBuffer bb) {
            super("DepthToSpace", position, bb);
        }

        public static DepthToSpace of(Operator op) {
            return new DepthToSpace(op.optionsPos(TYPE), op.byteBuffer());
        }

        public int blockSize() {
            return readInt(0, 0);
        }
    }
}
