package dev.modelx.passes;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cse}: nodes with the same op, domain, attributes and inputs compute the same values, so all but
 * the first are removed and their readers read the first one's outputs; small initializers with equal
 * contents are merged first, so that nodes reading two copies of a constant match too. Each graph is
 * handled on its own (If branches, Loop bodies included); random ops and ops with sub-graphs never merge.
 */
public final class CommonSubexpressionElimination extends BasePass {

    /** Initializers up to this many elements are compared by content (shape vectors, scalars, small tables). */
    static final long MAX_MERGED_INITIALIZER = 1024;

    public CommonSubexpressionElimination(PassOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "cse";
    }

    @Override
    public String description() {
        return "merge nodes with the same op, attributes and inputs, and initializers with equal contents";
    }

    @Override
    public Preservation preservation() {
        return Preservation.EXACT;
    }

    @Override
    protected void apply(Model model, Changes changes) {
        eliminate(Scope.main(model), changes);
    }

    private record Key(String domain, String opType, String overload, List<String> inputs, Map<String, Attribute> attributes,
                       int outputs) {
    }

    private static void eliminate(Scope scope, Changes changes) {
        mergeInitializers(scope, changes);
        Map<Key, Node> first = new HashMap<>();
        for (Node n : Order.topological(scope.graph)) {
            for (Graph sub : n.subgraphs()) {
                eliminate(scope.child(sub), changes);
            }
            if (!OpTraits.deterministic(n) || n.outputs().isEmpty()) {
                continue;
            }
            Key key = new Key(n.domain(), n.opType(), n.overload(), List.copyOf(n.inputs()), Map.copyOf(n.attributes()), n.outputs().size());
            Node original = first.putIfAbsent(key, n);
            if (original != null && merge(scope, original, n)) {
                changes.removed(1);
            } else if (original != null) {
                changes.note("kept duplicate " + n.describe() + ": its outputs and " + original.describe() + "'s are both graph outputs");
            }
        }
    }

    /** Makes readers of {@code duplicate} read {@code original} and removes it; false when output names forbid it. */
    private static boolean merge(Scope scope, Node original, Node duplicate) {
        Graph g = scope.graph;
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < duplicate.outputs().size(); i++) {
            String keep = original.output(i), drop = duplicate.output(i);
            if (drop.isEmpty()) {
                continue;
            }
            if (keep.isEmpty() || scope.isGraphOutput(drop) && scope.isGraphOutput(keep)
                    || !Rewiring.safeToReplace(g, drop, keep) || !Rewiring.safeToReplace(g, keep, drop)) {
                return false;
            }
            pairs.add(new String[]{keep, drop});
        }
        Rewiring.removeNode(g, duplicate);
        for (String[] p : pairs) {
            if (scope.isGraphOutput(p[1]) && !scope.outputsRenamable()) {
                Rewiring.rename(g, original, p[0], p[1]); // the main graph's output name stays
            } else {
                Rewiring.replaceUses(g, p[1], p[0], scope.outputsRenamable());
                Rewiring.removeValueInfo(g, p[1]);
            }
        }
        scope.invalidate();
        return true;
    }

    /** Points readers of each small initializer at the first one with equal type, shape and contents. */
    private static void mergeInitializers(Scope scope, Changes changes) {
        Graph g = scope.graph;
        Map<Object, String> byContent = new HashMap<>();
        int merged = 0;
        for (Map.Entry<String, Tensor> e : new ArrayList<>(g.initializers().entrySet())) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (t.size() > MAX_MERGED_INITIALIZER || scope.overridable(name) || scope.isGraphOutput(name)) {
                continue;
            }
            List<Object> content = List.of(t.type(), Arrays.toString(t.shape()),
                    t.type() == DataType.STRING ? List.of(t.strings()) : ByteBuffer.wrap(bytes(t)));
            String same = byContent.putIfAbsent(content, name);
            if (same != null && Rewiring.safeToReplace(g, name, same)) {
                Rewiring.replaceUses(g, name, same, false);
                Initializers.remove(scope, name);
                merged++;
            }
        }
        if (merged > 0) {
            changes.note("graph '" + g.name() + "': merged " + merged + " initializers into equal ones");
            scope.invalidate();
        }
    }

    private static byte[] bytes(Tensor t) {
        ByteBuffer b = t.packedBytes();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
