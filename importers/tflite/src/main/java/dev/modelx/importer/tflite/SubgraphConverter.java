package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.Operator;
import dev.modelx.format.tflite.OperatorCode;
import dev.modelx.format.tflite.SubGraph;
import dev.modelx.format.tflite.TensorType;
import dev.modelx.format.tflite.TfLiteFormatException;
import dev.modelx.format.tflite.TfLiteTensor;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Provenance;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts one TFLite sub-graph into nodes of a target graph. Each TFLite tensor has a <em>storage</em>
 * value (its declared element type: int8 for quantized activations) and a <em>view</em> value that ops
 * consume: for quantized tensors the DequantizeLinear of the storage, otherwise the storage itself. Ops are
 * converted in float over views; a quantized op output is then QuantizeLinear'd into its storage and
 * DequantizeLinear'd back (QDQ form), which reproduces the int8 kernel's rounding and clamping.
 */
final class SubgraphConverter {

    static final String SOURCE_FORMAT = "tflite";

    final ImportSession session;
    final Graph graph;
    final SubGraph sg;
    final int index;
    private final String prefix;
    private final String[] storage;
    private final String[] view;
    private final Quantization[] quant;
    private final boolean[] quantKnown;

    SubgraphConverter(ImportSession session, Graph graph, int index, String prefix) {
        this.session = session;
        this.graph = graph;
        this.index = index;
        this.sg = session.subgraph(index, "sub-graph conversion");
        this.prefix = prefix;
        int n = sg.tensorCount();
        storage = new String[n];
        view = new String[n];
        quant = new Quantization[n];
        quantKnown = new boolean[n];
    }

    String label() {
        String n = sg.name();
        return "sub-graph " + index + (n.isEmpty() ? "" : " '" + n + "'");
    }

    /**
     * Converts the sub-graph. With {@code bound} null its inputs become graph inputs and its outputs graph
     * outputs (storage types, e.g. int8); otherwise input k is the existing value {@code bound.get(k)} (a view)
     * and the returned list holds the view names of the outputs.
     */
    List<String> convert(List<String> bound) {
        int[] ins = sg.inputs();
        if (bound != null && bound.size() != ins.length) {
            throw new TfLiteFormatException(label() + " takes " + ins.length + " inputs, its caller passes " + bound.size());
        }
        for (int k = 0; k < ins.length; k++) {
            int t = checkIndex(ins[k], "input " + k);
            if (bound != null) {
                view[t] = bound.get(k);
                storage[t] = bound.get(k);
            } else {
                declareInput(t);
            }
        }
        int count = sg.operatorCount();
        for (int i = 0; i < count; i++) {
            convertOp(i);
        }
        List<String> out = new ArrayList<>();
        int[] outs = sg.outputs();
        for (int k = 0; k < outs.length; k++) {
            int t = checkIndex(outs[k], "output " + k);
            if (bound == null) {
                viewOf(t);
                if (storage[t] == null) {
                    throw new TfLiteFormatException(label() + " output tensor '" + tensor(t).name() + "' is never produced");
                }
                graph.output(valueInfo(storage[t], t, false));
                out.add(storage[t]);
            } else {
                out.add(viewOf(t));
            }
        }
        return out;
    }

    private void convertOp(int i) {
        Operator op = sg.operator(i);
        OperatorCode code = session.model.operatorCodeOf(op);
        String name = code.name();
        OpConverter c = session.registry.get(name);
        if (c == null) {
            throw new dev.modelx.graph.UnsupportedOpsException(session.file, "TFLite ops", java.util.Set.of(name));
        }
        OpContext ctx = new OpContext(this, op, code, i);
        try {
            c.convert(ctx);
        } catch (UncheckedIOException e) {
            throw new TfLiteFormatException(session.file, ctx.describe() + ": " + e.getCause().getMessage(), e);
        }
        ctx.finishOutputs();
    }

    int checkIndex(int t, String what) {
        if (t < 0 || t >= storage.length) {
            throw new TfLiteFormatException(label() + " " + what + " refers to tensor " + t + ", the sub-graph has " + storage.length);
        }
        return t;
    }

    TfLiteTensor tensor(int t) {
        return sg.tensor(checkIndex(t, "operator"));
    }

    DataType storageType(int t) {
        TfLiteTensor tt = tensor(t);
        try {
            return TensorType.toDataType(tt.type());
        } catch (TfLiteFormatException e) {
            throw new TfLiteFormatException("tensor '" + tt.name() + "' in " + label() + ": " + e.getMessage());
        }
    }

    Quantization quantization(int t) {
        if (!quantKnown[t]) {
            DataType st = storageType(t);
            Quantization q = Quantization.of(tensor(t), st);
            // int32/int64 tensors are only dequantized when they are constants (biases); computed ones stay integers.
            if (q != null && st == DataType.INT32 && !isConstant(t)) {
                q = null;
            }
            quant[t] = q;
            quantKnown[t] = true;
        }
        return quant[t];
    }

    DataType viewType(int t) {
        return quantization(t) != null ? DataType.FLOAT : storageType(t);
    }

