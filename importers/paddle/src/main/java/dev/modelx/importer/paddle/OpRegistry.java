package dev.modelx.importer.paddle;

import dev.modelx.importer.paddle.ops.ActivationOps;
import dev.modelx.importer.paddle.ops.ControlFlowOps;
import dev.modelx.importer.paddle.ops.DetectionOps;
import dev.modelx.importer.paddle.ops.NmsOps;
import dev.modelx.importer.paddle.ops.RecurrentOps;
import dev.modelx.importer.paddle.ops.ElementwiseOps;
import dev.modelx.importer.paddle.ops.MathOps;
import dev.modelx.importer.paddle.ops.NnOps;
import dev.modelx.importer.paddle.ops.ReduceOps;
import dev.modelx.importer.paddle.ops.SequenceOps;
import dev.modelx.importer.paddle.ops.TensorArrayOps;
import dev.modelx.importer.paddle.ops.ShapeOps;
import dev.modelx.importer.paddle.ops.TensorOps;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The Paddle op name to converter table (legacy op names; PIR ops are mapped onto them first). */
public final class OpRegistry {

    private final Map<String, OpConverter> converters = new TreeMap<>();

    public void add(String paddleOp, OpConverter c) {
        if (converters.put(paddleOp, c) != null) {
            throw new IllegalStateException("Two converters for Paddle op '" + paddleOp + "'");
        }
    }

    public OpConverter get(String paddleOp) {
        return converters.get(paddleOp);
    }

    public boolean supports(String paddleOp) {
        return converters.containsKey(paddleOp);
    }

    public Set<String> ops() {
        return java.util.Collections.unmodifiableSet(converters.keySet());
    }

    private static final OpRegistry STANDARD = build();

    public static OpRegistry standard() {
        return STANDARD;
    }

    private static OpRegistry build() {
        OpRegistry r = new OpRegistry();
        ActivationOps.register(r);
        ElementwiseOps.register(r);
        MathOps.register(r);
        ReduceOps.register(r);
        ShapeOps.register(r);
        TensorOps.register(r);
        NnOps.register(r);
        SequenceOps.register(r);
        ControlFlowOps.register(r);
        TensorArrayOps.register(r);
        DetectionOps.register(r);
        NmsOps.register(r);
        RecurrentOps.register(r);
        return r;
    }
}
