package dev.modelx.format.tflite;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Table SignatureDef: a named entry point (signature key, sub-graph, alias names of its inputs/outputs). */
public final class SignatureDef extends CheckedTable {

    SignatureDef(int position, ByteBuffer bb) {
        init(position, bb);
    }

    @Override
    protected String tableName() {
        return "SignatureDef";
    }

    public Map<String, Long> inputs() {
        return tensorMaps(0);
    }

    public Map<String, Long> outputs() {
        return tensorMaps(1);
    }

    public String signatureKey() {
        String k = readString(2);
        return k == null ? "" : k;
    }

    public long subgraphIndex() {
        return readUInt(4, 0);
    }

    private Map<String, Long> tensorMaps(int slot) {
        Map<String, Long> out = new LinkedHashMap<>();
        int n = vectorLength(slot, 4);
        for (int i = 0; i < n; i++) {
            TensorMap m = new TensorMap(tableElement(slot, i), bb);
            out.put(m.name(), m.tensorIndex());
        }
        return out;
    }

    private static final class TensorMap extends CheckedTable {
        TensorMap(int position, ByteBuffer bb) {
            init(position, bb);
        }

        @Override
        protected String tableName() {
            return "TensorMap";
        }

        String name() {
            String n = readString(0);
            return n == null ? "" : n;
        }

        long tensorIndex() {
            return readUInt(1, 0);
        }
    }
}
