package dev.modelx.passes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/** The passes known by name: the built-in ones, then those {@link PassProvider}s contribute. */
public final class PassRegistry {

    private static final Map<String, Function<PassOptions, Pass>> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("fold", ConstantFolding::new);
        BUILT_IN.put("shape-fold", ShapeFolding::new);
        BUILT_IN.put("dce", DeadCodeElimination::new);
        BUILT_IN.put("identity", IdentityElimination::new);
        BUILT_IN.put("transpose-cancel", TransposeCancellation::new);
        BUILT_IN.put("fuse-bn", ConvBatchNormFusion::new);
        BUILT_IN.put("cse", CommonSubexpressionElimination::new);
    }

    private static volatile Map<String, Function<PassOptions, Pass>> all;

    private PassRegistry() {
    }

    /** Every known pass name, built-in ones first. */
    public static List<String> names() {
        return new ArrayList<>(passes().keySet());
    }

    public static boolean has(String name) {
        return passes().containsKey(name);
    }

    /** A new instance of pass {@code name}; throws naming the known passes when there is none. */
    public static Pass create(String name, PassOptions options) {
        Function<PassOptions, Pass> f = passes().get(name);
        if (f == null) {
            throw new IllegalArgumentException("Unknown pass '" + name + "'; known passes: " + String.join(", ", names()));
        }
        return f.apply(options);
    }

    /** Name to one-sentence description, for help texts. */
    public static Map<String, String> descriptions() {
        Map<String, String> out = new LinkedHashMap<>();
        passes().forEach((name, f) -> out.put(name, f.apply(PassOptions.defaults()).description()));
        return out;
    }

    private static Map<String, Function<PassOptions, Pass>> passes() {
        Map<String, Function<PassOptions, Pass>> m = all;
        if (m == null) {
            m = new LinkedHashMap<>(BUILT_IN);
            for (PassProvider p : ServiceLoader.load(PassProvider.class)) {
                if (m.putIfAbsent(p.name(), p::create) != null) {
                    throw new IllegalStateException("Pass provider " + p.getClass().getName() + " reuses the name '" + p.name() + "'");
                }
            }
            m = Collections.unmodifiableMap(m);
            all = m;
        }
        return m;
    }
}
