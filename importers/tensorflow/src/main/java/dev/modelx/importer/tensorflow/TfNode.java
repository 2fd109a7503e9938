package dev.modelx.importer.tensorflow;

import dev.modelx.format.tensorflow.TfDataTypes;
import dev.modelx.format.tensorflow.proto.AttrValue;
import dev.modelx.format.tensorflow.proto.NodeDef;
import dev.modelx.format.tensorflow.proto.TensorShapeProto;
import dev.modelx.graph.DataType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A NodeDef with its data inputs parsed and typed attribute accessors. */
final class TfNode {

    private final NodeDef def;
    private final List<TfRef> inputs = new ArrayList<>();
    private final List<TfRef> controls = new ArrayList<>();

    TfNode(NodeDef def) {
        this.def = def;
        for (String in : def.getInputList()) {
            TfRef r = TfRef.parse(in);
            (r.control() ? controls : inputs).add(r);
        }
    }

    NodeDef def() {
        return def;
    }

    String name() {
        return def.getName();
    }

    String op() {
        return def.getOp();
    }

    List<TfRef> inputs() {
        return inputs;
    }

    TfRef input(int i) {
        return inputs.get(i);
    }

    int inputCount() {
        return inputs.size();
    }

    List<TfRef> controlInputs() {
        return controls;
    }

    boolean has(String attr) {
        return def.containsAttr(attr);
    }

    AttrValue attr(String name) {
        AttrValue a = def.getAttrOrDefault(name, null);
        if (a == null) {
            throw new TfImportException("node '" + name() + "' (" + op() + ") has no attribute '" + name + "'");
        }
        return a;
    }

    long i(String name, long dflt) {
        return has(name) ? attr(name).getI() : dflt;
    }

    float f(String name, float dflt) {
        return has(name) ? attr(name).getF() : dflt;
    }

    boolean b(String name, boolean dflt) {
        return has(name) ? attr(name).getB() : dflt;
    }

    String s(String name, String dflt) {
        return has(name) ? attr(name).getS().toString(StandardCharsets.UTF_8) : dflt;
    }

    long[] ints(String name, long[] dflt) {
        if (!has(name)) {
            return dflt;
        }
        return attr(name).getList().getIList().stream().mapToLong(Long::longValue).toArray();
    }

    /** The element type in attribute {@code name} (a "type" attr). */
    Optional<DataType> type(String name) {
        return has(name) ? TfDataTypes.toDataType(attr(name).getTypeValue()) : Optional.empty();
    }

    DataType requireType(String name) {
        return type(name).orElseThrow(() -> new TfImportException("node '" + name() + "' (" + op()
                + "): attribute '" + name + "' is missing or names an unsupported type"));
    }

    Optional<TensorShapeProto> shape(String name) {
        return has(name) && attr(name).hasShape() ? Optional.of(attr(name).getShape()) : Optional.empty();
    }

    String dataFormat() {
        return s("data_format", "NHWC");
    }

    /** The element type of output {@code k} as the usual attributes tell it, when they do. */
    Optional<DataType> outputType(int k) {
        for (String a : List.of("out_type", "DstT", "dtype", "output_type", "Tout", "T")) {
            if (has(a)) {
                AttrValue v = attr(a);
                if (v.hasList() && v.getList().getTypeCount() > k) {
                    return TfDataTypes.toDataType(v.getList().getTypeValue(k));
                }
                if (v.getValueCase() == AttrValue.ValueCase.TYPE) {
                    return TfDataTypes.toDataType(v.getTypeValue());
                }
            }
        }
        return Optional.empty();
    }

    String describe() {
        return "node '" + name() + "' (" + op() + ")";
    }
}
