package dev.modelx.importer.onnx;

import static dev.modelx.importer.onnx.OnnxTypes.text;

import dev.modelx.format.onnx.ExternalDataResolver;
import dev.modelx.format.onnx.OnnxFormatException;
import dev.modelx.format.onnx.proto.OnnxProtos.AttributeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.AttributeProto.AttributeType;
import dev.modelx.format.onnx.proto.OnnxProtos.FunctionProto;
import dev.modelx.format.onnx.proto.OnnxProtos.GraphProto;
import dev.modelx.format.onnx.proto.OnnxProtos.ModelProto;
import dev.modelx.format.onnx.proto.OnnxProtos.NodeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.OperatorSetIdProto;
import dev.modelx.format.onnx.proto.OnnxProtos.SparseTensorProto;
import dev.modelx.format.onnx.proto.OnnxProtos.StringStringEntryProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TensorAnnotation;
import dev.modelx.format.onnx.proto.OnnxProtos.TensorProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TypeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.ValueInfoProto;
import dev.modelx.graph.Attribute;
import dev.modelx.graph.AttributeKind;
import dev.modelx.graph.Function;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Provenance;
import dev.modelx.graph.SparseTensor;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one ModelProto into the graph model. Errors name the file, the node (or initializer, function) and
 * the offending value. {@code where} strings build that location as the reader descends into sub-graphs.
 */
final class OnnxModelReader {
    private final Path file;
    private final String sourceName;
    private final ExternalDataResolver resolver;

    /**
     * @param file       the model file, or null for bytes in memory (then {@code sourceName} labels errors)
     * @param resolver   resolves external data; null when there is no folder to resolve it in
     */
    OnnxModelReader(Path file, String sourceName, ExternalDataResolver resolver) {
        this.file = file;
        this.sourceName = sourceName;
        this.resolver = resolver;
    }

    Model read(ModelProto proto) {
        try {
            return model(proto);
        } catch (OnnxFormatException e) {
            if (e.file() != null) {
                throw e;
            }
            throw withFile(e.getMessage(), e);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw withFile("invalid model: " + e.getMessage(), e);
        }
    }

    private OnnxFormatException withFile(String message, Throwable cause) {
        return file != null ? new OnnxFormatException(file, message, cause)
            : new OnnxFormatException(sourceName + ": " + message, cause);
    }

    private static OnnxFormatException error(String where, String detail) {
        return new OnnxFormatException(where + ": " + detail);
    }

    private Model model(ModelProto p) {
        Model m = new Model(graph(p.getGraph(), ""));
        m.irVersion(p.getIrVersion())
            .producerName(p.getProducerName())
            .producerVersion(p.getProducerVersion())
            .domain(p.getDomain())
            .modelVersion(p.getModelVersion())
            .docString(text(p.getDocString()))
            .sourceFormat(OnnxImporter.FORMAT);
        for (OperatorSetIdProto opset : p.getOpsetImportList()) {
            m.opsetImports().put(opset.getDomain(), opset.getVersion());
        }
        putAll(m.metadata(), p.getMetadataPropsList());
        for (FunctionProto f : p.getFunctionsList()) {
            m.functions().add(function(f));
        }
        if (p.getTrainingInfoCount() > 0) {
            m.opaqueExtensions().put(OnnxCarriedFields.TRAINING_INFO,
                ModelProto.newBuilder().addAllTrainingInfo(p.getTrainingInfoList()).build().toByteArray());
        }
        if (p.getConfigurationCount() > 0) {
            m.opaqueExtensions().put(OnnxCarriedFields.DEVICE_CONFIGURATIONS,
                ModelProto.newBuilder().addAllConfiguration(p.getConfigurationList()).build().toByteArray());
        }
        if (!p.getUnknownFields().asMap().isEmpty()) {
            m.opaqueExtensions().put(OnnxCarriedFields.UNKNOWN_FIELDS,
                ModelProto.newBuilder().setUnknownFields(p.getUnknownFields()).build().toByteArray());
        }
        return m.resolveOpsetVersions();
    }

