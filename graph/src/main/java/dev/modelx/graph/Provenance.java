package dev.modelx.graph;

import java.util.List;

/**
 * Where a node came from: the source format ("tf-graphdef", "paddle", "onnx") and the name(s) of the
 * source node(s) a converter turned into it. Verification uses it to match tensors across formats.
 */
public record Provenance(String sourceFormat, List<String> sourceNodes) {

    public Provenance {
        sourceNodes = List.copyOf(sourceNodes);
    }

    public static Provenance of(String sourceFormat, String... sourceNodes) {
        return new Provenance(sourceFormat, List.of(sourceNodes));
    }

    @Override
    public String toString() {
        return sourceFormat + ":" + String.join(",", sourceNodes);
    }
}
