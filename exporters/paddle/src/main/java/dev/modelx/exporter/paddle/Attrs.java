package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.proto.PaddleProtos.AttrType;
import dev.modelx.format.paddle.proto.PaddleProtos.OpDesc;

import java.util.List;

/** Builders for typed OpDesc attributes (INT is int32, LONG int64, FLOAT float32, as Paddle declares them). */
public final class Attrs {

    private Attrs() {
    }

    private static OpDesc.Attr.Builder named(String name, AttrType t) {
        return OpDesc.Attr.newBuilder().setName(name).setType(t);
    }

    public static OpDesc.Attr i(String name, long v) {
        return named(name, AttrType.INT).setI(Math.toIntExact(v)).build();
    }

    public static OpDesc.Attr l(String name, long v) {
        return named(name, AttrType.LONG).setL(v).build();
    }

    public static OpDesc.Attr f(String name, double v) {
        return named(name, AttrType.FLOAT).setF((float) v).build();
    }

    public static OpDesc.Attr s(String name, String v) {
        return named(name, AttrType.STRING).setS(v).build();
    }

    public static OpDesc.Attr b(String name, boolean v) {
        return named(name, AttrType.BOOLEAN).setB(v).build();
    }

    public static OpDesc.Attr ints(String name, long... v) {
        OpDesc.Attr.Builder b = named(name, AttrType.INTS);
        for (long x : v) {
            b.addInts(Math.toIntExact(x));
        }
        return b.build();
    }

    public static OpDesc.Attr longs(String name, long... v) {
        OpDesc.Attr.Builder b = named(name, AttrType.LONGS);
        for (long x : v) {
            b.addLongs(x);
        }
        return b.build();
    }

    public static OpDesc.Attr floats(String name, double... v) {
        OpDesc.Attr.Builder b = named(name, AttrType.FLOATS);
        for (double x : v) {
            b.addFloats((float) x);
        }
        return b.build();
    }

    public static OpDesc.Attr strings(String name, List<String> v) {
        return named(name, AttrType.STRINGS).addAllStrings(v).build();
    }

    /** A VAR attribute: the value of an attribute declared SupportTensor() read from a variable at run time. */
    public static OpDesc.Attr var(String name, String varName) {
        return named(name, AttrType.VAR).setVarName(varName).build();
    }

    public static OpDesc.Attr block(String name, int idx) {
        return named(name, AttrType.BLOCK).setBlockIdx(idx).build();
    }
}
