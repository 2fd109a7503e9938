package dev.modelx.format.paddle.pir;

import java.util.Map;

/** The numeric dialect prefixes PIR JSON uses to shorten names ("1.conv2d" = "pd_op.conv2d"). */
public final class PirDialects {

    private static final Map<String, String> BY_ID = Map.of("0", "builtin", "1", "pd_op", "2", "cf", "3", "custom_op", "4", "dist");
    private static final Map<String, String> BY_NAME = Map.of("builtin", "0", "pd_op", "1", "cf", "2", "custom_op", "3", "dist", "4");

    private PirDialects() {
    }

    /** "1.conv2d" to "pd_op.conv2d"; names already spelled out, and "p", are returned as they are. */
    public static String expand(String compressed) {
        int dot = compressed.indexOf('.');
        if (dot <= 0) {
            return compressed;
        }
        String dialect = BY_ID.get(compressed.substring(0, dot));
        return dialect == null ? compressed : dialect + compressed.substring(dot);
    }

    /** "pd_op.conv2d" to "1.conv2d" (the spelling Paddle writes). */
    public static String compress(String name) {
        int dot = name.indexOf('.');
        if (dot <= 0) {
            return name;
        }
        String id = BY_NAME.get(name.substring(0, dot));
        return id == null ? name : id + name.substring(dot);
    }

    /** The part after the dialect prefix: "0.t_f32" to "t_f32". */
    public static String localName(String id) {
        int dot = id.indexOf('.');
        return dot < 0 ? id : id.substring(dot + 1);
    }
}
