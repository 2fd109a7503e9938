package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.Operator;
import dev.modelx.format.tflite.OperatorCode;
import dev.modelx.format.tflite.Options;
import dev.modelx.format.tflite.TfLiteFormatException;
import dev.modelx.format.tflite.TfLiteTensor;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Provenance;
import dev.modelx.graph.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * What a converter sees of one operator: its inputs as view values, the names its outputs must be written
 * to, static facts (shapes, constants, options) and helpers that add nodes carrying the op's provenance.
 */
public final class OpContext {

    private final SubgraphConverter sc;
    private final Operator op;
    private final OperatorCode code;
    private final int opIndex;
    private final int[] inputs;
    private final int[] outputs;
    private final String[] targets;
    private final String sourceName;

    OpContext(SubgraphConverter sc, Operator op, OperatorCode code, int opIndex) {
        this.sc = sc;
        this.op = op;
        this.code = code;
        this.opIndex = opIndex;
        this.inputs = op.inputs();
        this.outputs = op.outputs();
        this.targets = new String[outputs.length];
        for (int k = 0; k < outputs.length; k++) {
            sc.checkIndex(outputs[k], "operator " + opIndex + " output " + k);
        }
        String first = outputs.length > 0 ? sc.tensor(outputs[0]).name() : "";
        this.sourceName = sc.label() + "/op" + opIndex + ":" + code.name() + (first.isEmpty() ? "" : ":" + first);
    }

    public Operator op() {
        return op;
    }

    public String opName() {
        return code.name();
    }

    public int opVersion() {
        return code.version();
    }

    /** "operator 3 (CONV_2D) in sub-graph 0 'main'" for messages. */
    public String describe() {
        String out = outputs.length > 0 ? " -> '" + sc.tensor(outputs[0]).name() + "'" : "";
        return "operator " + opIndex + " (" + code.name() + out + ") in " + sc.label();
    }

    public TfLiteFormatException error(String message) {
        return new TfLiteFormatException(sc.session.file, describe() + ": " + message, null);
    }

    /** An operator whose options or operands this importer cannot express; reported with the op's name. */
    public dev.modelx.graph.UnsupportedOpsException unsupported(String detail) {
        return new dev.modelx.graph.UnsupportedOpsException(sc.session.file, "TFLite ops",
                java.util.Set.of(code.name() + " (" + detail + ")"));
    }

    // ---- inputs ----

    public int inputCount() {
        return inputs.length;
    }

    public boolean hasInput(int k) {
        return k < inputs.length && inputs[k] >= 0;
    }

    private int inputTensor(int k) {
        if (!hasInput(k)) {
            throw error("required input " + k + " is missing (the operator has " + inputs.length + " inputs)");
        }
        return sc.checkIndex(inputs[k], "operator " + opIndex + " input " + k);
    }

    /** The view value of input {@code k}; "" for an omitted optional input. */
    public String in(int k) {
        return hasInput(k) ? sc.viewOf(inputTensor(k)) : "";
    }

    public TfLiteTensor inTensor(int k) {
        return sc.tensor(inputTensor(k));
    }

    public int[] inShape(int k) {
        return inTensor(k).shape();
    }

    public int inRank(int k) {
        return inShape(k).length;
    }

    /** The element type input {@code k} has in the graph (float for quantized tensors). */
    public DataType inType(int k) {
        return sc.viewType(inputTensor(k));
    }

    public DataType inStorageType(int k) {
        return sc.storageType(inputTensor(k));
    }

    public boolean inQuantized(int k) {
        return sc.quantization(inputTensor(k)) != null;
    }

    /** The quantization of input {@code k}, or null when it is not a quantized tensor. */
    Quantization inQuantization(int k) {
        return sc.quantization(inputTensor(k));
    }

    /**
     * Input {@code k}'s quantized integers in its storage type: the stored value where the graph has it, else its
     * view quantized again, which is exact because the view dequantizes integers.
     */
    public String inIntegers(int k) {
        int t = inputTensor(k);
        Quantization q = sc.quantization(t);
        if (q == null) {
            throw error("input " + k + " ('" + sc.tensor(t).name() + "') is not quantized");
        }
        String s = sc.integerStorage(t);
        if (s != null) {
            return s;
        }
        Node n = emit("QuantizeLinear", fresh("integers"), in(k), constTensor(q.scaleTensor()), constTensor(q.zeroPointTensor()));
        if (q.perAxis()) {
            n.attr("axis", q.axis());
        }
        return n.outputs().get(0);
    }

    /** Intermediate tensor {@code k} of the operator (LSTM kernels keep scales there), or null when absent. */
    public TfLiteTensor intermediateTensor(int k) {
        int[] im = op.intermediates();
        return k < im.length && im[k] >= 0 ? sc.tensor(im[k]) : null;
    }

    /** The constant value of input {@code k} in its storage type, or null when it is computed. */
    public Tensor constant(int k) {
        return hasInput(k) ? sc.constantValue(inputTensor(k)) : null;
    }

    /** The integer constant of input {@code k}; an unsupported-op error when it is computed at run time. */
    public long[] constInts(int k, String what) {
        Tensor t = constant(k);
        if (t == null) {
            throw unsupported(what + " computed at run time");
        }
        return t.toLongArray();
    }

    // ---- outputs ----

    public int outputCount() {
        return outputs.length;
    }

    /** The name the converter must write output {@code k} to. */
    public String out(int k) {
        if (k >= outputs.length) {
            throw error("output " + k + " is missing (the operator has " + outputs.length + " outputs)");
        }
        if (targets[k] == null) {
            targets[k] = sc.outputTarget(outputs[k]);
        }
        return targets[k];
    }

