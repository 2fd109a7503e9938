package dev.modelx.passes.precision;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Settings of a precision conversion ({@code modelx convert ... --precision fp16|bf16 [--keep-io-types]
 * [--block-list Op,...]}): the target type, whether the model's float32 inputs and outputs stay float32, op
 * types and node names to keep in float32, and the automatic mode, which tries the conversion on the
 * reference runtime and keeps in float32 the ops whose reduced-precision version moves the outputs beyond
 * {@code |converted - float32| <= atol + rtol * |float32|} or makes a finite value Inf/NaN.
 * <pre>
 * PrecisionOptions.fp16().keepIoTypes(true).blockList("Softmax,Erf").auto(true).tolerance(1e-2, 1e-2)
 * </pre>
 */
public final class PrecisionOptions {

    /** Default tolerances of the automatic mode per target; see {@link #tolerance}. */
    public static final double FP16_RTOL = 1e-2, FP16_ATOL = 1e-2;
    public static final double BF16_RTOL = 5e-2, BF16_ATOL = 5e-2;

    private DataType target = DataType.FLOAT16;
    private boolean keepIoTypes;
    private final Set<String> blockList = new LinkedHashSet<>();
    private final Set<String> blockNodes = new LinkedHashSet<>();
    private boolean defaultBlockList = true;
    private boolean auto;
    private Double rtol;
    private Double atol;
    private final List<Map<String, Tensor>> samples = new ArrayList<>();
    private final Map<String, Long> dims = new LinkedHashMap<>();
    private int generatedSamples = 2;
    private long seed = 1;
    private boolean checkIntermediates = true;
    private int maxAttempts = 256;
    private boolean clampToFinite = true;

    public static PrecisionOptions fp16() {
        return new PrecisionOptions();
    }

    public static PrecisionOptions bf16() {
        return new PrecisionOptions().target(DataType.BFLOAT16);
    }

    /** Options for {@code "fp16"}/{@code "float16"}/{@code "half"} or {@code "bf16"}/{@code "bfloat16"}. */
    public static PrecisionOptions of(String precision) {
        return new PrecisionOptions().target(parseTarget(precision));
    }

    /** Parses a command-line precision name; throws naming the accepted ones. */
    public static DataType parseTarget(String precision) {
        return switch (precision.trim().toLowerCase(Locale.ROOT)) {
            case "fp16", "float16", "half" -> DataType.FLOAT16;
            case "bf16", "bfloat16" -> DataType.BFLOAT16;
            default -> throw new IllegalArgumentException("Unknown precision '" + precision + "'; use fp16 or bf16");
        };
    }

    /** FLOAT16 or BFLOAT16. */
    public DataType target() {
        return target;
    }

    public PrecisionOptions target(DataType t) {
        if (t != DataType.FLOAT16 && t != DataType.BFLOAT16) {
            throw new IllegalArgumentException("The target precision is float16 or bfloat16, got " + t.displayName());
        }
        this.target = t;
        return this;
    }

    /** "fp16" or "bf16". */
    public String targetName() {
        return target == DataType.FLOAT16 ? "fp16" : "bf16";
    }

    /** Whether the model's float32 inputs and outputs stay float32 (Casts at the boundary). Off by default. */
    public boolean keepIoTypes() {
        return keepIoTypes;
    }

    public PrecisionOptions keepIoTypes(boolean keep) {
        this.keepIoTypes = keep;
        return this;
    }

    /** Op types to keep in float32, on top of the default block list (e.g. "Softmax", or "com.microsoft.Attention"). */
    public Set<String> blockList() {
        return Collections.unmodifiableSet(blockList);
    }

    public PrecisionOptions blockList(String... opTypes) {
        for (String s : opTypes) {
            for (String op : s.split(",")) {
                if (!op.isBlank()) {
                    blockList.add(op.trim());
                }
            }
        }
        return this;
    }

    public PrecisionOptions blockList(Iterable<String> opTypes) {
        opTypes.forEach(this::blockList);
        return this;
    }

    /** Node names to keep in float32 (onnxconverter-common's node_block_list). */
    public Set<String> blockNodes() {
        return Collections.unmodifiableSet(blockNodes);
    }

    public PrecisionOptions blockNodes(String... names) {
        blockNodes.addAll(List.of(names));
        return this;
    }

    /** Whether {@link #defaultBlockListOps()} applies (on by default). */
    public boolean defaultBlockList() {
        return defaultBlockList;
    }

    public PrecisionOptions defaultBlockList(boolean use) {
        this.defaultBlockList = use;
        return this;
    }

