package dev.modelx.passes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings shared by the passes of a pipeline: bindings of symbolic dimensions ({@code --dim batch=1}), the
 * largest tensor constant folding may create, and whether passes may run shape inference (which executes
 * the model once on the reference runtime).
 */
public final class PassOptions {

    /** Default cap on a tensor created by folding: 16 MiB. */
    public static final long DEFAULT_FOLD_MAX_BYTES = 16L << 20;

    private final Map<String, Long> dims = new LinkedHashMap<>();
    private long foldMaxBytes = DEFAULT_FOLD_MAX_BYTES;
    private boolean inferShapes = true;
    final InferredTypes inferred = new InferredTypes();

    public static PassOptions defaults() {
        return new PassOptions();
    }

    /** Symbolic dimensions bound to sizes; shape folding specialises the model's inputs to them. */
    public Map<String, Long> dims() {
        return Collections.unmodifiableMap(dims);
    }

    public PassOptions dim(String name, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("Dimension '" + name + "' must be >= 0, got " + size);
        }
        dims.put(name, size);
        return this;
    }

    public PassOptions dims(Map<String, Long> bindings) {
        bindings.forEach(this::dim);
        return this;
    }

    /** Parses a command-line binding "name=size", e.g. "batch=1". */
    public PassOptions dim(String binding) {
        int eq = binding.indexOf('=');
        if (eq <= 0 || eq == binding.length() - 1) {
            throw new IllegalArgumentException("A dimension binding is name=size, got '" + binding + "'");
        }
        try {
            return dim(binding.substring(0, eq).trim(), Long.parseLong(binding.substring(eq + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("A dimension binding is name=size, got '" + binding + "'");
        }
    }

    /**
     * Folding skips a node whose output would be larger than this many bytes and larger than its inputs
     * together, so a tiny ConstantOfShape or Expand never turns into a huge initializer.
     */
    public long foldMaxBytes() {
        return foldMaxBytes;
    }

    public PassOptions foldMaxBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("foldMaxBytes must be >= 0, got " + bytes);
        }
        this.foldMaxBytes = bytes;
        return this;
    }

    /**
     * Whether passes may run shape inference, which executes the model once on the reference runtime (about
     * the cost of one inference) to learn types and shapes the model does not declare. On by default.
     */
    public boolean inferShapes() {
        return inferShapes;
    }

    public PassOptions inferShapes(boolean on) {
        this.inferShapes = on;
        return this;
    }

    public PassOptions copy() {
        PassOptions o = new PassOptions();
        o.dims.putAll(dims);
        o.foldMaxBytes = foldMaxBytes;
        o.inferShapes = inferShapes;
        return o;
    }
}
