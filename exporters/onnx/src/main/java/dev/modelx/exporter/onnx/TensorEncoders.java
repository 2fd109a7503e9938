package dev.modelx.exporter.onnx;

import dev.modelx.format.onnx.proto.OnnxProtos.TensorProto;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.importer.onnx.OnnxTensors;

/** The ways of writing tensors: inline, external above a size, and a dry run that only measures. */
final class TensorEncoders {
    /** Bytes a raw_data field adds beyond its data, plus growth of the enclosing length prefixes. */
    private static final int FIELD_OVERHEAD = 16;

    private TensorEncoders() {
    }

    static TensorEncoder inline() {
        return OnnxTensors::toProto;
    }

    /** Whether a tensor goes to external data when external data is on. */
    static boolean isLarge(Tensor t, long threshold) {
        return t.type() != DataType.STRING && t.byteSize() >= threshold;
    }

    /** Tensors of at least {@code threshold} bytes go to {@code data}; the rest stay inline. */
    static TensorEncoder external(ExternalDataWriter data, long threshold) {
        return (t, name) -> {
            if (!isLarge(t, threshold)) {
                return OnnxTensors.toProto(t, name);
            }
            return OnnxTensors.header(t, name)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addAllExternalData(data.append(t).toEntries())
                .build();
        };
    }

    /**
     * Writes large tensors as headers without data and counts what their data would add, so the size of the
     * inline model is known (as a long) before anything is serialised.
     */
    static final class Measuring implements TensorEncoder {
        private final long threshold;
        private long deferredBytes;

        Measuring(long threshold) {
            this.threshold = threshold;
        }

        @Override
        public TensorProto encode(Tensor t, String name) {
            if (!isLarge(t, threshold)) {
                return OnnxTensors.toProto(t, name);
            }
            deferredBytes += t.byteSize() + FIELD_OVERHEAD;
            return OnnxTensors.header(t, name).build();
        }

        /** Bytes the large tensors' data adds to the model written inline. */
        long deferredBytes() {
            return deferredBytes;
        }
    }
}
