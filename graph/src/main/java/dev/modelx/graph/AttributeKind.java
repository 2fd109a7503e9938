package dev.modelx.graph;

/** The kinds of node attribute, as in ONNX's AttributeProto.AttributeType. */
public enum AttributeKind {
    FLOAT, INT, STRING, TENSOR, GRAPH, SPARSE_TENSOR, TYPE,
    FLOATS, INTS, STRINGS, TENSORS, GRAPHS, SPARSE_TENSORS, TYPES,
    /** A reference to an attribute of the enclosing function, not yet bound to a value. */
    REFERENCE
}