    boolean isConstant(int t) {
        TfLiteTensor tt = tensor(t);
        long b = tt.buffer();
        if (b == 0) {
            return false;
        }
        try {
            return session.model.bufferData(b).remaining() > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The constant value of tensor {@code t} in its storage type, or null when it is not a constant. */
    Tensor constantValue(int t) {
        TfLiteTensor tt = tensor(t);
        long b = tt.buffer();
        if (b == 0) {
            return null;
        }
        try {
            java.nio.ByteBuffer data = session.model.bufferData(b);
            if (data.remaining() == 0) {
                return null;
            }
            return TensorData.constant(tt.name(), storageType(t), TensorData.toLongs(tt.shape()), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String tensorValueName(int t) {
        String n = tensor(t).name();
        return prefix + (n.isEmpty() ? "tensor" + t : n);
    }

    private void declareInput(int t) {
        String name = session.names.claim(tensorValueName(t));
        storage[t] = name;
        graph.input(valueInfo(name, t, false));
        Quantization q = quantization(t);
        view[t] = q == null ? name : dequantize(t, name, q);
    }

    ValueInfo valueInfo(String name, int t, boolean asView) {
        TfLiteTensor tt = tensor(t);
        int[] sig = tt.shapeSignature();
        int[] shape = sig.length > 0 ? sig : tt.shape();
        List<Dim> dims = new ArrayList<>();
        for (int d : shape) {
            dims.add(d < 0 ? Dim.unknown() : Dim.of(d));
        }
        DataType type = asView ? viewType(t) : storageType(t);
        // A computed tensor written with an empty shape may be of unknown shape rather than a scalar.
        Shape s = shape.length == 0 && !tt.hasShape() ? null : new Shape(dims);
        return new ValueInfo(name, new Type.TensorType(type, s));
    }

    /** The view value of tensor {@code t}, materialising constants and variables on first use. */
    String viewOf(int t) {
        checkIndex(t, "operator input");
        if (view[t] != null) {
            return view[t];
        }
        TfLiteTensor tt = tensor(t);
        Tensor c = constantValue(t);
        Quantization q = quantization(t);
        if (c != null) {
            String name = session.names.claim(tensorValueName(t));
            graph.initializer(name, c);
            storage[t] = name;
            view[t] = q == null ? name : dequantize(t, name, q);
            return view[t];
        }
        if (tt.isVariable()) {
            // TFLite resets variable tensors to zero (their zero point when quantized): a real 0 in the view.
            long[] shape = TensorData.toLongs(tt.shape());
            Tensor.checkAllocatable(Tensor.elementCount(shape), viewType(t));
            String name = session.names.claim(tensorValueName(t));
            graph.initializer(name, Tensor.zeros(viewType(t), shape));
            storage[t] = name;
            view[t] = name;
            return name;
        }
        throw new TfLiteFormatException(label() + ": tensor '" + tt.name() + "' is read before any operator writes it");
    }

    /**
     * The value holding quantized tensor {@code t}'s integers when the graph has one (its view dequantizes it), or
     * null (variables and bound sub-graph inputs exist only as views).
     */
    String integerStorage(int t) {
        String v = viewOf(t);
        return quantization(t) != null && storage[t] != null && !storage[t].equals(v) ? storage[t] : null;
    }

    private String dequantize(int t, String storageName, Quantization q) {
        String[] sz = quantParams(storageName, q);
        String out = session.names.claim(storageName + "/dequantized");
        Node n = Node.of("DequantizeLinear").inputs(storageName, sz[0], sz[1]).outputs(out)
                .name(session.names.claim(storageName + "/DequantizeLinear"))
                .provenance(Provenance.of(SOURCE_FORMAT, tensor(t).name()));
        if (q.perAxis()) {
            n.attr("axis", q.axis());
        }
        graph.add(n);
        return out;
    }

    private String[] quantParams(String base, Quantization q) {
        String s = session.names.claim(base + "/scale");
        String z = session.names.claim(base + "/zero_point");
        graph.initializer(s, q.scaleTensor());
        graph.initializer(z, q.zeroPointTensor());
        return new String[] {s, z};
    }

    /** Name the converter writes output tensor {@code t} to (the float result for quantized tensors). */
    String outputTarget(int t) {
        if (view[t] != null) {
            throw new TfLiteFormatException(label() + ": tensor '" + tensor(t).name() + "' is written by more than one operator");
        }
        String base = session.names.claim(tensorValueName(t));
        storage[t] = base;
        if (quantization(t) != null) {
            return session.names.claim(base + "/float");
        }
        view[t] = base;
        return base;
    }

    /** After the op: quantize a quantized output into its storage and dequantize it into its view. */
    void finishOutput(int t, String target, String sourceName) {
        Quantization q = quantization(t);
        if (q == null) {
            return;
        }
        String[] sz = quantParams(storage[t], q);
        Node n = Node.of("QuantizeLinear").inputs(target, sz[0], sz[1]).outputs(storage[t])
                .name(session.names.claim(storage[t] + "/QuantizeLinear"))
                .provenance(Provenance.of(SOURCE_FORMAT, sourceName));
        if (q.perAxis()) {
            n.attr("axis", q.axis());
        }
        graph.add(n);
        view[t] = dequantize(t, storage[t], q);
    }
}
