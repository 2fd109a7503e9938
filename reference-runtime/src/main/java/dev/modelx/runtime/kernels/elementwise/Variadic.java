package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.Tensors;

import java.util.ArrayList;
import java.util.List;

/** Max, Min, Sum and Mean over any number of broadcasting inputs of one type. */
public final class Variadic {

    private Variadic() {
    }

    private enum Kind { MAX, MIN, SUM, MEAN }

    public static void max(OpContext c) {
        run(c, Kind.MAX);
    }

    public static void min(OpContext c) {
        run(c, Kind.MIN);
    }

    public static void sum(OpContext c) {
        run(c, Kind.SUM);
    }

    public static void mean(OpContext c) {
        run(c, Kind.MEAN);
    }

    private static void run(OpContext c, Kind kind) {
        List<Tensor> in = new ArrayList<>();
        for (int i = 0; i < c.inputCount(); i++) {
            if (c.hasInput(i)) {
                in.add(c.input(i));
            }
        }
        if (in.isEmpty()) {
            throw c.error("needs at least one input");
        }
        Tensor first = in.get(0);
        DataType type = first.type();
        for (int i = 1; i < in.size(); i++) {
            Ew.requireSameType(c, first, in.get(i), "all inputs");
        }
        boolean floating = Ew.isFloat(type);
        if (!floating && (kind == Kind.MEAN || !Ew.isInt(type))) {
            throw c.error("input type " + type.displayName() + " is not supported");
        }
        long[][] shapes = new long[in.size()][];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = in.get(i).shape();
        }
        long[] out = Ew.broadcast(c, type, shapes);
        int n = (int) Shapes.size(out);
        if (floating) {
            double[] acc = null;
            for (int k = 0; k < shapes.length; k++) {
                double[] v = Tensors.doubles(in.get(k));
                int[] idx = Shapes.broadcastIndex(shapes[k], out);
                if (acc == null) {
                    acc = new double[n];
                    for (int i = 0; i < n; i++) {
                        acc[i] = v[idx[i]];
                    }
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    double x = v[idx[i]];
                    acc[i] = switch (kind) {
                        case MAX -> Double.isNaN(x) || x > acc[i] ? x : acc[i];
                        case MIN -> Double.isNaN(x) || x < acc[i] ? x : acc[i];
                        default -> acc[i] + x;
                    };
                }
            }
            if (kind == Kind.MEAN) {
                for (int i = 0; i < n; i++) {
                    acc[i] /= shapes.length;
                }
            }
            c.output(0, Ew.fromDoubles(type, out, acc));
            return;
        }
        long flip = type == DataType.UINT64 ? Long.MIN_VALUE : 0;
        long[] acc = null;
        for (int k = 0; k < shapes.length; k++) {
            long[] v = in.get(k).toLongArray();
            int[] idx = Shapes.broadcastIndex(shapes[k], out);
            if (acc == null) {
                acc = new long[n];
                for (int i = 0; i < n; i++) {
                    acc[i] = v[idx[i]];
                }
                continue;
            }
            for (int i = 0; i < n; i++) {
                long x = v[idx[i]];
                acc[i] = switch (kind) {
                    case MAX -> (x ^ flip) > (acc[i] ^ flip) ? x : acc[i];
                    case MIN -> (x ^ flip) < (acc[i] ^ flip) ? x : acc[i];
                    default -> acc[i] + x;
                };
            }
        }
        c.output(0, Tensors.fromLongs(type, out, acc));
    }
}