    public TfLiteTensor outTensor(int k) {
        return sc.tensor(outputs[k]);
    }

    public int[] outShape(int k) {
        return outTensor(k).shape();
    }

    public DataType outType(int k) {
        return sc.viewType(outputs[k]);
    }

    public DataType outStorageType(int k) {
        return sc.storageType(outputs[k]);
    }

    void finishOutputs() {
        for (int k = 0; k < outputs.length; k++) {
            if (targets[k] == null) {
                throw error("converter wrote no value for output " + k);
            }
            sc.finishOutput(outputs[k], targets[k], sourceName);
        }
    }

    // ---- building ----

    public Graph graph() {
        return sc.graph;
    }

    public String fresh(String hint) {
        return sc.session.names.claim((outputs.length > 0 ? sc.tensor(outputs[0]).name() : "op" + opIndex) + "/" + hint);
    }

    /** Adds {@code opType} reading {@code ins} and writing {@code outs}, named and with provenance. */
    public Node add(String opType, List<String> ins, List<String> outs) {
        Node n = Node.of(opType).inputs(ins).outputs(outs).name(fresh(opType))
                .provenance(Provenance.of(SubgraphConverter.SOURCE_FORMAT, sourceName));
        sc.graph.add(n);
        return n;
    }

    /** Adds a one-output node writing to {@code out}. */
    public Node emit(String opType, String out, String... ins) {
        return add(opType, Arrays.asList(ins), List.of(out));
    }

    /** Adds a one-output node writing a fresh value and returns that value's name. */
    public String op1(String opType, String... ins) {
        String out = fresh(opType.toLowerCase(java.util.Locale.ROOT));
        emit(opType, out, ins);
        return out;
    }

    public Node op1Node(String opType, String... ins) {
        return emit(opType, fresh(opType.toLowerCase(java.util.Locale.ROOT)), ins);
    }

    /** A fresh int64 1-D constant. */
    public String constLongs(long... v) {
        String n = fresh("const");
        sc.graph.initializer(n, Tensor.ofLongs(new long[] {v.length}, v.clone()));
        return n;
    }

    public String constLongScalar(long v) {
        String n = fresh("const");
        sc.graph.initializer(n, Tensor.ofLongs(new long[0], v));
        return n;
    }

    public String constFloatScalar(float v) {
        String n = fresh("const");
        sc.graph.initializer(n, Tensor.ofFloats(new long[0], v));
        return n;
    }

    public String constTensor(Tensor t) {
        String n = fresh("const");
        sc.graph.initializer(n, t);
        return n;
    }

    /** An initializer of the current graph holding {@code value.get()}, created once per graph and {@code key}. */
    public String sharedConstant(String key, java.util.function.Supplier<Tensor> value) {
        return sc.session.sharedConstants.computeIfAbsent(sc.graph, g -> new java.util.HashMap<>()).computeIfAbsent(key, k -> {
            String n = sc.session.names.claim(k);
            sc.graph.initializer(n, value.get());
            return n;
        });
    }

    /** Casts {@code value} to int64 unless input {@code k} already is. */
    public String asInt64(String value, DataType type) {
        return type == DataType.INT64 ? value : emit("Cast", fresh("int64"), value).attr("to", DataType.INT64.code()).outputs().get(0);
    }

    /** Writes {@code x} passed through the fused activation {@code act} to {@code out}. */
    public void activation(int act, String x, String out) {
        switch (act) {
            case Options.ACT_NONE -> emit("Identity", out, x);
            case Options.ACT_RELU -> emit("Relu", out, x);
            case Options.ACT_RELU6 -> emit("Clip", out, x, constFloatScalar(0f), constFloatScalar(6f));
            case Options.ACT_RELU_N1_TO_1 -> emit("Clip", out, x, constFloatScalar(-1f), constFloatScalar(1f));
            case Options.ACT_TANH -> emit("Tanh", out, x);
            case Options.ACT_SIGN_BIT -> emit("Cast", out, signBit(x)).attr("to", DataType.FLOAT.code());
            default -> throw error("unknown fused activation function " + act);
        }
    }

    /**
     * TFLite's SIGN_BIT activation is std::signbit (1 for negatives and -0, else 0), not Sign: x &lt; 0, or
     * 1/x &lt; 0 to catch -0 (whose reciprocal is -inf).
     */
    private String signBit(String x) {
        String zero = constFloatScalar(0f);
        return op1("Or", op1("Less", x, zero), op1("Less", op1("Reciprocal", x), zero));
    }

    /** Converts sub-graph {@code index} into {@code target} with inputs bound to {@code bound}; returns its output views. */
    public List<String> inlineSubgraph(int index, Graph target, List<String> bound) {
        sc.session.enter(describe());
        try {
            SubgraphConverter sub = new SubgraphConverter(sc.session, target, index,
                    sc.session.names.claim("sg" + index) + "/");
            return sub.convert(bound);
        } finally {
            sc.session.leave();
        }
    }

    /** The value type of sub-graph {@code index}'s input {@code k} as a view (for Loop body signatures). */
    public dev.modelx.graph.ValueInfo subgraphInputInfo(int index, int k, String name) {
        SubgraphConverter sub = new SubgraphConverter(sc.session, new Graph("probe"), index, "");
        int t = sub.checkIndex(sub.sg.inputs()[k], "input " + k);
        return sub.valueInfo(name, t, true);
    }

    public int subgraphInputCount(int index) {
        return sc.session.subgraph(index, describe()).inputs().length;
    }

    public int subgraphOutputCount(int index) {
        return sc.session.subgraph(index, describe()).outputs().length;
    }
}
