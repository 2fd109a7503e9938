package dev.modelx.importer.tensorflow;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.modelx.format.tensorflow.TensorBundle;
import dev.modelx.format.tensorflow.proto.ObjectReference;
import dev.modelx.format.tensorflow.proto.SavedObject;
import dev.modelx.format.tensorflow.proto.SavedObjectGraph;
import dev.modelx.format.tensorflow.proto.TrackableObjectGraph;
import dev.modelx.graph.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Variable values of a SavedModel, from its checkpoint bundle. TF1 variables are stored under their node
 * name; TF2 resource variables under the object-graph path {@code <path>/.ATTRIBUTES/VARIABLE_VALUE},
 * found by walking the SavedObjectGraph and the checkpoint's TrackableObjectGraph in step.
 */
final class VariableStore {

    static final String OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH";
    static final String VALUE_SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE";

    private final Path file;
    private final TensorBundle bundle;
    /** SavedVariable name (the handle's shared_name) -> checkpoint key. */
    private final Map<String, String> byVariableName = new HashMap<>();

    VariableStore(Path file, TensorBundle bundle, SavedObjectGraph objects) {
        this.file = file;
        this.bundle = bundle;
        if (objects != null && objects.getNodesCount() > 0 && bundle.contains(OBJECT_GRAPH_KEY)) {
            try {
                mapObjectGraph(objects, TrackableObjectGraph.parseFrom(bundle.readStringBytes(OBJECT_GRAPH_KEY)[0]));
            } catch (InvalidProtocolBufferException e) {
                throw new TfImportException(file, "checkpoint object graph is not a valid TrackableObjectGraph", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void mapObjectGraph(SavedObjectGraph saved, TrackableObjectGraph ckpt) {
        // Walk both graphs from the root along children with the same local names.
        Deque<int[]> q = new ArrayDeque<>();
        q.add(new int[]{0, 0});
        Set<Integer> seen = new java.util.HashSet<>();
        while (!q.isEmpty()) {
            int[] p = q.poll();
            if (!seen.add(p[0]) || p[0] >= saved.getNodesCount() || p[1] >= ckpt.getNodesCount()) {
                continue;
            }
            SavedObject so = saved.getNodes(p[0]);
            TrackableObjectGraph.TrackableObject to = ckpt.getNodes(p[1]);
            if (so.hasVariable()) {
                for (TrackableObjectGraph.TrackableObject.SerializedTensor a : to.getAttributesList()) {
                    if (a.getName().equals("VARIABLE_VALUE")) {
                        byVariableName.putIfAbsent(so.getVariable().getName(), a.getCheckpointKey());
                    }
                }
            }
            Map<String, Integer> ckptChildren = new HashMap<>();
            for (ObjectReference c : to.getChildrenList()) {
                ckptChildren.put(c.getLocalName(), c.getNodeId());
            }
            for (ObjectReference c : so.getChildrenList()) {
                Integer other = ckptChildren.get(c.getLocalName());
                if (other != null) {
                    q.add(new int[]{c.getNodeId(), other});
                }
            }
        }
    }

    /** The value of variable node {@code n} (VariableV2 / VarHandleOp). */
    Tensor value(TfNode n) {
        String shared = n.s("shared_name", "");
        Set<String> candidates = new LinkedHashSet<>();
        candidates.add(n.name());
        if (!shared.isEmpty()) {
            candidates.add(shared);
            if (byVariableName.containsKey(shared)) {
                candidates.add(byVariableName.get(shared));
            }
            candidates.add(shared + VALUE_SUFFIX);
        }
        if (byVariableName.containsKey(n.name())) {
            candidates.add(byVariableName.get(n.name()));
        }
        for (String k : candidates) {
            if (bundle.contains(k)) {
                try {
                    return bundle.read(k);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        List<String> tried = new ArrayList<>(candidates);
        throw new TfImportException(file, n.describe() + ": no checkpoint value (tried keys " + tried + ")", null);
    }
}
