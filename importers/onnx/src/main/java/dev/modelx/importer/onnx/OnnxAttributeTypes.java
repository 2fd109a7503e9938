package dev.modelx.importer.onnx;

import dev.modelx.format.onnx.proto.OnnxProtos.AttributeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.AttributeProto.AttributeType;
import dev.modelx.graph.AttributeKind;

/** Maps ONNX attribute types to graph attribute kinds and back. */
public final class OnnxAttributeTypes {

    private OnnxAttributeTypes() {
    }

    /** The kind for a type, or null for UNDEFINED and codes this schema does not know. */
    public static AttributeKind kind(AttributeType type) {
        return switch (type) {
            case FLOAT -> AttributeKind.FLOAT;
            case INT -> AttributeKind.INT;
            case STRING -> AttributeKind.STRING;
            case TENSOR -> AttributeKind.TENSOR;
            case GRAPH -> AttributeKind.GRAPH;
            case SPARSE_TENSOR -> AttributeKind.SPARSE_TENSOR;
            case TYPE_PROTO -> AttributeKind.TYPE;
            case FLOATS -> AttributeKind.FLOATS;
            case INTS -> AttributeKind.INTS;
            case STRINGS -> AttributeKind.STRINGS;
            case TENSORS -> AttributeKind.TENSORS;
            case GRAPHS -> AttributeKind.GRAPHS;
            case SPARSE_TENSORS -> AttributeKind.SPARSE_TENSORS;
            case TYPE_PROTOS -> AttributeKind.TYPES;
            case UNDEFINED, UNRECOGNIZED -> null;
        };
    }

    public static AttributeType type(AttributeKind kind) {
        return switch (kind) {
            case FLOAT -> AttributeType.FLOAT;
            case INT -> AttributeType.INT;
            case STRING -> AttributeType.STRING;
            case TENSOR -> AttributeType.TENSOR;
            case GRAPH -> AttributeType.GRAPH;
            case SPARSE_TENSOR -> AttributeType.SPARSE_TENSOR;
            case TYPE -> AttributeType.TYPE_PROTO;
            case FLOATS -> AttributeType.FLOATS;
            case INTS -> AttributeType.INTS;
            case STRINGS -> AttributeType.STRINGS;
            case TENSORS -> AttributeType.TENSORS;
            case GRAPHS -> AttributeType.GRAPHS;
            case SPARSE_TENSORS -> AttributeType.SPARSE_TENSORS;
            case TYPES -> AttributeType.TYPE_PROTOS;
            case REFERENCE -> throw new IllegalArgumentException("REFERENCE has no ONNX attribute type of its own");
        };
    }

    /**
     * The type an attribute written without one (early IR versions) must have, judged by which value field is
     * set; UNDEFINED when none is (a zero scalar is indistinguishable from "no value" in proto3).
     */
    static AttributeType inferType(AttributeProto a) {
        if (a.getFloatsCount() > 0) {
            return AttributeType.FLOATS;
        } else if (a.getIntsCount() > 0) {
            return AttributeType.INTS;
        } else if (a.getStringsCount() > 0) {
            return AttributeType.STRINGS;
        } else if (a.getTensorsCount() > 0) {
            return AttributeType.TENSORS;
        } else if (a.getGraphsCount() > 0) {
            return AttributeType.GRAPHS;
        } else if (a.getSparseTensorsCount() > 0) {
            return AttributeType.SPARSE_TENSORS;
        } else if (a.getTypeProtosCount() > 0) {
            return AttributeType.TYPE_PROTOS;
        } else if (a.hasT()) {
            return AttributeType.TENSOR;
        } else if (a.hasG()) {
            return AttributeType.GRAPH;
        } else if (a.hasSparseTensor()) {
            return AttributeType.SPARSE_TENSOR;
        } else if (a.hasTp()) {
            return AttributeType.TYPE_PROTO;
        } else if (!a.getS().isEmpty()) {
            return AttributeType.STRING;
        } else if (a.getI() != 0) {
            return AttributeType.INT;
        } else if (a.getF() != 0f) {
            return AttributeType.FLOAT;
        }
        return AttributeType.UNDEFINED;
    }
}
