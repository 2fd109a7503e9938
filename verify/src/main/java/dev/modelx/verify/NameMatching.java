package dev.modelx.verify;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pairs the graph inputs or outputs of two models: by name where B has a value of A's name, otherwise by position
 * when the conversion renamed them (B's value at the same position, itself not named like any of A's).
 */
public final class NameMatching {

    /** A's name, B's (null when B has no counterpart) and how they were paired: "name", "position" or "none". */
    public record Pair(String a, String b, String by) {
    }

    private NameMatching() {
    }

    public static List<Pair> match(List<String> a, List<String> b) {
        Set<String> aNames = new HashSet<>(a);
        Set<String> used = new HashSet<>();
        List<Pair> out = new ArrayList<>();
        for (String name : a) {
            if (b.contains(name)) {
                used.add(name);
            }
        }
        for (int i = 0; i < a.size(); i++) {
            String name = a.get(i);
            if (b.contains(name)) {
                out.add(new Pair(name, name, "name"));
            } else if (i < b.size() && !aNames.contains(b.get(i)) && used.add(b.get(i))) {
                out.add(new Pair(name, b.get(i), "position"));
            } else {
                out.add(new Pair(name, null, "none"));
            }
        }
        return out;
    }
}
