package dev.modelx.importer.tflite;

import java.util.HashSet;
import java.util.Set;

/** Hands out value and node names unique across a whole imported model (sub-graphs included). */
final class NameScope {

    private final Set<String> used = new HashSet<>();
    private int counter;

    /** {@code wanted} itself when still free, else {@code wanted_N}. */
    String claim(String wanted) {
        String base = wanted == null || wanted.isEmpty() ? "v" : wanted;
        if (used.add(base)) {
            return base;
        }
        while (true) {
            String n = base + "_" + (++counter);
            if (used.add(n)) {
                return n;
            }
        }
    }

    boolean isUsed(String name) {
        return used.contains(name);
    }
}
