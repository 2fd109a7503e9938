package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/**
 * Views of the builtin options tables (members of the BuiltinOptions union) that the importer reads. Each
 * view is read with {@code Options.X.of(op)}; when the operator carries no options of that member, the view
 * is absent and every field reads as the schema's default.
 */
public final class Options {

    /** ActivationFunctionType values. */
    public static final int ACT_NONE = 0;
    public static final int ACT_RELU = 1;
    public static final int ACT_RELU_N1_TO_1 = 2;
    public static final int ACT_RELU6 = 3;
    public static final int ACT_TANH = 4;
    public static final int ACT_SIGN_BIT = 5;

    /** Padding values. */
    public static final int PADDING_SAME = 0;
    public static final int PADDING_VALID = 1;

    private Options() {
    }

    /** Base of the option views: a checked table that knows its union member number. */
    public abstract static class View extends CheckedTable {
        private final String name;

        View(String name, int position, ByteBuffer bb) {
            this.name = name;
            init(position, bb);
        }

        @Override
        protected String tableName() {
            return name + "Options";
        }
    }

    public static final class Conv2D extends View {
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

    public static final class DepthwiseConv2D extends View {
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

    public static final class Pool2D extends View {
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

    public static final class FullyConnected extends View {
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

    public static final class Softmax extends View {
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

    public static final class Concatenation extends View {
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

    public static final class Add extends View {
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

    public static final class Mul extends View {
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

    public static final class Sub extends View {
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

    public static final class Div extends View {
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

    public static final class Reshape extends View {
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

    public static final class ResizeBilinear extends View {
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

    public static final class ResizeNearestNeighbor extends View {
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

    public static final class Gather extends View {
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

    public static final class Reducer extends View {
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

    public static final class Squeeze extends View {
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

    public static final class StridedSlice extends View {
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

    public static final class Split extends View {
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

    public static final class SplitV extends View {
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

    public static final class Cast extends View {
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

    public static final class Pack extends View {
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

    public static final class Unpack extends View {
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

    public static final class LeakyRelu extends View {
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

    public static final class MirrorPad extends View {
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

    public static final class TransposeConv extends View {
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

    public static final class BatchMatMul extends View {
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

    public static final class If extends View {
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

    public static final class While extends View {
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

    public static final class UnidirectionalSequenceLstm extends View {
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

    public static final class ArgMax extends View {
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

    public static final class ArgMin extends View {
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

    public static final class Shape extends View {
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

    public static final class SpaceToDepth extends View {
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

    public static final class DepthToSpace extends View {
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

    public static final class L2Norm extends View {
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

    public static final class LocalResponseNormalization extends View {
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

    public static final class Gelu extends View {
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

    public static final class Cumsum extends View {
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

    public static final class OneHot extends View {
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
}
