package dev.modelx.exporter.tensorflow;

import dev.modelx.format.tensorflow.TfDataTypes;
import dev.modelx.graph.DataType;

import java.util.Set;

/**
 * Element types as the exporter writes them. The proto schema knows the newest TensorFlow type codes, but
 * TensorFlow 2.18 (what TF Java 1.1 runs) rejects graphs that use the float8 FNUZ and 2-bit ones, so those are
 * refused at export with a clear message instead of producing a file TensorFlow cannot load.
 */
final class TfExportTypes {

    private static final Set<DataType> UNKNOWN_TO_TF_2_18 =
            Set.of(DataType.FLOAT8E4M3FNUZ, DataType.FLOAT8E5M2FNUZ, DataType.INT2, DataType.UINT2);

    private TfExportTypes() {
    }

    static int code(DataType t) {
        if (UNKNOWN_TO_TF_2_18.contains(t)) {
            throw new IllegalArgumentException("TensorFlow 2.18 has no " + t.displayName() + " type");
        }
        return TfDataTypes.toTf(t);
    }

    /** Refuses, naming the node, an element type TensorFlow cannot hold. */
    static void require(EmitContext c, DataType t, String what) {
        try {
            code(t);
        } catch (IllegalArgumentException e) {
            throw c.error(what + " " + t.displayName() + ": " + e.getMessage());
        }
    }
}
