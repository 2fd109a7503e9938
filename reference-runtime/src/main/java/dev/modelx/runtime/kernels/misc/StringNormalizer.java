package dev.modelx.runtime.kernels.misc;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * StringNormalizer (10): drops stop words (optionally case-insensitively) from a [C] or [1, C] string
 * tensor, then lower- or upper-cases what remains. An all-dropped input gives a single "".
 */
public final class StringNormalizer {

    private StringNormalizer() {
    }

    public static void v10(OpContext ctx) {
        String[] x = StringOps.strings(ctx, 0);
        long[] shape = ctx.input(0).shape();
        boolean twoDim = shape.length == 2;
        if (!(shape.length == 1 || twoDim && shape[0] == 1)) {
            throw ctx.error("input must have shape [C] or [1, C], got " + OpContext.shape(shape));
        }
        String action = ctx.attrString("case_change_action", "NONE");
        if (!action.equals("NONE") && !action.equals("LOWER") && !action.equals("UPPER")) {
            throw ctx.error("case_change_action must be NONE, LOWER or UPPER, got '" + action + "'");
        }
        boolean caseSensitive = ctx.attrLong("is_case_sensitive", 0) != 0;
        Locale locale = locale(ctx.attrString("locale", ""));
        Set<String> stop = new HashSet<>();
        Attribute sw = ctx.attr("stopwords");
        if (sw != null) {
            for (String w : sw.asStrings()) {
                stop.add(caseSensitive ? w : w.toLowerCase(locale));
            }
        }
        List<String> kept = new ArrayList<>();
        for (String s : x) {
            if (stop.contains(caseSensitive ? s : s.toLowerCase(locale))) {
                continue;
            }
            kept.add(switch (action) {
                case "LOWER" -> s.toLowerCase(locale);
                case "UPPER" -> s.toUpperCase(locale);
                default -> s;
            });
        }
        if (kept.isEmpty()) {
            kept.add("");
        }
        long c = kept.size();
        ctx.output(0, Tensor.ofStrings(twoDim ? new long[]{1, c} : new long[]{c}, kept.toArray(new String[0])));
    }

    private static Locale locale(String name) {
        if (name.isEmpty()) {
            return Locale.US;
        }
        Locale l = Locale.forLanguageTag(name.replace('_', '-'));
        return l.getLanguage().isEmpty() ? Locale.US : l;
    }
}
