package dev.modelx.exporter.paddle;

import dev.modelx.graph.Node;

/** Writes a recognised LoD sequence pattern ({@link LodPatterns}) as its Paddle sequence op. */
final class SequenceOps {

    private SequenceOps() {
    }

    /** sequence_pool(X) -> Out, MaxIndex; MaxIndex is declared as Paddle's layer declares it (X's element type, no dims). */
    static void sequencePool(ExportContext c, Node anchor, LodPatterns.SequencePool p) {
        String x = c.var(p.x());
        String out = c.out(anchor.output(0));
        String maxIndex = out.endsWith(".tmp_0") && !c.isNameUsed(out.substring(0, out.length() - 1) + "1")
                ? c.declare(out.substring(0, out.length() - 1) + "1", c.dtype(p.x()), new long[0])
                : c.temp("sequence_pool", c.dtype(p.x()), new long[0]);
        c.op("sequence_pool").in("X", x).out("Out", out).out("MaxIndex", maxIndex)
                .s("pooltype", p.pooltype()).f("pad_value", p.padValue());
    }
}
