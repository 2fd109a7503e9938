package dev.modelx.exporter.onnx;

import dev.modelx.format.onnx.OnnxFormatException;
import dev.modelx.format.onnx.proto.OnnxProtos.AttributeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.FunctionProto;
import dev.modelx.format.onnx.proto.OnnxProtos.GraphProto;
import dev.modelx.format.onnx.proto.OnnxProtos.ModelProto;
import dev.modelx.format.onnx.proto.OnnxProtos.NodeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.OperatorSetIdProto;
import dev.modelx.format.onnx.proto.OnnxProtos.StringStringEntryProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TensorAnnotation;
import dev.modelx.format.onnx.proto.OnnxProtos.ValueInfoProto;
import dev.modelx.graph.Attribute;
import dev.modelx.graph.Function;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.SparseTensor;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.importer.onnx.OnnxAttributeTypes;
import dev.modelx.importer.onnx.OnnxCarriedFields;
import dev.modelx.importer.onnx.OnnxTensors;
import dev.modelx.importer.onnx.OnnxTypes;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Builds the ModelProto of a graph model: the inverse of the importer's mapping, field by field. */
final class OnnxModelWriter {
    private final TensorEncoder tensors;

    OnnxModelWriter(TensorEncoder tensors) {
        this.tensors = tensors;
    }

