package dev.modelx.importer.tensorflow;

import static dev.modelx.importer.tensorflow.TfGraphs.dims;
import static dev.modelx.importer.tensorflow.TfGraphs.f32;
import static dev.modelx.importer.tensorflow.TfGraphs.in;
import static dev.modelx.importer.tensorflow.TfGraphs.s;
import static dev.modelx.importer.tensorflow.TfGraphs.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.format.tensorflow.TensorBundleWriter;
import dev.modelx.format.tensorflow.proto.MetaGraphDef;
import dev.modelx.format.tensorflow.proto.ObjectReference;
import dev.modelx.format.tensorflow.proto.SavedModel;
import dev.modelx.format.tensorflow.proto.SavedObject;
import dev.modelx.format.tensorflow.proto.SavedObjectGraph;
import dev.modelx.format.tensorflow.proto.SavedVariable;
import dev.modelx.format.tensorflow.proto.SignatureDef;
import dev.modelx.format.tensorflow.proto.TensorInfo;
import dev.modelx.format.tensorflow.proto.TrackableObjectGraph;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.runtime.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TF2-style SavedModel built in code: a resource variable found through the object graphs. */
class SavedModelImportTest {

    @TempDir
    Path dir;

    private Path writeSavedModel() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("serving_default_x", DataType.FLOAT, 2);
        g.g.addNode(dev.modelx.format.tensorflow.proto.NodeDef.newBuilder().setName("dense_kernel_handle").setOp("VarHandleOp")
                .putAttr("dtype", type(DataType.FLOAT)).putAttr("shared_name", s("dense/kernel")));
        g.op("read", "ReadVariableOp", in("dense_kernel_handle"), "dtype", type(DataType.FLOAT))
                .op("out", "Mul", in("serving_default_x", "read"));
        SignatureDef sig = SignatureDef.newBuilder()
                .putInputs("x", TensorInfo.newBuilder().setName("serving_default_x:0").setDtypeValue(1).build())
                .putOutputs("y", TensorInfo.newBuilder().setName("out:0").setDtypeValue(1).build())
                .setMethodName("tensorflow/serving/predict").build();
        SavedObjectGraph objects = SavedObjectGraph.newBuilder()
                .addNodes(SavedObject.newBuilder().addChildren(ObjectReference.newBuilder().setNodeId(1).setLocalName("kernel")))
                .addNodes(SavedObject.newBuilder().setVariable(SavedVariable.newBuilder().setName("dense/kernel"))).build();
        MetaGraphDef mg = MetaGraphDef.newBuilder().setGraphDef(g.g).putSignatureDef("serving_default", sig).setObjectGraphDef(objects)
                .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve")).build();
        Path sm = Files.createDirectory(dir.resolve("sm"));
        Files.write(sm.resolve("saved_model.pb"), SavedModel.newBuilder().addMetaGraphs(mg).build().toByteArray());
        TrackableObjectGraph ckpt = TrackableObjectGraph.newBuilder()
                .addNodes(TrackableObjectGraph.TrackableObject.newBuilder().addChildren(ObjectReference.newBuilder().setNodeId(1).setLocalName("kernel")))
                .addNodes(TrackableObjectGraph.TrackableObject.newBuilder().addAttributes(TrackableObjectGraph.TrackableObject.SerializedTensor
                        .newBuilder().setName("VARIABLE_VALUE").setCheckpointKey("kernel/.ATTRIBUTES/VARIABLE_VALUE"))).build();
        Files.createDirectory(sm.resolve("variables"));
        TensorBundleWriter.write(sm.resolve("variables/variables"), Map.of(
                "kernel/.ATTRIBUTES/VARIABLE_VALUE", Tensor.ofFloats(dims(2), 3, -2),
                "_CHECKPOINTABLE_OBJECT_GRAPH", Tensor.ofStrings(new long[0], new String(ckpt.toByteArray(), StandardCharsets.ISO_8859_1))));
        return sm;
    }

    private static void checkRuns(Model m) {
        assertEquals("x", m.graph().inputs().get(0).name());
        assertEquals("y", m.graph().outputs().get(0).name());
        try (Session s = Session.create(m)) {
            Check.close(s.runTensors(Map.of("x", f32(dims(2), 1, 2))).get("y"), dims(2), 3, -4);
        }
    }

    @Test
    void resourceVariableIsResolvedThroughTheObjectGraphs() throws IOException {
        Path sm = writeSavedModel();
        assertTrue(new TfSavedModelImporter().canRead(sm));
        checkRuns(new TfSavedModelImporter().read(sm, ImportOptions.defaults()));
    }

    @Test
    void savedModelInsideATarGzImports() throws IOException {
        Path sm = writeSavedModel();
        Path archive = dir.resolve("model.tar.gz");
        try (OutputStream o = new GzipCompressorOutputStream(Files.newOutputStream(archive));
             TarArchiveOutputStream t = new TarArchiveOutputStream(o);
             Stream<Path> files = Files.walk(sm)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                TarArchiveEntry e = new TarArchiveEntry(p.toFile(), "export/" + sm.relativize(p));
                t.putArchiveEntry(e);
                Files.copy(p, t);
                t.closeArchiveEntry();
            }
        }
        assertTrue(new TfSavedModelImporter().canRead(archive));
        checkRuns(new TfSavedModelImporter().read(archive, ImportOptions.defaults()));
    }
}
