package dev.modelx.exporter.paddle;

import java.util.List;

/**
 * A nested block of a control-flow op: its translated ops and variables ({@code block}), the variables that
 * hold its arguments (a while body's loop-carried values, named like the op's results) and the variables it
 * yields (an If branch's results; a while body's next condition and next loop-carried values).
 */
public record SubBlock(ExportContext block, List<String> args, List<String> yields) {

    public SubBlock {
        args = List.copyOf(args);
        yields = List.copyOf(yields);
    }
}
