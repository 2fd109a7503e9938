package dev.modelx.importer.tensorflow;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The TF op name -> converter table. */
final class OpRegistry {

    private final Map<String, OpConverter> converters = new TreeMap<>();

    void register(OpConverter c, String... ops) {
        for (String op : ops) {
            if (converters.put(op, c) != null) {
                throw new IllegalStateException("TF op " + op + " registered twice");
            }
        }
    }

    Optional<OpConverter> find(String op) {
        return Optional.ofNullable(converters.get(op));
    }

    boolean supports(String op) {
        return converters.containsKey(op);
    }

    Map<String, OpConverter> all() {
        return Collections.unmodifiableMap(converters);
    }

    /** Every converter family. */
    static OpRegistry standard() {
        OpRegistry r = new OpRegistry();
        BasicOps.register(r);
        ElementwiseOps.register(r);
        NnOps.register(r);
        ArrayOps.register(r);
        SliceOps.register(r);
        ReduceOps.register(r);
        ImageOps.register(r);
        FunctionalOps.register(r);
        Tf1ControlFlow.register(r);
        VariableOps.register(r);
        SpatialOps.register(r);
        ScatterOps.register(r);
        MathOps.register(r);
        BroadcastShapeOps.register(r);
        BitShiftOps.register(r);
        TensorListOps.register(r);
        PoolArgmaxOps.register(r);
        CumprodOps.register(r);
        BitcastOps.register(r);
        ReverseSequenceOps.register(r);
        SparseStringOps.register(r);
        StringOps.register(r);
        TensorArrayOps.register(r);
        return r;
    }
}
