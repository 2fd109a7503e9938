package dev.modelx.format.paddle.pir;

import java.util.List;

/** A region: an ordered list of blocks (pd_op.if has two regions of one block each, pd_op.while one). */
public record PirRegion(String id, List<PirBlock> blocks) {

    public PirRegion {
        blocks = List.copyOf(blocks);
    }
}
