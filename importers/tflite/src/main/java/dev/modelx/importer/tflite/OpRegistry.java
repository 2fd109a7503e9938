package dev.modelx.importer.tflite;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The TFLite builtin-operator name to converter table. */
public final class OpRegistry {

    private final Map<String, OpConverter> table = new TreeMap<>();

    public void register(String builtinName, OpConverter converter) {
        if (table.putIfAbsent(builtinName, converter) != null) {
            throw new IllegalStateException("two converters for " + builtinName);
        }
    }

    public OpConverter get(String builtinName) {
        return table.get(builtinName);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(table.keySet());
    }

    /** Every converter this importer has, one family at a time. */
    public static OpRegistry standard() {
        OpRegistry r = new OpRegistry();
        ElementwiseOps.register(r);
        ActivationOps.register(r);
        NhwcOps.register(r);
        MatMulOps.register(r);
        ShapeOps.register(r);
        IndexOps.register(r);
        SpaceBatchOps.register(r);
        SliceOps.register(r);
        ReduceOps.register(r);
        QuantizeOps.register(r);
        ControlFlowOps.register(r);
        LstmOps.register(r);
        BidirectionalLstmOps.register(r);
        return r;
    }
}
