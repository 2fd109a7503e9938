package dev.modelx.passes.precision;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.RandomInputs;
import dev.modelx.runtime.Session;
import dev.modelx.runtime.SessionOptions;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts a model's float32 weights and computation to float16 or bfloat16 ({@code modelx convert ...
 * --precision fp16|bf16 [--keep-io-types] [--block-list Op,...]}), keeping in float32 what must stay there
 * and inserting Casts where float32 and converted ops meet:
 * <pre>
 * PrecisionReport r = PrecisionConverter.convert(model, PrecisionOptions.fp16().keepIoTypes(true));
 * Model half = r.model();              // the input model is not changed
 * System.out.println(r.summary());     // fp16: 14 nodes converted, 1 kept in float32 (...), ...
 * </pre>
 * What stays float32: ops of the block list ({@link PrecisionOptions#blockList}) and of the default block list
 * ({@link PrecisionOptions#defaultBlockListOps()}); operands whose ONNX definition at the model's op set does not
 * accept the target type (Resize's scales, NonMaxSuppression's boxes, ops that accept bfloat16 only from a
 * later op set, ...); ops outside ai.onnx; and, in the automatic mode ({@link PrecisionOptions#auto}), the ops
 * whose conversion moves the outputs beyond the tolerance or makes a finite value overflow on the reference
 * runtime. Data-movement ops (Reshape, Transpose, Gather, Concat, Relu, MaxPool, ...) follow their inputs'
 * precision. If/Loop/Scan bodies are converted with the same rules, consistently with the enclosing graph.
 * <p>
 * Weights are rounded to nearest even; finite values beyond the target's range are clamped to its largest
 * finite value and non-zero values below its smallest subnormal flush to zero, both counted in the report.
 * Weights read both by converted and by float32 ops are kept in float32 and copied in the target type.
 */
public final class PrecisionConverter {

    private PrecisionConverter() {
    }

    /** A converted copy of {@code model} with a report; the input model is not changed. */
    public static PrecisionReport convert(Model model, PrecisionOptions options) {
        PrecisionOptions o = options == null ? PrecisionOptions.fp16() : options;
        if (o.auto()) {
            return AutoMixedPrecision.run(model, o);
        }
        Model copy = model.copy();
        return new Conversion(copy, o, Map.of(), needsObservation(model) ? observe(model, o) : null).run(null);
    }

    /** {@code convert(model, PrecisionOptions.of(precision)).model()}: "fp16" or "bf16", default settings. */
    public static Model convert(Model model, String precision) {
        return convert(model, PrecisionOptions.of(precision)).model();
    }

    /**
     * Feeds for a converted model from feeds of the original: float32 tensors given to inputs the conversion
     * made float16/bfloat16 are rounded to that type; everything else passes unchanged.
     */
    public static Map<String, Tensor> adaptFeeds(Model converted, Map<String, Tensor> feeds) {
        Map<String, Tensor> out = new LinkedHashMap<>(feeds);
        for (ValueInfo v : converted.graph().inputs()) {
            Tensor t = feeds.get(v.name());
            if (t != null && t.type() == DataType.FLOAT && v.type() instanceof Type.TensorType tt
                    && (tt.elementType() == DataType.FLOAT16 || tt.elementType() == DataType.BFLOAT16)) {
                out.put(v.name(), new Narrowing(tt.elementType(), false).narrow(t));
            }
        }
        return out;
    }

    /** Whether the ONNX definitions leave some node output untyped, so that one run on the runtime helps. */
    private static boolean needsObservation(Model model) {
        TypeAnalysis a = TypeAnalysis.of(model, null);
        boolean[] unknown = {false};
        dev.modelx.graph.Graphs.forEachGraph(model.graph(), g -> {
            for (Node n : g.nodes()) {
                for (String o : n.outputs()) {
                    if (!o.isEmpty() && a.type(g, o) == null && !OpRules.sequenceOrOptional(n.opType())) {
                        unknown[0] = true;
                    }
                }
            }
        });
        return unknown[0];
    }

    /** Output types of every node from one run on generated inputs; empty when the model does not run. */
    private static Map<Integer, DataType[]> observe(Model model, PrecisionOptions o) {
        Map<Node, Integer> ids = TypeAnalysis.number(model);
        Map<Integer, DataType[]> observed = new HashMap<>();
        SessionOptions so = SessionOptions.defaults().observer((Node node, String name, Value value) -> {
            Integer id = ids.get(node);
            if (id != null && value instanceof TensorValue tv) {
                DataType[] t = observed.computeIfAbsent(id, k -> new DataType[node.outputs().size()]);
                int j = node.outputs().indexOf(name);
                if (j >= 0) {
                    t[j] = tv.tensor().type();
                }
            }
        });
        try (Session s = Session.create(model, so)) {
            s.runTensors(RandomInputs.generate(model, o.dims(), o.seed()));
        } catch (RuntimeException e) {
            // types stay as the definitions give them
        }
        return observed;
    }
}
