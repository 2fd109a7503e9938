package dev.modelx.graph;

import java.util.List;
import java.util.Set;

/** Every operator of a model that a converter or runtime cannot handle, reported at once. */
public class UnsupportedOpsException extends ModelFormatException {

    private final Set<String> ops;

    public UnsupportedOpsException(java.nio.file.Path file, String what, Set<String> ops) {
        super(file, what + " not supported: " + String.join(", ", ops));
        this.ops = Set.copyOf(ops);
    }

    public Set<String> ops() {
        return ops;
    }

    public List<String> sortedOps() {
        return ops.stream().sorted().toList();
    }
}
