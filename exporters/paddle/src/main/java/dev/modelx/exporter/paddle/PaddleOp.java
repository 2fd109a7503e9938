package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.proto.PaddleProtos.AttrType;
import dev.modelx.format.paddle.proto.PaddleProtos.OpDesc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Paddle op being written: its legacy type, named input and output slots bound to variable names, and
 * typed attributes. Slots and attributes are kept sorted by name, the order Paddle writes them in.
 */
public final class PaddleOp {

    private final String type;
    private final Map<String, List<String>> inputs = new TreeMap<>();
    private final Map<String, List<String>> outputs = new TreeMap<>();
    private final Map<String, OpDesc.Attr> attrs = new TreeMap<>();
    private final List<SubBlock> blocks = new ArrayList<>();
    private String label = "";
    private boolean fetchRename;

    public PaddleOp(String type) {
        this.type = type;
    }

    public String type() {
        return type;
    }

    public Map<String, List<String>> inputs() {
        return inputs;
    }

    public Map<String, List<String>> outputs() {
        return outputs;
    }

    public Map<String, OpDesc.Attr> attrs() {
        return attrs;
    }

    /** Nested blocks (control flow), in the order they are written. */
    public List<SubBlock> blocks() {
        return blocks;
    }

    public PaddleOp block(SubBlock b) {
        blocks.add(b);
        return this;
    }

    /** Whether this op only gives a fetched value its output name (a PIR fetch names the value itself). */
    public boolean isFetchRename() {
        return fetchRename;
    }

    public PaddleOp fetchRename(boolean b) {
        fetchRename = b;
        return this;
    }

    /** The graph node this op came from, for messages. */
    public String label() {
        return label;
    }

    public PaddleOp label(String l) {
        this.label = l;
        return this;
    }

    public PaddleOp in(String slot, String... vars) {
        inputs.put(slot, new ArrayList<>(List.of(vars)));
        return this;
    }

    public PaddleOp in(String slot, List<String> vars) {
        inputs.put(slot, new ArrayList<>(vars));
        return this;
    }

    public PaddleOp out(String slot, String... vars) {
        outputs.put(slot, new ArrayList<>(List.of(vars)));
        return this;
    }

    public PaddleOp out(String slot, List<String> vars) {
        outputs.put(slot, new ArrayList<>(vars));
        return this;
    }

    public String input(String slot) {
        List<String> v = inputs.get(slot);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String output(String slot) {
        List<String> v = outputs.get(slot);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public PaddleOp attr(OpDesc.Attr a) {
        attrs.put(a.getName(), a);
        return this;
    }

    public PaddleOp i(String name, long v) {
        return attr(Attrs.i(name, v));
    }

    public PaddleOp l(String name, long v) {
        return attr(Attrs.l(name, v));
    }

    public PaddleOp f(String name, double v) {
        return attr(Attrs.f(name, v));
    }

    public PaddleOp s(String name, String v) {
        return attr(Attrs.s(name, v));
    }

    public PaddleOp b(String name, boolean v) {
        return attr(Attrs.b(name, v));
    }

    public PaddleOp ints(String name, long... v) {
        return attr(Attrs.ints(name, v));
    }

    public PaddleOp longs(String name, long... v) {
        return attr(Attrs.longs(name, v));
    }

    public PaddleOp floats(String name, double... v) {
        return attr(Attrs.floats(name, v));
    }

    public OpDesc.Attr attr(String name) {
        return attrs.get(name);
    }

    /** The protobuf form: slots and attributes in name order. */
    public OpDesc toProto() {
        OpDesc.Builder b = OpDesc.newBuilder().setType(type);
        inputs.forEach((k, v) -> b.addInputs(OpDesc.Var.newBuilder().setParameter(k).addAllArguments(v)));
        outputs.forEach((k, v) -> b.addOutputs(OpDesc.Var.newBuilder().setParameter(k).addAllArguments(v)));
        attrs.values().forEach(b::addAttrs);
        return b.build();
    }

    /** Every variable the op reads: its input slots' and those its VAR/VARS attributes name. */
    public List<String> reads() {
        List<String> r = new java.util.ArrayList<>();
        inputs.values().forEach(r::addAll);
        for (OpDesc.Attr a : attrs.values()) {
            if (a.getType() == AttrType.VAR) {
                r.add(a.getVarName());
            } else if (a.getType() == AttrType.VARS) {
                r.addAll(a.getVarsNameList());
            }
        }
        return r;
    }

    public boolean hasAttr(String name, AttrType type) {
        OpDesc.Attr a = attrs.get(name);
        return a != null && a.getType() == type;
    }
}
