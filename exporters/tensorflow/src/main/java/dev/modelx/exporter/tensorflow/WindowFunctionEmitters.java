package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/**
 * HannWindow, HammingWindow and BlackmanWindow (op set 17), computed in float64 from a Range of the sample
 * indices and cast to output_datatype: periodic windows divide by size, symmetric ones by size - 1.
 */
final class WindowFunctionEmitters {

    private WindowFunctionEmitters() {
    }

    static void register(Emitters r) {
        r.register(c -> window(c, 'n'), "HannWindow");
        r.register(c -> window(c, 'm'), "HammingWindow");
        r.register(c -> window(c, 'b'), "BlackmanWindow");
    }

    private static void window(EmitContext c, char kind) {
        Val size = c.require(0, "size");
        DataType out = DataType.fromCode((int) c.node.attrLong("output_datatype", DataType.FLOAT.code()));
        boolean periodic = c.node.attrLong("periodic", 1) != 0;
        DataType d = DataType.DOUBLE;
        DataType l = DataType.INT64;
        String n = Ops.cast(c, Ops.reshape(c, c.t(size), size.type(), c.longs()), size.type(), l);
        String i = Ops.cast(c, c.op("Range", "samples").in(c.constant(Tensor.scalar(0L))).in(n).in(c.constant(Tensor.scalar(1L)))
                .type("Tidx", l).out(), l, d);
        String n1 = Ops.cast(c, n, l, d);
        if (!periodic) {
            n1 = Ops.bin(c, "Sub", n1, c.scalar(d, 1), d);
        }
        // x = pi * i / n1; the windows are functions of cos(2x) and cos(4x)
        String x = Ops.bin(c, "RealDiv", Ops.bin(c, "Mul", i, c.scalar(d, Math.PI), d), n1, d);
        String y = switch (kind) {
            case 'n' -> Ops.un(c, "Square", Ops.un(c, "Sin", x, d), d);
            case 'm' -> {
                double alpha = 25.0 / 46.0;
                yield Ops.bin(c, "Sub", c.scalar(d, alpha),
                        Ops.bin(c, "Mul", c.scalar(d, 1 - alpha), Ops.un(c, "Cos", Ops.bin(c, "Mul", x, c.scalar(d, 2), d), d), d), d);
            }
            default -> {
                String c2 = Ops.bin(c, "Mul", c.scalar(d, 0.5), Ops.un(c, "Cos", Ops.bin(c, "Mul", x, c.scalar(d, 2), d), d), d);
                String c4 = Ops.bin(c, "Mul", c.scalar(d, 0.08), Ops.un(c, "Cos", Ops.bin(c, "Mul", x, c.scalar(d, 4), d), d), d);
                yield Ops.bin(c, "AddV2", Ops.bin(c, "Sub", c.scalar(d, 0.42), c2, d), c4, d);
            }
        };
        long[] s = ConstTensors.longValues(size);
        c.out(0, c.val(Ops.cast(c, y, d, out), out, new long[]{s == null ? -1 : s[0]}));
    }
}