    /** @param scope where the graph sits ("" for the main graph), prefixed to the location of errors inside */
    private Graph graph(GraphProto p, String scope) {
        Graph g = new Graph(p.getName()).docString(text(p.getDocString()));
        for (ValueInfoProto v : p.getInputList()) {
            g.inputs().add(valueInfo(v, scope + "input"));
        }
        for (ValueInfoProto v : p.getOutputList()) {
            g.outputs().add(valueInfo(v, scope + "output"));
        }
        for (ValueInfoProto v : p.getValueInfoList()) {
            g.valueInfos().add(valueInfo(v, scope + "value_info"));
        }
        for (TensorProto t : p.getInitializerList()) {
            String where = scope + "initializer '" + t.getName() + "'";
            if (g.initializers().containsKey(t.getName())) {
                throw error(where, "appears twice");
            }
            g.initializers().put(t.getName(), OnnxTensors.fromProto(t, resolver, where));
        }
        for (SparseTensorProto t : p.getSparseInitializerList()) {
            String name = t.getValues().getName();
            String where = scope + "sparse initializer '" + name + "'";
            if (g.sparseInitializers().containsKey(name)) {
                throw error(where, "appears twice");
            }
            g.sparseInitializers().put(name, OnnxTensors.fromProto(t, resolver, where));
        }
        for (NodeProto n : p.getNodeList()) {
            g.nodes().add(node(n, scope));
        }
        for (TensorAnnotation a : p.getQuantizationAnnotationList()) {
            Map<String, String> names = new LinkedHashMap<>();
            putAll(names, a.getQuantParameterTensorNamesList());
            g.quantizationAnnotations().add(new Graph.QuantizationAnnotation(a.getTensorName(), names));
        }
        putAll(g.metadata(), p.getMetadataPropsList());
        return g;
    }

    private ValueInfo valueInfo(ValueInfoProto v, String kind) {
        String where = kind + " '" + v.getName() + "'";
        Type type = v.hasType() ? OnnxTypes.fromProto(v.getType(), where) : null;
        Map<String, String> metadata = new LinkedHashMap<>();
        putAll(metadata, v.getMetadataPropsList());
        return new ValueInfo(v.getName(), type, text(v.getDocString()), metadata);
    }

    private Node node(NodeProto p, String scope) {
        Node n = new Node(p.getName(), p.getOpType(), p.getDomain())
            .overload(p.getOverload())
            .inputs(p.getInputList())
            .outputs(p.getOutputList())
            .docString(text(p.getDocString()));
        String where = scope + n.describe();
        for (AttributeProto a : p.getAttributeList()) {
            if (n.hasAttribute(a.getName())) {
                throw error(where, "attribute '" + a.getName() + "' appears twice");
            }
            n.attr(attribute(a, where));
        }
        putAll(n.metadata(), p.getMetadataPropsList());
        String sourceFormat = n.metadata().remove(OnnxCarriedFields.PROVENANCE_FORMAT);
        String sourceNodes = n.metadata().remove(OnnxCarriedFields.PROVENANCE_NODES);
        if (sourceFormat != null) {
            n.provenance(new Provenance(sourceFormat, sourceNodes == null || sourceNodes.isEmpty()
                ? java.util.List.of() : java.util.List.of(sourceNodes.split("\n", -1))));
        }
        if (p.getDeviceConfigurationsCount() > 0) {
            byte[] fragment = NodeProto.newBuilder().addAllDeviceConfigurations(p.getDeviceConfigurationsList())
                .build().toByteArray();
            n.metadata().put(OnnxCarriedFields.NODE_DEVICE_CONFIGURATIONS, Base64.getEncoder().encodeToString(fragment));
        }
        return n;
    }

    private Attribute attribute(AttributeProto a, String nodeWhere) {
        String name = a.getName();
        String where = nodeWhere + ": attribute '" + name + "'";
        AttributeType type = a.getType();
        if (type == AttributeType.UNRECOGNIZED) {
            throw error(nodeWhere, "attribute '" + name + "' has unsupported type " + a.getTypeValue());
        }
        if (type == AttributeType.UNDEFINED) {
            type = OnnxAttributeTypes.inferType(a);
        }
        AttributeKind kind = OnnxAttributeTypes.kind(type);
        Attribute attribute;
        if (!a.getRefAttrName().isEmpty()) {
            attribute = Attribute.reference(name, a.getRefAttrName(), kind);
        } else if (kind == null) {
            throw error(where, "has no type and no value");
        } else {
            attribute = value(a, kind, where);
        }
        return attribute.withDocString(text(a.getDocString()));
    }

