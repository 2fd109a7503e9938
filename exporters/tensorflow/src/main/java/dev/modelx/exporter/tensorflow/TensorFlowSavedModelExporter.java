package dev.modelx.exporter.tensorflow;

import dev.modelx.format.tensorflow.TensorBundleWriter;
import dev.modelx.format.tensorflow.proto.GraphDef;
import dev.modelx.format.tensorflow.proto.MetaGraphDef;
import dev.modelx.format.tensorflow.proto.NodeDef;
import dev.modelx.format.tensorflow.proto.SavedModel;
import dev.modelx.format.tensorflow.proto.SignatureDef;
import dev.modelx.format.tensorflow.proto.TensorInfo;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.ModelExporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes a SavedModel folder ({@code --to tf-savedmodel}): {@code saved_model.pb} with one MetaGraphDef
 * tagged "serve" and a "serving_default" signature whose keys are the graph-model input/output names,
 * and {@code variables/variables.{index,data-00000-of-00001}} holding the weights.
 * <p>
 * The weights (floating-point initializers of two or more elements) are TF1-style resource variables:
 * VarHandleOp + ReadVariableOp in the graph, restored by a {@code save/restore_all} subgraph (RestoreV2 +
 * AssignVariableOp) that the SaverDef names — what TF's C++ loader, and so TF Java's
 * {@code SavedModelBundle.load(dir, "serve")}, runs after importing the graph. Small constants stay Const
 * nodes. Option {@code variables=false} writes every weight as a Const (an empty checkpoint is then omitted).
 */
public final class TensorFlowSavedModelExporter implements ModelExporter {

    public static final String FORMAT = "tf-savedmodel";
    public static final String TAG = "serve";
    public static final String SIGNATURE = "serving_default";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public void write(Model model, Path path, ExportOptions options) throws IOException {
        boolean variables = !"false".equalsIgnoreCase(options.get("variables").orElse("true"));
        TfGraphEmitter.Emitted e = TfGraphEmitter.emit(model, path, variables);
        Set<String> alive = new HashSet<>();
        for (NodeDef n : e.graphDef().getNodeList()) {
            alive.add(n.getName());
        }
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (EmitContext.Variable v : e.variables()) {
            if (alive.contains(v.handle())) {
                weights.put(v.handle(), v.value());
            }
        }
        GraphDef.Builder graph = e.graphDef().toBuilder();
        MetaGraphDef.Builder meta = MetaGraphDef.newBuilder()
                .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags(TAG).setTensorflowVersion("2.18.0")
                        .setMetaGraphVersion("modelx"));
        if (!weights.isEmpty()) {
            meta.setSaverDef(SaveRestoreGraph.add(graph, weights));
        }
        meta.setGraphDef(graph);
        meta.putSignatureDef(SIGNATURE, signature(e));
        SavedModel sm = SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(meta).build();
        if (sm.getSerializedSize() < 0 || sm.getSerializedSize() >= TensorFlowGraphDefExporter.MAX_PROTO_BYTES) {
            throw new TfExportException(path, "saved_model.pb would be larger than protobuf's 2 GB limit");
        }
        AtomicFolder.write(path, dir -> {
            Files.write(dir.resolve("saved_model.pb"), sm.toByteArray());
            Path vars = Files.createDirectories(dir.resolve("variables"));
            if (!weights.isEmpty()) {
                TensorBundleWriter.write(vars.resolve("variables"), weights);
            }
        });
    }

    private static SignatureDef signature(TfGraphEmitter.Emitted e) {
        SignatureDef.Builder s = SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict");
        e.inputs().forEach((name, node) -> s.putInputs(name, info(node, e.inputInfo().get(name))));
        e.outputs().forEach((name, node) -> s.putOutputs(name, info(node, e.outputInfo().get(name))));
        return s.build();
    }

    private static TensorInfo info(String node, ValueInfo vi) {
        TensorInfo.Builder t = TensorInfo.newBuilder().setName(node + ":0");
        if (vi != null && vi.type() instanceof Type.TensorType tt) {
            t.setDtypeValue(TfExportTypes.code(tt.elementType()));
            long[] dims = null;
            if (tt.shape() != null) {
                dims = new long[tt.shape().rank()];
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = tt.shape().dim(i).isStatic() ? tt.shape().dim(i).value() : -1;
                }
            }
            t.setTensorShape(TfOp.shapeProto(dims));
        }
        return t.build();
    }
}
