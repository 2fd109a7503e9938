package dev.modelx.verify;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.RandomInputs;
import dev.modelx.runtime.Tensors;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Inputs for verifying a model: the ones the user gave, and for the rest values generated from each input's type
 * and shape (symbolic dimensions bound by {@code dims}, else 1; unbound image sizes 64) with ranges that suit how
 * the model uses it. This extends {@link RandomInputs}' rules, looking at the input's consumers through shape-only ops (Cast, Reshape,
 * Unsqueeze, ...):
 * <ul>
 *   <li>integer indices of a Gather (token ids into an embedding table): in [0, size of the gathered axis);
 *       of a OneHot: in [0, depth)</li>
 *   <li>inputs named like masks ({@code attention_mask}): 0/1, each row along the last axis a run of ones
 *       followed by zeros (at least one 1), the shape of a padding mask</li>
 *   <li>integer inputs named {@code token_type_ids}/{@code segment_ids}: 0/1; {@code position_ids}: 0, 1, 2, ...
 *       along the last axis</li>
 *   <li>floating-point inputs named like probabilities ({@code probs}): uniform in [0, 1]; inputs read by Log,
 *       Sqrt or Reciprocal: uniform in [0.01, 2]</li>
 *   <li>images (named image/pixel/img, or rank 4 with 1, 3 or 4 channels first or last): pixels uniform in [0, 1]
 *       normalised per channel with ImageNet's mean and standard deviation (about [-2.1, 2.6]); uint8 images in
 *       [0, 255]</li>
 *   <li>other integers in [0, 10), bools 0/1, other floating-point values standard normal, strings "s0".."s99"</li>
 *   <li>LoD offsets ({@code X.lod0}, ... beside an input {@code X}, as the Paddle importer names them): valid offsets
 *       over X's rows ({@link LodOffsets})</li>
 * </ul>
 */
public final class InputSynthesizer {

    /** One input: its value and where the value came from ("given" or the rule that generated it). */
    public record Input(String name, Tensor tensor, boolean given, String origin) {
    }

    /** Ops that pass an index or mask value on without changing what its elements mean. */
    private static final Set<String> PASS_THROUGH = Set.of("Cast", "Identity", "Reshape", "Squeeze", "Unsqueeze", "Flatten",
            "Expand", "Transpose", "Tile", "Slice", "Concat", "Split", "CastLike");

    /** Height and width given to image inputs whose spatial dimensions are unbound (a multiple of 32, as detectors need). */
    public static final int DEFAULT_IMAGE_SIZE = 64;

    private static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    private static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    private InputSynthesizer() {
    }

    /**
     * The inputs of {@code model}, in the order of its feed inputs: {@code given} ones as they are, the others
     * generated with {@code seed}. Symbolic dimensions take their value from {@code dims}, then from the given
     * inputs' shapes, else 1 (64 for the height and width of image inputs). Throws {@link IllegalArgumentException}
     * for a given input the model does not have, or a non-tensor input that was not given.
     */
    public static List<Input> generate(Model model, Map<String, Long> dims, long seed, Map<String, Tensor> given) {
        Graph g = model.graph();
        List<ValueInfo> feeds = g.feedInputs();
        List<String> names = feeds.stream().map(ValueInfo::name).toList();
        for (String k : given.keySet()) {
            if (!names.contains(k)) {
                throw new IllegalArgumentException("unknown input '" + k + "', expected one of " + names);
            }
        }
        Map<String, Long> bound = new LinkedHashMap<>(dims);
        bindFromGiven(feeds, given, bound);
        Random rnd = new Random(seed);
        List<Input> out = new ArrayList<>();
        for (ValueInfo in : feeds) {
            Tensor t = given.get(in.name());
            if (t != null) {
                out.add(new Input(in.name(), t, true, "given"));
                continue;
            }
            if (!(in.type() instanceof Type.TensorType tt)) {
                throw new IllegalArgumentException("input '" + in.name() + "' is " + in.type()
                        + "; only tensors are generated, give it with --input");
            }
            if (tt.elementType() == DataType.UNDEFINED) {
                throw new IllegalArgumentException("input '" + in.name() + "' has no declared element type; give it with --input");
            }
            if (tt.shape() == null) {
                throw new IllegalArgumentException("input '" + in.name() + "' has no declared shape; give it with --input "
                        + in.name() + "=FILE.npy");
            }
            long[] shape = RandomInputs.bindShape(in.name(), tt, bound);
            boolean spatial = defaultImageSize(tt, bound, shape);
            Input made = synthesize(g, in.name(), tt.elementType(), shape, rnd);
            out.add(spatial ? new Input(made.name(), made.tensor(), false, made.origin() + "; unbound height and width set to "
                    + DEFAULT_IMAGE_SIZE) : made);
        }
        LodOffsets.makeConsistent(out);
        return out;
    }

