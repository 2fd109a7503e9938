package dev.modelx.format.paddle.pir;

import java.util.List;

/** A block: its arguments (loop-carried values of a while body) and its ops in order. */
public record PirBlock(String id, List<PirValue> args, List<PirOp> ops) {

    public PirBlock {
        args = List.copyOf(args);
        ops = List.copyOf(ops);
    }
}
