package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/** Table OperatorCode: which builtin (or custom) operator an Operator's opcode_index names. */
public final class OperatorCode extends CheckedTable {

    OperatorCode(int position, ByteBuffer bb) {
        init(position, bb);
    }

    @Override
    protected String tableName() {
        return "OperatorCode";
    }

    public int deprecatedBuiltinCode() {
        return readByte(0, (byte) 0);
    }

    public String customCode() {
        return readString(1);
    }

    public int version() {
        return readInt(2, 1);
    }

    public int builtinCodeField() {
        return readInt(3, 0);
    }

    /**
     * The effective builtin operator. Old files only fill the byte-wide deprecated_builtin_code (codes below
     * 127); newer ones write both, or put 127 (PLACEHOLDER_FOR_GREATER_OP_CODES) in the byte and the real
     * code in builtin_code. The larger of the two is the right one in every case.
     */
    public int builtinCode() {
        return Math.max(builtinCodeField(), deprecatedBuiltinCode());
    }

    public boolean isCustom() {
        return builtinCode() == BuiltinOperator.CUSTOM;
    }

    /** The operator's name for messages: the builtin name, or the custom code for custom ops. */
    public String name() {
        if (isCustom()) {
            String c = customCode();
            return "custom:" + (c == null ? "?" : c);
        }
        return BuiltinOperator.name(builtinCode());
    }
}
