package dev.modelx.format.paddle.pir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A PIR program: base_code (magic "pir", version, trainable) and the top-level regions of the module op. */
public record PirProgram(long version, boolean trainable, List<PirRegion> regions) {

    public PirProgram {
        regions = List.copyOf(regions);
    }

    /** The main block (first block of the first region). */
    public PirBlock mainBlock() {
        return regions.get(0).blocks().get(0);
    }

    /** Every op, nested regions included, in pre-order. */
    public List<PirOp> allOps() {
        List<PirOp> out = new ArrayList<>();
        for (PirRegion r : regions) {
            visit(r, out::add);
        }
        return out;
    }

    private static void visit(PirRegion r, Consumer<PirOp> f) {
        for (PirBlock b : r.blocks()) {
            for (PirOp op : b.ops()) {
                f.accept(op);
                op.regions().forEach(inner -> visit(inner, f));
            }
        }
    }

    /** Names of the parameters, in the order their tensors appear in the params file (byte-wise sorted). */
    public List<String> parameterNames() {
        List<String> out = new ArrayList<>();
        for (PirOp op : allOps()) {
            if (op.isParameter() && !out.contains(op.parameterName())) {
                out.add(op.parameterName());
            }
        }
        out.sort(dev.modelx.format.paddle.ProgramDescs::compareBytes);
        return out;
    }
}
