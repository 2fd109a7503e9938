package dev.modelx.verify;

/**
 * How one graph output of the converted model (B) compares with the source's (A).
 *
 * @param name       the output's name in A
 * @param nameB      its counterpart's name in B (null when B has none)
 * @param matchedBy  "name", "position" (the conversion renamed it) or "none"
 * @param op         the op of A's node computing it ("" for an input or initializer passed through)
 * @param comparison the comparison
 */
public record OutputResult(String name, String nameB, String matchedBy, String op, Comparison comparison) {

    public boolean passed() {
        return comparison.passed();
    }

    /** "passed" or "failed", as the conformance report writes statuses. */
    public String status() {
        return passed() ? "passed" : "failed";
    }
}
