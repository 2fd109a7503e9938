package dev.modelx.importer.paddle;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;

import java.util.ArrayList;
import java.util.List;

/** Graph inputs from feed variables (plus LoD offset inputs) and outputs from fetch variables. */
final class GraphIo {

    /** The name of the offsets input for LoD level {@code level} of feed variable {@code var}. */
    static String lodInputName(String var, int level) {
        return var + ".lod" + level;
    }

    private GraphIo() {
    }

    static Shape shapeOf(long[] dims) {
        if (dims == null) {
            return null;
        }
        List<Dim> d = new ArrayList<>();
        for (long x : dims) {
            d.add(x < 0 ? Dim.unknown() : Dim.of(x));
        }
        return new Shape(d);
    }

    static void addInput(ConvertContext c, Graph g, String var) {
        VarInfo info = c.info(var);
        DataType t = info.dtype() == null ? DataType.FLOAT : info.dtype();
        c.reserve(var);
        c.bind(var, var);
        g.input(new ValueInfo(var, new Type.TensorType(t, shapeOf(info.dims()))));
        if (info.lodLevel() > 0) {
            List<String> offsets = new ArrayList<>();
            for (int l = 0; l < info.lodLevel(); l++) {
                String n = lodInputName(var, l);
                c.reserve(n);
                g.input(new ValueInfo(n, new Type.TensorType(DataType.INT64, new Shape(List.of(Dim.unknown())))));
                offsets.add(n);
            }
            c.setLod(var, offsets);
        }
    }

    /** Adds graph output {@code name} holding the current value of {@code var}. */
    static void addOutput(ConvertContext c, Graph g, String var, String name) {
        String v = c.value(var);
        VarInfo info = c.info(var);
        boolean taken = g.outputs().stream().anyMatch(o -> o.name().equals(v))
                || g.inputs().stream().anyMatch(i -> i.name().equals(v)) || g.initializers().containsKey(v);
        String out = v;
        if (taken || !v.equals(name)) {
            out = v.equals(name) || taken ? c.fresh(name + "_out") : c.fresh(name);
            if (!out.equals(v)) {
                c.emit("Identity", out, v);
            }
        }
        DataType t = info.dtype() == null ? DataType.FLOAT : info.dtype();
        g.output(new ValueInfo(out, new Type.TensorType(t, shapeOf(info.dims()))));
    }
}