    ModelProto model(Model m) {
        ModelProto.Builder p = ModelProto.newBuilder()
            .setIrVersion(m.irVersion())
            .setProducerName(m.producerName())
            .setProducerVersion(m.producerVersion())
            .setDomain(m.domain())
            .setModelVersion(m.modelVersion())
            .setGraph(graph(m.graph()));
        setIfPresent(m.docString(), p::setDocString);
        m.opsetImports().forEach((domain, version) ->
            p.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version)));
        p.addAllMetadataProps(entries(m.metadata()));
        for (Function f : m.functions()) {
            p.addFunctions(function(f));
        }
        for (Map.Entry<String, byte[]> e : m.opaqueExtensions().entrySet()) {
            if (e.getKey().startsWith(OnnxCarriedFields.MODEL_FRAGMENT_PREFIX)) {
                mergeFragment(p, e.getKey(), e.getValue());
            }
        }
        return p.build();
    }

    private static void mergeFragment(ModelProto.Builder p, String key, byte[] fragment) {
        try {
            p.mergeFrom(fragment);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxFormatException("model extension '" + key + "' is not a ModelProto fragment: " + e.getMessage(), e);
        }
    }

    GraphProto graph(Graph g) {
        GraphProto.Builder p = GraphProto.newBuilder().setName(g.name());
        setIfPresent(g.docString(), p::setDocString);
        g.inputs().forEach(v -> p.addInput(valueInfo(v)));
        g.outputs().forEach(v -> p.addOutput(valueInfo(v)));
        g.valueInfos().forEach(v -> p.addValueInfo(valueInfo(v)));
        g.initializers().forEach((name, t) -> p.addInitializer(tensors.encode(t, name)));
        g.sparseInitializers().forEach((name, t) -> p.addSparseInitializer(OnnxTensors.toProto(t, name)));
        g.nodes().forEach(n -> p.addNode(node(n)));
        for (Graph.QuantizationAnnotation a : g.quantizationAnnotations()) {
            p.addQuantizationAnnotation(TensorAnnotation.newBuilder().setTensorName(a.tensorName())
                .addAllQuantParameterTensorNames(entries(a.parameterTensorNames())));
        }
        p.addAllMetadataProps(entries(g.metadata()));
        return p.build();
    }

    private static ValueInfoProto valueInfo(ValueInfo v) {
        ValueInfoProto.Builder p = ValueInfoProto.newBuilder().setName(v.name());
        if (v.type() != null) {
            p.setType(OnnxTypes.toProto(v.type()));
        }
        setIfPresent(v.docString(), p::setDocString);
        p.addAllMetadataProps(entries(v.metadata()));
        return p.build();
    }

    private NodeProto node(Node n) {
        NodeProto.Builder p = NodeProto.newBuilder()
            .setName(n.name())
            .setOpType(n.opType())
            .setDomain(n.domain())
            .setOverload(n.overload())
            .addAllInput(n.inputs())
            .addAllOutput(n.outputs());
        setIfPresent(n.docString(), p::setDocString);
        for (Attribute a : n.attributes().values()) {
            p.addAttribute(attribute(a));
        }
        if (n.provenance() != null) {
            p.addMetadataProps(entry(OnnxCarriedFields.PROVENANCE_FORMAT, n.provenance().sourceFormat()));
            p.addMetadataProps(entry(OnnxCarriedFields.PROVENANCE_NODES, String.join("\n", n.provenance().sourceNodes())));
        }
        for (Map.Entry<String, String> e : n.metadata().entrySet()) {
            if (e.getKey().equals(OnnxCarriedFields.NODE_DEVICE_CONFIGURATIONS)) {
                mergeDeviceConfigurations(p, n, e.getValue());
            } else {
                p.addMetadataProps(entry(e.getKey(), e.getValue()));
            }
        }
        return p.build();
    }

    private static void mergeDeviceConfigurations(NodeProto.Builder p, Node n, String base64) {
        try {
            p.mergeFrom(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
            throw new OnnxFormatException(n.describe() + ": metadata '" + OnnxCarriedFields.NODE_DEVICE_CONFIGURATIONS
                + "' is not a base64 NodeProto fragment: " + e.getMessage(), e);
        }
    }

    private AttributeProto attribute(Attribute a) {
        AttributeProto.Builder p = AttributeProto.newBuilder().setName(a.name());
        setIfPresent(a.docString(), p::setDocString);
        if (a.kind() == dev.modelx.graph.AttributeKind.REFERENCE) {
            p.setRefAttrName(a.refAttrName());
            if (a.referencedKind() != null) {
                p.setType(OnnxAttributeTypes.type(a.referencedKind()));
            }
            return p.build();
        }
        p.setType(OnnxAttributeTypes.type(a.kind()));
        switch (a.kind()) {
            case FLOAT -> p.setF(a.asFloat());
            case INT -> p.setI(a.asLong());
            case STRING -> p.setS(ByteString.copyFromUtf8(a.asString()));
            case TENSOR -> p.setT(tensors.encode(a.asTensor(), null));
            case GRAPH -> p.setG(graph(a.asGraph()));
            case SPARSE_TENSOR -> p.setSparseTensor(OnnxTensors.toProto(a.asSparseTensor(), null));
            case TYPE -> p.setTp(OnnxTypes.toProto(a.asType()));
            case FLOATS -> {
                for (float f : a.asFloats()) {
                    p.addFloats(f);
                }
            }
            case INTS -> {
                for (long i : a.asLongs()) {
                    p.addInts(i);
                }
            }
            case STRINGS -> a.asStrings().forEach(s -> p.addStrings(ByteString.copyFromUtf8(s)));
            case TENSORS -> a.asTensors().forEach(t -> p.addTensors(tensors.encode(t, null)));
            case GRAPHS -> a.asGraphs().forEach(g -> p.addGraphs(graph(g)));
            case SPARSE_TENSORS -> a.asSparseTensors().forEach((SparseTensor s) -> p.addSparseTensors(OnnxTensors.toProto(s, null)));
            case TYPES -> a.asTypes().forEach((Type t) -> p.addTypeProtos(OnnxTypes.toProto(t)));
            case REFERENCE -> throw new IllegalStateException("handled above");
        }
        return p.build();
    }

    private FunctionProto function(Function f) {
        FunctionProto.Builder p = FunctionProto.newBuilder()
            .setDomain(f.domain())
            .setName(f.name())
            .setOverload(f.overload())
            .addAllInput(f.inputs())
            .addAllOutput(f.outputs())
            .addAllAttribute(f.attributeNames());
        setIfPresent(f.docString(), p::setDocString);
        f.attributeDefaults().forEach(a -> p.addAttributeProto(attribute(a)));
        f.nodes().forEach(n -> p.addNode(node(n)));
        f.opsetImports().forEach((domain, version) ->
            p.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version)));
        f.valueInfos().forEach(v -> p.addValueInfo(valueInfo(v)));
        p.addAllMetadataProps(entries(f.metadata()));
        return p.build();
    }

    private static List<StringStringEntryProto> entries(Map<String, String> map) {
        return map.entrySet().stream().map(e -> entry(e.getKey(), e.getValue())).toList();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static void setIfPresent(String value, java.util.function.Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
