package dev.modelx.exporter.tensorflow;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The graph-model (ONNX) op name -> TF emitter table. */
final class Emitters {

    private final Map<String, OpEmitter> table = new TreeMap<>();

    void register(OpEmitter e, String... ops) {
        for (String op : ops) {
            if (table.put(op, e) != null) {
                throw new IllegalStateException("op " + op + " registered twice");
            }
        }
    }

    Optional<OpEmitter> find(String op) {
        return Optional.ofNullable(table.get(op));
    }

    Map<String, OpEmitter> all() {
        return Collections.unmodifiableMap(table);
    }

    private static final Emitters STANDARD = build();

    /** Every emitter family. */
    static Emitters standard() {
        return STANDARD;
    }

    private static Emitters build() {
        Emitters r = new Emitters();
        ElementwiseEmitters.register(r);
        ActivationEmitters.register(r);
        LossEmitters.register(r);
        MatMulEmitters.register(r);
        ConvPoolEmitters.register(r);
        NormalizationEmitters.register(r);
        ReshapeEmitters.register(r);
        SliceGatherEmitters.register(r);
        ReductionEmitters.register(r);
        TensorEmitters.register(r);
        ControlFlowEmitters.register(r);
        ScatterElementsEmitter.register(r);
        ScanEmitter.register(r);
        GridSampleEmitter.register(r);
        NonMaxSuppressionEmitter.register(r);
        StringNormalizerEmitter.register(r);
        DftEmitter.register(r);
        CompressEmitter.register(r);
        StringOpsEmitters.register(r);
        RecurrentEmitters.register(r);
        AffineGridEmitter.register(r);
        SwiGluEmitter.register(r);
        LinearAttentionEmitter.register(r);
        UniqueEmitter.register(r);
        r.register(ResizeEmitter::emit, "Upsample");
        return r;
    }
}
