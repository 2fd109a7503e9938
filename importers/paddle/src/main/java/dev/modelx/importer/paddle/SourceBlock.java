package dev.modelx.importer.paddle;

import java.util.List;

/**
 * A nested block of a control-flow op. Legacy sub-blocks name their variables directly (args and yields
 * empty); PIR blocks have arguments (a while body's loop-carried values) and end in cf.yield, whose operands
 * are {@link #yields()}.
 */
public record SourceBlock(List<String> args, List<SourceOp> ops, List<String> yields) {

    public SourceBlock {
        args = List.copyOf(args);
        ops = List.copyOf(ops);
        yields = List.copyOf(yields);
    }
}
