package dev.modelx.exporter.paddle;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.Node;
import dev.modelx.graph.Type;
import dev.modelx.graph.UnsupportedOpsException;
import dev.modelx.graph.ValueInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Translates a model's main graph into one Paddle block: feed ops (col = input position), the nodes through
 * the emitter table in topological order, fetch ops (col = output position), then removes ops whose results
 * nothing reads (the helpers of patterns an emitter fused) and the variables and parameters only they used;
 * initializers no node reads at all are kept as parameters.
 * Every unsupported op is collected and reported at once.
 */
public final class ProgramBuilder {

    private final EmitterTable table;

    public ProgramBuilder(EmitterTable table) {
        this.table = table;
    }

    /** The translated block; {@code file} labels errors. */
    public ExportContext build(Model model, Path file) {
        Graph g = model.graph();
        LodPatterns lod = LodPatterns.of(g);
        checkSupported(model, file, lod);
        ExportContext c = new ExportContext(g, file, ValueTypes.of(model));
        lod.helpers().forEach(c::absorb);
        int col = 0;
        for (ValueInfo in : g.feedInputs()) {
            if (lod.isOffsets(in.name())) {
                c.lodOffsets(in.name());
                continue; // the offsets are the LoD of their feed
            }
            ValueTypes.Info info = c.types().get(in.name());
            if (!(in.type() instanceof Type.TensorType)) {
                throw new ModelFormatException(file, "graph input '" + in.name() + "' is " + in.type() + "; Paddle feeds only tensors");
            }
            c.defineInput(in.name(), c.dtype(in.name()), info == null || info.dims() == null ? new long[0] : info.dims());
            Integer level = lod.lodLevels().get(in.name());
            if (level != null) {
                c.lodLevels().put(in.name(), level);
            }
            c.add(new PaddleOp("feed").in("X", "feed").out("Out", in.name()).i("col", col++));
        }
        for (Node n : Graphs.topologicalOrder(g)) {
            if (c.isAbsorbed(n)) {
                continue;
            }
            LodPatterns.SequencePool pool = lod.sequencePool(n);
            if (pool != null) {
                c.current(n);
                SequenceOps.sequencePool(c, n, pool);
                c.current(null);
                continue;
            }
            if (!n.subgraphs().isEmpty()) {
                throw new ModelFormatException(file, "node '" + n.name() + "' (" + n.opType() + "): control flow is not written to Paddle programs");
            }
            c.current(n);
            try {
                table.get(n.opType()).emit(c, n);
            } catch (ModelFormatException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ModelFormatException(file, "node '" + n.name() + "' (" + n.opType() + "): " + e.getMessage(), e);
            } finally {
                c.current(null);
            }
        }
        List<ValueInfo> outs = g.outputs();
        for (int i = 0; i < outs.size(); i++) {
            String v = outs.get(i).name();
            String var = c.var(v);
            c.add(new PaddleOp("fetch").in("X", var).out("Out", "fetch").i("col", i));
        }
        removeUnread(c);
        // initializers no node reads stay persistable variables, as Paddle keeps unused parameters
        g.initializers().forEach((name, t) -> {
            if (c.consumers(name).isEmpty() && !c.isDefined(name)) {
                c.param(name, t);
            }
        });
        c.ops().forEach(OpDefs::complete);
        return c;
    }

    private void checkSupported(Model model, Path file, LodPatterns lod) {
        TreeSet<String> missing = new TreeSet<>();
        Graphs.forEachNode(model.graph(), n -> {
            if (lod.helpers().contains(n) || lod.sequencePool(n) != null) {
                return;
            }
            boolean known = (n.domain() == null || n.domain().isEmpty() || n.domain().equals("ai.onnx")) && table.get(n.opType()) != null;
            if (!known) {
                missing.add(n.domain() == null || n.domain().isEmpty() ? n.opType() : n.domain() + "." + n.opType());
            }
        });
        if (!missing.isEmpty()) {
            throw new UnsupportedOpsException(file, "ops for Paddle export", missing);
        }
    }

    /** Drops ops none of whose outputs is read or fetched, repeatedly, then unused variables and parameters. */
    static void removeUnread(ExportContext c) {
        boolean changed = true;
        while (changed) {
            Set<String> read = new HashSet<>();
            for (PaddleOp op : c.ops()) {
                op.inputs().values().forEach(read::addAll);
            }
            List<PaddleOp> kept = new ArrayList<>();
            for (PaddleOp op : c.ops()) {
                boolean live = op.type().equals("fetch") || op.type().equals("feed")
                        || op.outputs().values().stream().flatMap(List::stream).anyMatch(read::contains);
                if (live) {
                    kept.add(op);
                }
            }
            changed = kept.size() != c.ops().size();
            c.ops().clear();
            c.ops().addAll(kept);
        }
        Set<String> used = new HashSet<>();
        for (PaddleOp op : c.ops()) {
            op.inputs().values().forEach(used::addAll);
            op.outputs().values().forEach(used::addAll);
        }
        c.vars().keySet().removeIf(v -> !used.contains(v));
        c.params().keySet().removeIf(v -> !used.contains(v));
    }
}
