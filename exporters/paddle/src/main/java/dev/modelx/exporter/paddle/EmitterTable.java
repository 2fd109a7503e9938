package dev.modelx.exporter.paddle;

import dev.modelx.exporter.paddle.emit.ActivationEmitters;
import dev.modelx.exporter.paddle.emit.ElementwiseEmitters;
import dev.modelx.exporter.paddle.emit.MathEmitters;
import dev.modelx.exporter.paddle.emit.NnEmitters;
import dev.modelx.exporter.paddle.emit.ShapeEmitters;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The graph op name to emitter table (ONNX op types of the default domain). */
public final class EmitterTable {

    private final Map<String, Emitter> emitters = new TreeMap<>();

    public void add(String onnxOp, Emitter e) {
        if (emitters.put(onnxOp, e) != null) {
            throw new IllegalStateException("Two emitters for op '" + onnxOp + "'");
        }
    }

    public Emitter get(String onnxOp) {
        return emitters.get(onnxOp);
    }

    public Set<String> ops() {
        return Collections.unmodifiableSet(emitters.keySet());
    }

    private static final EmitterTable STANDARD = build();

    public static EmitterTable standard() {
        return STANDARD;
    }

    private static EmitterTable build() {
        EmitterTable t = new EmitterTable();
        ActivationEmitters.register(t);
        ElementwiseEmitters.register(t);
        MathEmitters.register(t);
        NnEmitters.register(t);
        ShapeEmitters.register(t);
        return t;
    }
}
