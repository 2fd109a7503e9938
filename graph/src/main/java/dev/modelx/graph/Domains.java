package dev.modelx.graph;

/** Well-known operator-set domains. The default domain is written "" (ONNX also accepts "ai.onnx"). */
public final class Domains {
    public static final String ONNX = "";
    public static final String ONNX_ALIAS = "ai.onnx";
    public static final String ML = "ai.onnx.ml";
    public static final String PREVIEW = "ai.onnx.preview";
    public static final String TRAINING = "ai.onnx.preview.training";

    private Domains() {
    }

    /** Maps "ai.onnx" to "" so lookups treat both spellings of the default domain alike. */
    public static String normalize(String domain) {
        return domain == null || domain.equals(ONNX_ALIAS) ? ONNX : domain;
    }

    public static String display(String domain) {
        return normalize(domain).isEmpty() ? "ai.onnx" : domain;
    }
}