    /** The generated inputs as a map, for callers that need only the values. */
    public static Map<String, Tensor> asMap(List<Input> inputs) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        inputs.forEach(i -> m.put(i.name(), i.tensor()));
        return m;
    }

    /**
     * For an image-like input (rank 4 with a static channel count of 1, 3 or 4 first or last) whose height and width
     * are unbound, sets them to {@link #DEFAULT_IMAGE_SIZE} in {@code shape} instead of 1; returns whether it did.
     */
    private static boolean defaultImageSize(Type.TensorType tt, Map<String, Long> bound, long[] shape) {
        if (shape.length != 4) {
            return false;
        }
        List<Dim> d = tt.shape().dims();
        int[] spatial = isStaticChannel(d.get(1)) ? new int[] {2, 3} : isStaticChannel(d.get(3)) ? new int[] {1, 2} : null;
        if (spatial == null) {
            return false;
        }
        boolean changed = false;
        for (int axis : spatial) {
            Dim x = d.get(axis);
            if (!x.isStatic() && !(x.isSymbolic() && bound.containsKey(x.param()))) {
                shape[axis] = DEFAULT_IMAGE_SIZE;
                changed = true;
            }
        }
        return changed;
    }

    private static boolean isStaticChannel(Dim d) {
        return d.isStatic() && isChannelCount(d.value());
    }

    private static void bindFromGiven(List<ValueInfo> feeds, Map<String, Tensor> given, Map<String, Long> bound) {
        for (ValueInfo in : feeds) {
            Tensor t = given.get(in.name());
            if (t == null || !(in.type() instanceof Type.TensorType tt) || tt.shape() == null) {
                continue;
            }
            long[] shape = t.shape();
            if (shape.length != tt.shape().rank()) {
                throw new IllegalArgumentException("input '" + in.name() + "' must have shape " + tt.shape() + ", got "
                        + Arrays.toString(shape));
            }
            for (int i = 0; i < shape.length; i++) {
                Dim d = tt.shape().dim(i);
                if (d.isSymbolic()) {
                    Long prev = bound.putIfAbsent(d.param(), shape[i]);
                    if (prev != null && prev != shape[i]) {
                        throw new IllegalArgumentException("input '" + in.name() + "' has " + d.param() + "=" + shape[i]
                                + " but " + d.param() + " is bound to " + prev);
                    }
                }
            }
        }
    }

    // ---- how the model uses an input ----

    private record Use(Node node, int index) {
    }

    /** The (node, input index) pairs reading {@code value}, directly or through {@link #PASS_THROUGH} ops. */
    private static List<Use> uses(Graph g, String value) {
        List<Use> out = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.add(value);
        seen.add(value);
        while (!todo.isEmpty() && seen.size() < 64) {
            String v = todo.poll();
            for (Node n : g.nodes()) {
                for (int i = 0; i < n.inputs().size(); i++) {
                    if (!n.input(i).equals(v)) {
                        continue;
                    }
                    out.add(new Use(n, i));
                    boolean dataInput = i == 0 || n.opType().equals("Concat");
                    if (PASS_THROUGH.contains(n.opType()) && dataInput) {
                        for (String o : n.outputs()) {
                            if (!o.isEmpty() && seen.add(o)) {
                                todo.add(o);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The smallest bound of the index ranges the uses imply (Gather tables, OneHot depths), with what sets it; or null. */
    private static Object[] indexBound(Graph g, List<Use> uses) {
        long bound = Long.MAX_VALUE;
        String why = null;
        for (Use u : uses) {
            Node n = u.node();
            long b = -1;
            String w = null;
            if ((n.opType().equals("Gather") || n.opType().equals("GatherElements")) && u.index() == 1) {
                long[] shape = staticShape(g, n.input(0));
                if (shape != null && shape.length > 0) {
                    int axis = (int) n.attrLong("axis", 0);
                    axis = axis < 0 ? axis + shape.length : axis;
                    if (axis >= 0 && axis < shape.length && shape[axis] > 0) {
                        b = shape[axis];
                        w = "indices into '" + n.input(0) + "' (" + n.describe() + ")";
                    }
                }
            } else if (n.opType().equals("OneHot") && u.index() == 0) {
                Tensor depth = g.initializers().get(n.input(1));
                if (depth != null && depth.size() == 1) {
                    b = (long) depth.getDouble(0);
                    w = "OneHot depth of " + n.describe();
                }
            }
            if (b > 0 && b < bound) {
                bound = b;
                why = w;
            }
        }
        return why == null ? null : new Object[] {bound, why};
    }

    private static long[] staticShape(Graph g, String value) {
        Tensor t = g.initializers().get(value);
        if (t != null) {
            return t.shape();
        }
        return g.declaredType(value).filter(Type.TensorType.class::isInstance).map(Type.TensorType.class::cast)
                .filter(tt -> tt.shape() != null && tt.shape().dims().stream().allMatch(Dim::isStatic))
                .map(tt -> tt.shape().dims().stream().mapToLong(Dim::value).toArray()).orElse(null);
    }

    private static boolean readBy(List<Use> uses, Set<String> ops) {
        return uses.stream().anyMatch(u -> ops.contains(u.node().opType()) && u.index() == 0);
    }

    // ---- generation ----

    private static Input synthesize(Graph g, String name, DataType type, long[] shape, Random rnd) {
        long count = Tensor.elementCount(shape);
        Tensor.checkAllocatable(count, type);
        int n = (int) count;
        String lower = name.toLowerCase(Locale.ROOT);
        List<Use> uses = uses(g, name);
        if (type == DataType.STRING) {
            String[] s = new String[n];
            for (int i = 0; i < n; i++) {
                s[i] = "s" + rnd.nextInt(100);
            }
            return new Input(name, Tensor.ofStrings(shape, s), false, "strings \"s0\"..\"s99\"");
        }
        boolean integer = type.isInteger() || type == DataType.BOOL;
        Object[] index = integer ? indexBound(g, uses) : null;
        if (lower.contains("mask")) {
            return new Input(name, mask(type, shape, rnd), false, "mask of 0/1 (ones then zeros along the last axis)");
        }
        if (integer && (lower.contains("position") || lower.equals("pos_ids"))) {
            long limit = index != null ? (long) index[0] : Long.MAX_VALUE;
            long last = shape.length == 0 ? 1 : Math.max(1, shape[shape.length - 1]);
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = Math.min(i % last, limit - 1);
            }
            return new Input(name, Tensors.fromLongs(type, shape, v), false, "positions 0, 1, 2, ... along the last axis");
        }
        if (index != null) {
            long bound = (long) index[0];
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = (long) (rnd.nextDouble() * bound);
            }
            return new Input(name, Tensors.fromLongs(type, shape, v), false, "in [0, " + bound + "): " + index[1]);
        }
        if (integer && (lower.contains("token_type") || lower.contains("segment"))) {
            return new Input(name, uniformLongs(type, shape, 2, rnd), false, "segment ids in [0, 2)");
        }
        if (type == DataType.BOOL) {
            return new Input(name, uniformLongs(type, shape, 2, rnd), false, "random 0/1");
        }
        boolean image = looksLikeImage(lower, shape);
        if (type == DataType.UINT8 && image) {
            return new Input(name, uniformLongs(type, shape, 256, rnd), false, "image pixels in [0, 255]");
        }
        if (integer) {
            return new Input(name, uniformLongs(type, shape, 10, rnd), false, "integers in [0, 10)");
        }
        if (type.isComplex()) {
            double[] v = new double[2 * n];
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextGaussian();
            }
            Object data = v;
            if (type == DataType.COMPLEX64) {
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    f[i] = (float) v[i];
                }
                data = f;
            }
            return new Input(name, Tensor.of(type, shape, data), false, "standard normal (real and imaginary parts)");
        }
        double[] v = new double[n];
        String origin;
        if (lower.contains("prob")) {
            for (int i = 0; i < n; i++) {
                v[i] = rnd.nextDouble();
            }
            origin = "probabilities uniform in [0, 1]";
        } else if (readBy(uses, Set.of("Log", "Sqrt", "Reciprocal"))) {
            for (int i = 0; i < n; i++) {
                v[i] = 0.01 + 1.99 * rnd.nextDouble();
            }
            origin = "positive, uniform in [0.01, 2] (read by Log/Sqrt/Reciprocal)";
        } else if (image) {
            int channelAxis = channelAxis(shape);
            long channels = channelAxis < 0 ? 1 : shape[channelAxis];
            long inner = 1;
            for (int d = channelAxis + 1; channelAxis >= 0 && d < shape.length; d++) {
                inner *= shape[d];
            }
            for (int i = 0; i < n; i++) {
                int c = channelAxis < 0 || channels != 3 ? -1 : (int) ((i / inner) % channels);
                double mean = c < 0 ? 0.449 : IMAGENET_MEAN[c];
                double std = c < 0 ? 0.226 : IMAGENET_STD[c];
                v[i] = (rnd.nextDouble() - mean) / std;
            }
            origin = "image: pixels uniform in [0, 1] normalised with ImageNet mean/std"
                    + (channelAxis == 1 ? " (channels first)" : channelAxis == 3 ? " (channels last)" : "");
        } else {
            for (int i = 0; i < n; i++) {
                v[i] = rnd.nextGaussian();
            }
            origin = "standard normal";
        }
        return new Input(name, Tensors.fromDoubles(type, shape, v), false, origin);
    }

    private static boolean looksLikeImage(String lower, long[] shape) {
        if (lower.contains("image") || lower.contains("pixel") || lower.contains("img")) {
            return true;
        }
        return shape.length == 4 && channelAxis(shape) >= 0 && shape[1] * shape[2] * shape[3] >= 64;
    }

    /** 1 for NCHW, 3 for NHWC (channels 1, 3 or 4 with larger spatial sizes), else -1. */
    private static int channelAxis(long[] shape) {
        if (shape.length != 4) {
            return -1;
        }
        boolean first = isChannelCount(shape[1]) && shape[2] > 4 && shape[3] > 4;
        boolean last = isChannelCount(shape[3]) && shape[1] > 4 && shape[2] > 4;
        return first ? 1 : last ? 3 : -1;
    }

    private static boolean isChannelCount(long c) {
        return c == 1 || c == 3 || c == 4;
    }

    private static Tensor uniformLongs(DataType type, long[] shape, long bound, Random rnd) {
        int n = (int) Tensor.elementCount(shape);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = (long) (rnd.nextDouble() * bound);
        }
        return Tensors.fromLongs(type, shape, v);
    }

    /** Per row along the last axis: 1 for the first L positions (L in [1, row length]) and 0 after. */
    private static Tensor mask(DataType type, long[] shape, Random rnd) {
        int n = (int) Tensor.elementCount(shape);
        int row = shape.length == 0 ? 1 : (int) Math.max(1, shape[shape.length - 1]);
        double[] v = new double[n];
        for (int start = 0; start < n; start += row) {
            int ones = 1 + rnd.nextInt(row);
            for (int j = 0; j < row && start + j < n; j++) {
                v[start + j] = j < ones ? 1 : 0;
            }
        }
        return Tensors.fromDoubles(type, shape, v);
    }
}
