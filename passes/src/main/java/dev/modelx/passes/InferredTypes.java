package dev.modelx.passes;

import dev.modelx.graph.Model;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Shape inference results shared by the passes of one pipeline (inference runs the whole model). They stay
 * valid while the inputs do: passes keep every surviving name's type, and names they add are initializers,
 * which carry their own.
 */
final class InferredTypes {

    private WeakReference<Model> model = new WeakReference<>(null);
    private List<ValueInfo> inputs;
    private Map<String, Type> types;

    synchronized Map<String, Type> get(Model m, Supplier<Map<String, Type>> infer) {
        List<ValueInfo> now = List.copyOf(m.graph().feedInputs());
        if (model.get() != m || !now.equals(inputs)) {
            types = infer.get();
            model = new WeakReference<>(m);
            inputs = now;
        }
        return types;
    }
}
