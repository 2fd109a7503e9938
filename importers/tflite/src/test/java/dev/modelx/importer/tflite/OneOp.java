package dev.modelx.importer.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/** A model of one builtin op: fed inputs, constant operands and outputs in operand order; run on the runtime. */
final class OneOp {

    private final TfLiteBuilder builder = new TfLiteBuilder();
    private final TfLiteBuilder.Sub g = builder.subgraph("main");
    private final String op;
    private final List<Integer> ins = new ArrayList<>();
    private final List<Integer> graphIns = new ArrayList<>();
    private final List<Integer> outs = new ArrayList<>();
    private final Map<String, Tensor> feeds = new LinkedHashMap<>();
    private int optionsType;
    private ToIntFunction<FlatBufferBuilder> options;

    private OneOp(String op) {
        this.op = op;
    }

    static OneOp of(String op) {
        return new OneOp(op);
    }

    OneOp options(int type, ToIntFunction<FlatBufferBuilder> o) {
        optionsType = type;
        options = o;
        return this;
    }

    static int typeCode(DataType t) {
        return switch (t) {
            case FLOAT -> TfLiteBuilder.FLOAT32;
            case INT32 -> TfLiteBuilder.INT32;
            case UINT8 -> TfLiteBuilder.UINT8;
            case INT64 -> TfLiteBuilder.INT64;
            case BOOL -> TfLiteBuilder.BOOL;
            case INT16 -> TfLiteBuilder.INT16;
            case INT8 -> TfLiteBuilder.INT8;
            default -> throw new IllegalArgumentException(t.toString());
        };
    }

    private static int[] ints(long[] s) {
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = (int) s[i];
        }
        return out;
    }

    /** The next operand is a graph input fed with {@code value}. */
    OneOp in(Tensor value) {
        String name = "in" + ins.size();
        int t = g.tensor(name, typeCode(value.type()), ints(value.shape()));
        ins.add(t);
        graphIns.add(t);
        feeds.put(name, value);
        return this;
    }

    /** A graph input declared with {@code signature} (-1 = unknown size) and fed with {@code value}. */
    OneOp dynamicIn(Tensor value, int... signature) {
        in(value);
        g.signature(ins.get(ins.size() - 1), signature);
        return this;
    }

    OneOp constInts(int[] shape, int... v) {
        ins.add(g.ints("c" + ins.size(), shape, v));
        return this;
    }

    OneOp constFloats(int[] shape, float... v) {
        ins.add(g.floats("c" + ins.size(), shape, v));
        return this;
    }

    OneOp constBools(int[] shape, boolean... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) (v[i] ? 1 : 0);
        }
        ins.add(g.constant("c" + ins.size(), TfLiteBuilder.BOOL, shape, b));
        return this;
    }

    OneOp constLongs(int[] shape, long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        ins.add(g.constant("c" + ins.size(), TfLiteBuilder.INT64, shape, b.array()));
        return this;
    }

    /** A variable tensor operand (TFLite resets it to zeros), as RNN states are. */
    OneOp variable(int... shape) {
        ins.add(g.variable("v" + ins.size(), TfLiteBuilder.FLOAT32, shape));
        return this;
    }

    /** An omitted optional operand (index -1). */
    OneOp none() {
        ins.add(-1);
        return this;
    }

    OneOp out(int type, int... shape) {
        outs.add(g.tensor("y" + outs.size(), type, shape));
        return this;
    }

    private byte[] built;

    byte[] bytes() {
        if (built != null) {
            return built;
        }
        g.op(op, ins.stream().mapToInt(Integer::intValue).toArray(), outs.stream().mapToInt(Integer::intValue).toArray(),
                optionsType, options);
        g.io(graphIns.stream().mapToInt(Integer::intValue).toArray(), outs.stream().mapToInt(Integer::intValue).toArray());
        built = builder.build();
        return built;
    }

    Model model() {
        return OpTestSupport.importBytes(bytes());
    }

    Map<String, Tensor> runAll() {
        Object[] pairs = new Object[2 * feeds.size()];
        int k = 0;
        for (Map.Entry<String, Tensor> e : feeds.entrySet()) {
            pairs[k++] = e.getKey();
            pairs[k++] = e.getValue();
        }
        return OpTestSupport.run(bytes(), pairs);
    }

    /** Runs with the single graph input fed {@code value} instead of the value it was declared with. */
    Map<String, Tensor> runAllWith(Tensor value) {
        if (feeds.size() != 1) {
            throw new IllegalStateException("the model has " + feeds.size() + " inputs");
        }
        return OpTestSupport.run(bytes(), feeds.keySet().iterator().next(), value);
    }

    /** Output 0. */
    Tensor run() {
        return runAll().get("y0");
    }
}
