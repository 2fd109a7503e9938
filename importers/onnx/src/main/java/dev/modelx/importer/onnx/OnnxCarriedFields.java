package dev.modelx.importer.onnx;

/**
 * Where ONNX fields that the graph model has no place for are carried, so that export writes them back.
 * Model-level fields go to {@code Model.opaqueExtensions()} as ModelProto wire fragments (the exporter merges
 * them into the ModelProto it builds); a node's device configurations go to its metadata, base64-encoded as
 * a NodeProto fragment.
 */
public final class OnnxCarriedFields {
    /** ModelProto fragment holding {@code training_info} (field 20). */
    public static final String TRAINING_INFO = "onnx.training_info";
    /** ModelProto fragment holding {@code configuration} (field 26). */
    public static final String DEVICE_CONFIGURATIONS = "onnx.configuration";
    /** ModelProto fragment holding fields this schema does not know (written by newer ONNX versions). */
    public static final String UNKNOWN_FIELDS = "onnx.unknown_fields";
    /** Node metadata key: base64 NodeProto fragment holding {@code device_configurations} (field 10). */
    public static final String NODE_DEVICE_CONFIGURATIONS = "onnx.device_configurations";

    /** Node metadata keys under which a node's {@code Provenance} travels in ONNX files (source names joined by newlines). */
    public static final String PROVENANCE_FORMAT = "modelx.source_format";
    public static final String PROVENANCE_NODES = "modelx.source_nodes";

    /** Prefix of every opaque extension that is a ModelProto fragment. */
    public static final String MODEL_FRAGMENT_PREFIX = "onnx.";

    private OnnxCarriedFields() {
    }
}
