package dev.modelx.runtime;

import dev.modelx.graph.Domains;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Kernels by (domain, op type, since-version). Lookup picks the newest version not above the model's
 * op-set version for the domain, as ONNX's operator versioning defines.
 */
public final class KernelRegistry {

    private final Map<String, NavigableMap<Integer, Kernel>> kernels = new HashMap<>();

    /** Registers {@code kernel} for {@code opType} in the default domain from {@code sinceVersion} on. */
    public KernelRegistry add(String opType, int sinceVersion, Kernel kernel) {
        return add(Domains.ONNX, opType, sinceVersion, kernel);
    }

    public KernelRegistry add(String domain, String opType, int sinceVersion, Kernel kernel) {
        kernels.computeIfAbsent(key(domain, opType), k -> new TreeMap<>()).put(sinceVersion, kernel);
        return this;
    }

    public Optional<Kernel> lookup(String domain, String opType, int opsetVersion) {
        NavigableMap<Integer, Kernel> versions = kernels.get(key(domain, opType));
        if (versions == null) {
            return Optional.empty();
        }
        Map.Entry<Integer, Kernel> e = versions.floorEntry(opsetVersion <= 0 ? Integer.MAX_VALUE : opsetVersion);
        return Optional.ofNullable(e == null ? null : e.getValue());
    }

    public boolean supports(String domain, String opType) {
        return kernels.containsKey(key(domain, opType));
    }

    /** "domain.Op" names of every registered op (default domain without a prefix). */
    public Set<String> ops() {
        return new TreeSet<>(kernels.keySet());
    }

    /** The since-versions registered for an op, e.g. Gemm -> [1, 6, 7, 9, 11, 13]. */
    public Set<Integer> versions(String domain, String opType) {
        NavigableMap<Integer, Kernel> v = kernels.get(key(domain, opType));
        return v == null ? Set.of() : v.keySet();
    }

    private static String key(String domain, String opType) {
        String d = Domains.normalize(domain);
        return d.isEmpty() ? opType : d + "." + opType;
    }
}
