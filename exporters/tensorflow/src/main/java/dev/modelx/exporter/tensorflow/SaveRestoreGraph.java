package dev.modelx.exporter.tensorflow;

import dev.modelx.format.tensorflow.TfTensors;
import dev.modelx.format.tensorflow.proto.AttrValue;
import dev.modelx.format.tensorflow.proto.GraphDef;
import dev.modelx.format.tensorflow.proto.NodeDef;
import dev.modelx.format.tensorflow.proto.SaverDef;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The TF1 saver subgraph of a SavedModel: {@code save/Const} (the checkpoint prefix the loader feeds),
 * RestoreV2 + one AssignVariableOp per variable grouped by {@code save/restore_all}, and SaveV2 for
 * completeness. Checkpoint keys are the VarHandleOp names.
 */
final class SaveRestoreGraph {

    private SaveRestoreGraph() {
    }

    static SaverDef add(GraphDef.Builder g, Map<String, Tensor> variables) {
        List<String> names = new ArrayList<>(variables.keySet());
        int n = names.size();
        String[] empty = new String[n];
        java.util.Arrays.fill(empty, "");
        DataType[] types = new DataType[n];
        for (int i = 0; i < n; i++) {
            types[i] = variables.get(names.get(i)).type();
        }
        g.addNode(constant("save/Const", Tensor.ofStrings(new long[0], "model")));
        g.addNode(constant("save/tensor_names", Tensor.ofStrings(new long[]{n}, names.toArray(String[]::new))));
        g.addNode(constant("save/shape_and_slices", Tensor.ofStrings(new long[]{n}, empty)));
        g.addNode(node("save/RestoreV2", "RestoreV2").addInput("save/Const").addInput("save/tensor_names")
                .addInput("save/shape_and_slices").putAttr("dtypes", typeList(types)));
        NodeDef.Builder restoreAll = node("save/restore_all", "NoOp");
        NodeDef.Builder save = node("save/SaveV2", "SaveV2").addInput("save/Const").addInput("save/tensor_names")
                .addInput("save/shape_and_slices").putAttr("dtypes", typeList(types));
        for (int i = 0; i < n; i++) {
            String assign = "save/AssignVariableOp_" + i;
            g.addNode(node(assign, "AssignVariableOp").addInput(names.get(i)).addInput(i == 0 ? "save/RestoreV2" : "save/RestoreV2:" + i)
                    .putAttr("dtype", type(types[i])));
            restoreAll.addInput("^" + assign);
            String read = "save/read_" + i;
            g.addNode(node(read, "ReadVariableOp").addInput(names.get(i)).putAttr("dtype", type(types[i])));
            save.addInput(read);
        }
        g.addNode(restoreAll);
        g.addNode(save);
        g.addNode(node("save/control_dependency", "Identity").addInput("save/Const").addInput("^save/SaveV2")
                .putAttr("T", type(DataType.STRING)));
        return SaverDef.newBuilder().setFilenameTensorName("save/Const:0").setSaveTensorName("save/control_dependency:0")
                .setRestoreOpName("save/restore_all").setMaxToKeep(5).setKeepCheckpointEveryNHours(10000).setVersion(2).build();
    }

    private static NodeDef.Builder node(String name, String op) {
        return NodeDef.newBuilder().setName(name).setOp(op);
    }

    private static NodeDef.Builder constant(String name, Tensor t) {
        return node(name, "Const").putAttr("dtype", type(t.type()))
                .putAttr("value", AttrValue.newBuilder().setTensor(TfTensors.toProto(t)).build());
    }

    private static AttrValue type(DataType t) {
        return AttrValue.newBuilder().setTypeValue(TfExportTypes.code(t)).build();
    }

    private static AttrValue typeList(DataType[] ts) {
        AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
        for (DataType t : ts) {
            l.addTypeValue(TfExportTypes.code(t));
        }
        return AttrValue.newBuilder().setList(l).build();
    }
}