    private Attribute value(AttributeProto a, AttributeKind kind, String where) {
        String name = a.getName();
        String nested = where + ": ";
        return switch (kind) {
            case FLOAT -> Attribute.of(name, a.getF());
            case INT -> Attribute.of(name, a.getI());
            case STRING -> Attribute.of(name, a.getS().toStringUtf8());
            case TENSOR -> Attribute.of(name, OnnxTensors.fromProto(a.getT(), resolver, where));
            case GRAPH -> Attribute.of(name, graph(a.getG(), nested));
            case SPARSE_TENSOR -> Attribute.of(name, OnnxTensors.fromProto(a.getSparseTensor(), resolver, where));
            case TYPE -> Attribute.of(name, type(a.getTp(), where));
            case FLOATS -> {
                float[] values = new float[a.getFloatsCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = a.getFloats(i);
                }
                yield Attribute.floats(name, values);
            }
            case INTS -> {
                long[] values = new long[a.getIntsCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = a.getInts(i);
                }
                yield Attribute.ints(name, values);
            }
            case STRINGS -> Attribute.strings(name, a.getStringsList().stream().map(s -> s.toStringUtf8()).toList());
            case TENSORS -> {
                List<Tensor> tensors = new ArrayList<>(a.getTensorsCount());
                for (int i = 0; i < a.getTensorsCount(); i++) {
                    tensors.add(OnnxTensors.fromProto(a.getTensors(i), resolver, where + "[" + i + "]"));
                }
                yield Attribute.tensors(name, tensors);
            }
            case GRAPHS -> {
                List<Graph> graphs = new ArrayList<>(a.getGraphsCount());
                for (int i = 0; i < a.getGraphsCount(); i++) {
                    graphs.add(graph(a.getGraphs(i), where + "[" + i + "]: "));
                }
                yield Attribute.graphs(name, graphs);
            }
            case SPARSE_TENSORS -> {
                List<SparseTensor> tensors = new ArrayList<>(a.getSparseTensorsCount());
                for (int i = 0; i < a.getSparseTensorsCount(); i++) {
                    tensors.add(OnnxTensors.fromProto(a.getSparseTensors(i), resolver, where + "[" + i + "]"));
                }
                yield Attribute.sparseTensors(name, tensors);
            }
            case TYPES -> {
                List<Type> types = new ArrayList<>(a.getTypeProtosCount());
                for (int i = 0; i < a.getTypeProtosCount(); i++) {
                    types.add(type(a.getTypeProtos(i), where + "[" + i + "]"));
                }
                yield Attribute.types(name, types);
            }
            case REFERENCE -> throw error(where, "is a reference without ref_attr_name");
        };
    }

    private static Type type(TypeProto proto, String where) {
        Type type = OnnxTypes.fromProto(proto, where);
        if (type == null) {
            throw error(where, "holds a type proto with no type set");
        }
        return type;
    }

    private Function function(FunctionProto p) {
        String where = "function '" + (p.getDomain().isEmpty() ? "" : p.getDomain() + ".") + p.getName() + "'";
        Function f = new Function(p.getDomain(), p.getName())
            .overload(p.getOverload())
            .docString(text(p.getDocString()));
        f.inputs().addAll(p.getInputList());
        f.outputs().addAll(p.getOutputList());
        f.attributeNames().addAll(p.getAttributeList());
        for (AttributeProto a : p.getAttributeProtoList()) {
            f.attributeDefaults().add(attribute(a, where));
        }
        for (NodeProto n : p.getNodeList()) {
            f.nodes().add(node(n, where + ": "));
        }
        for (OperatorSetIdProto opset : p.getOpsetImportList()) {
            f.opsetImports().put(opset.getDomain(), opset.getVersion());
        }
        for (ValueInfoProto v : p.getValueInfoList()) {
            f.valueInfos().add(valueInfo(v, where + ": value_info"));
        }
        putAll(f.metadata(), p.getMetadataPropsList());
        return f;
    }

    private static void putAll(Map<String, String> target, List<StringStringEntryProto> entries) {
        for (StringStringEntryProto e : entries) {
            target.put(e.getKey(), e.getValue());
        }
    }
}