    /** The ops kept in float32 by default, with the reason for each. */
    public static Map<String, String> defaultBlockListOps() {
        return OpRules.DEFAULT_BLOCK_LIST;
    }

    /** Whether the automatic mode runs (off by default). */
    public boolean auto() {
        return auto;
    }

    public PrecisionOptions auto(boolean on) {
        this.auto = on;
        return this;
    }

    /** Relative tolerance of the automatic mode (default {@link #FP16_RTOL} or {@link #BF16_RTOL}). */
    public double rtol() {
        return rtol != null ? rtol : target == DataType.FLOAT16 ? FP16_RTOL : BF16_RTOL;
    }

    public double atol() {
        return atol != null ? atol : target == DataType.FLOAT16 ? FP16_ATOL : BF16_ATOL;
    }

    /** Sets the automatic mode's bound {@code |converted - float32| <= atol + rtol * |float32|}. */
    public PrecisionOptions tolerance(double relative, double absolute) {
        if (!(relative >= 0) || !(absolute >= 0)) {
            throw new IllegalArgumentException("Tolerances must be >= 0, got rtol " + relative + ", atol " + absolute);
        }
        this.rtol = relative;
        this.atol = absolute;
        return this;
    }

    /** Inputs the automatic mode runs the model on; when none are given it generates {@link #generatedSamples()}. */
    public List<Map<String, Tensor>> samples() {
        return Collections.unmodifiableList(samples);
    }

    public PrecisionOptions sample(Map<String, Tensor> feeds) {
        samples.add(Map.copyOf(feeds));
        return this;
    }

    /** Sizes of symbolic dimensions for generated inputs (others are 1). */
    public Map<String, Long> dims() {
        return Collections.unmodifiableMap(dims);
    }

    public PrecisionOptions dims(Map<String, Long> bindings) {
        dims.putAll(bindings);
        return this;
    }

    public PrecisionOptions dim(String name, long size) {
        dims.put(name, size);
        return this;
    }

    /** How many random input sets the automatic mode generates when no sample is given (default 2). */
    public int generatedSamples() {
        return generatedSamples;
    }

    public PrecisionOptions generatedSamples(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("generatedSamples must be >= 1, got " + n);
        }
        this.generatedSamples = n;
        return this;
    }

    /** Seed of the first generated input set (the next ones use seed + 1, ...). */
    public long seed() {
        return seed;
    }

    public PrecisionOptions seed(long s) {
        this.seed = s;
        return this;
    }

    /**
     * Whether the automatic mode also rejects a conversion that turns a finite intermediate value Inf or NaN,
     * even when the outputs still agree (on by default: an overflow the samples hide would show on other inputs).
     */
    public boolean checkIntermediates() {
        return checkIntermediates;
    }

    public PrecisionOptions checkIntermediates(boolean on) {
        this.checkIntermediates = on;
        return this;
    }

    /** The most trial conversions the automatic mode runs; ops still undecided then stay float32. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public PrecisionOptions maxAttempts(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + n);
        }
        this.maxAttempts = n;
        return this;
    }

    /**
     * Whether finite weights beyond the target's range are clamped to its largest finite value (on by default)
     * rather than becoming infinite.
     */
    public boolean clampToFinite() {
        return clampToFinite;
    }

    public PrecisionOptions clampToFinite(boolean on) {
        this.clampToFinite = on;
        return this;
    }

    public PrecisionOptions copy() {
        PrecisionOptions o = new PrecisionOptions();
        o.target = target;
        o.keepIoTypes = keepIoTypes;
        o.blockList.addAll(blockList);
        o.blockNodes.addAll(blockNodes);
        o.defaultBlockList = defaultBlockList;
        o.auto = auto;
        o.rtol = rtol;
        o.atol = atol;
        o.samples.addAll(samples);
        o.dims.putAll(dims);
        o.generatedSamples = generatedSamples;
        o.seed = seed;
        o.checkIntermediates = checkIntermediates;
        o.maxAttempts = maxAttempts;
        o.clampToFinite = clampToFinite;
        return o;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(targetName());
        if (keepIoTypes) {
            sb.append(", keep-io-types");
        }
        if (!blockList.isEmpty()) {
            sb.append(", block-list ").append(String.join(",", blockList));
        }
        if (!defaultBlockList) {
            sb.append(", no default block list");
        }
        if (auto) {
            sb.append(", auto (rtol ").append(rtol()).append(", atol ").append(atol()).append(')');
        }
        return sb.toString();
    }
}
