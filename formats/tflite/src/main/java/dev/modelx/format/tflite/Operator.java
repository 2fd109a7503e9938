package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/** Table Operator: an operator application (opcode, input/output tensor indices, options). */
public final class Operator extends CheckedTable {

    Operator(int position, ByteBuffer bb) {
        init(position, bb);
    }

    @Override
    protected String tableName() {
        return "Operator";
    }

    public long opcodeIndex() {
        return readUInt(0, 0);
    }

    /** Input tensor indices; -1 marks an omitted optional input. */
    public int[] inputs() {
        return readInts(1);
    }

    public int[] outputs() {
        return readInts(2);
    }

    /** Member number of the BuiltinOptions union (0 = none); see {@link Options}. */
    public int builtinOptionsType() {
        return Byte.toUnsignedInt(readByte(3, (byte) 0));
    }

    /** Position of the builtin options table when the union holds member {@code expectedType}, else -1. */
    int optionsPos(int expectedType) {
        return builtinOptionsType() == expectedType ? tablePos(4) : -1;
    }

    public ByteBuffer customOptions() {
        return readBytes(5);
    }

    public int[] intermediates() {
        return readInts(8);
    }
}
