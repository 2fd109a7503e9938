package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;

/**
 * Bitcast between types of one width (a different width changes TF's shape and is refused). Integer to
 * integer is a Cast, which wraps, so it keeps the bits; anything involving floats needs ONNX BitCast
 * (op set 26), which raises the model's op set.
 */
final class BitcastOps {

    private BitcastOps() {
    }

    static void register(OpRegistry r) {
        r.register(BitcastOps::bitcast, "Bitcast");
    }

    private static boolean integer(DataType t) {
        return switch (t) {
            case INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64 -> true;
            default -> false;
        };
    }

    private static void bitcast(TfNode n, Scope s) {
        DataType from = n.requireType("T");
        DataType to = n.requireType("type");
        if (from.bits() != to.bits()) {
            throw new TfImportException(n.describe() + ": Bitcast from " + from.displayName() + " (" + from.bits() + " bits) to "
                    + to.displayName() + " (" + to.bits() + " bits) changes the shape; only equal widths are supported");
        }
        String x = s.in(n, 0);
        if (from == to) {
            s.out(n, 0, x);
            return;
        }
        String out;
        if (integer(from) && integer(to)) {
            out = s.add(s.node("Cast", x).attr("to", (long) to.code())).output(0);
        } else {
            s.session.requireOpset(26);
            out = s.add(s.node("BitCast", x).attr("to", (long) to.code())).output(0);
        }
        s.setType(out, to);
        s.out(n, 0, out);
    }
}
