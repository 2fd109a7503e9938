package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/** Table SubGraph: tensors, the graph's input/output tensor indices and its operators in execution order. */
public final class SubGraph extends CheckedTable {

    SubGraph(int position, ByteBuffer bb) {
        init(position, bb);
    }

    @Override
    protected String tableName() {
        return "SubGraph";
    }

    public int tensorCount() {
        return vectorLength(0, 4);
    }

    public TfLiteTensor tensor(int i) {
        return new TfLiteTensor(tableElement(0, i), bb);
    }

    public int[] inputs() {
        return readInts(1);
    }

    public int[] outputs() {
        return readInts(2);
    }

    public int operatorCount() {
        return vectorLength(3, 4);
    }

    public Operator operator(int i) {
        return new Operator(tableElement(3, i), bb);
    }

    public String name() {
        String n = readString(4);
        return n == null ? "" : n;
    }
}
