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
 * Translates a model's main graph into one Paddle block: feed ops (col = input position, in reverse col order
 * as Paddle saves them), the nodes through
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
        // Paddle's save_inference_model prepends one feed op per input in col order: the last col comes first
        java.util.Collections.reverse(c.ops().subList(0, col));
        emitNodes(c, g, lod);
        List<ValueInfo> outs = g.outputs();
        for (int i = 0; i < outs.size(); i++) {
            String v = outs.get(i).name();
            String var = c.var(v);
            c.add(new PaddleOp("fetch").in("X", var).out("Out", "fetch").i("col", i));
        }
        removeUnread(c, Set.of(), false);
        // initializers no node reads stay persistable variables, as Paddle keeps unused parameters
        g.initializers().forEach((name, t) -> {
            if (c.consumers(name).isEmpty() && !c.isDefined(name)) {
                c.param(name, t);
            }
        });
        complete(c);
        return c;
    }

    /** Gives every op of the block and its nested blocks its definition's slots and attributes; control-flow ops are completed when lowered. */
    static void complete(ExportContext c) {
        for (PaddleOp op : c.ops()) {
            if (ControlFlowEmitters.isStructured(op)) {
                op.blocks().forEach(b -> complete(b.block()));
            } else {
                OpDefs.complete(op);
            }
        }
    }

    /** Writes the nodes of {@code g} into block {@code c}, in topological order. */
    void emitNodes(ExportContext c, Graph g, LodPatterns lod) {
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
            c.current(n);
            try {
                if (ControlFlowEmitters.handles(n)) {
                    ControlFlowEmitters.emit(this, c, n);
                } else {
                    table.get(n.opType()).emit(c, n);
                }
                if (n.opType().equals("Constant") && !n.outputs().isEmpty() && c.isEager(n.output(0))) {
                    c.var(n.output(0));
                }
            } catch (ModelFormatException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ModelFormatException(c.file(), "node '" + n.name() + "' (" + n.opType() + "): " + e.getMessage(), e);
            } finally {
                c.current(null);
            }
        }
    }

    /** Writes a control-flow body into block {@code c} (a child context). */
    void emitBody(ExportContext c, Graph body) {
        emitNodes(c, body, LodPatterns.of(new Graph(body.name())));
    }

    private void checkSupported(Model model, Path file, LodPatterns lod) {
        TreeSet<String> missing = new TreeSet<>();
        Graphs.forEachNode(model.graph(), n -> {
            if (lod.helpers().contains(n) || lod.sequencePool(n) != null) {
                return;
            }
            boolean known = (n.domain() == null || n.domain().isEmpty() || n.domain().equals("ai.onnx"))
                    && (table.get(n.opType()) != null || ControlFlowEmitters.handles(n));
            if (!known) {
                missing.add(n.domain() == null || n.domain().isEmpty() ? n.opType() : n.domain() + "." + n.opType());
            }
        });
        if (!missing.isEmpty()) {
            throw new UnsupportedOpsException(file, "ops for Paddle export", missing);
        }
    }

    /**
     * Drops ops none of whose outputs is read (in this block, a nested one or, for a body, around it), yielded or
     * fetched, repeatedly,
     * then unused variables and parameters. In a control-flow body ({@code body}) an op that computes a value of
     * the body's graph from inputs stays even when nothing reads it, as the body keeps the ops its source had;
     * unread constants and helpers of fused patterns go.
     */
    static void removeUnread(ExportContext c, Set<String> readAround, boolean body) {
        boolean changed = true;
        Set<String> read = new HashSet<>(readAround);
        while (changed) {
            read = new HashSet<>(readAround);
            reads(c, read);
            List<PaddleOp> kept = new ArrayList<>();
            for (PaddleOp op : c.ops()) {
                boolean live = op.type().equals("fetch") || op.type().equals("feed")
                        || op.outputs().values().stream().flatMap(List::stream).anyMatch(read::contains)
                        || body && op.inputs().values().stream().anyMatch(vs -> !vs.isEmpty())
                        && op.outputs().values().stream().flatMap(List::stream).anyMatch(v -> c.graph().nodes().stream()
                        .anyMatch(n -> n.outputs().contains(v)));
                if (live) {
                    kept.add(op);
                }
            }
            changed = kept.size() != c.ops().size();
            c.ops().clear();
            c.ops().addAll(kept);
        }
        for (PaddleOp op : c.ops()) {
            for (SubBlock b : op.blocks()) {
                // a body's op is live when read anywhere around it too (a tensor array the body writes is read after it)
                Set<String> inner = new HashSet<>(read);
                inner.addAll(b.yields());
                removeUnread(b.block(), inner, true);
            }
        }
        Set<String> used = new HashSet<>();
        uses(c, used);
        c.vars().keySet().removeIf(v -> !used.contains(v));
        if (c.parent() == null) {
            c.params().keySet().removeIf(v -> !used.contains(v));
        }
    }

    /** Every variable read by the ops of {@code c} and of its nested blocks, and yielded by the nested blocks. */
    private static void reads(ExportContext c, Set<String> out) {
        for (PaddleOp op : c.ops()) {
            out.addAll(op.reads());
            for (SubBlock b : op.blocks()) {
                out.addAll(b.yields());
                reads(b.block(), out);
            }
        }
    }

    /** Every variable read or written in {@code c} and its nested blocks. */
    private static void uses(ExportContext c, Set<String> out) {
        for (PaddleOp op : c.ops()) {
            out.addAll(op.reads());
            op.outputs().values().forEach(out::addAll);
            for (SubBlock b : op.blocks()) {
                out.addAll(b.args());
                out.addAll(b.yields());
                uses(b.block(), out);
            }
        }
    }
}
