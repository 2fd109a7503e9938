package dev.modelx.runtime.kernels.misc;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * RegexFullMatch (20): whether each string matches the whole 'pattern'. ONNX specifies RE2 syntax; this
 * uses java.util.regex after rewriting RE2's named groups {@code (?P<n>...)} and POSIX classes
 * {@code [[:alpha:]]}. RE2 features Java lacks (e.g. {@code \C}) are reported as errors.
 */
public final class RegexFullMatch {

    private static final Pattern POSIX = Pattern.compile("\\[:(\\^?)(alnum|alpha|ascii|blank|cntrl|digit|graph|lower|print|punct|space|upper|word|xdigit):\\]");

    private RegexFullMatch() {
    }

    public static void v20(OpContext ctx) {
        String[] x = StringOps.strings(ctx, 0);
        if (!ctx.hasAttr("pattern")) {
            throw ctx.error("attribute 'pattern' is required");
        }
        Pattern p = compile(ctx, ctx.attrString("pattern", ""));
        byte[] out = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (byte) (p.matcher(x[i]).matches() ? 1 : 0);
        }
        ctx.output(0, Tensor.of(dev.modelx.graph.DataType.BOOL, ctx.input(0).shape(), out));
    }

    static Pattern compile(OpContext ctx, String re2) {
        if (re2.contains("\\C")) {
            throw ctx.error("pattern '" + re2 + "' uses \\C (any byte), which Java regular expressions do not support");
        }
        String java = re2.replace("(?P<", "(?<");
        Matcher m = POSIX.matcher(java);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String cls = switch (m.group(2)) {
                case "word" -> "\\w";
                case "ascii" -> "\\p{ASCII}";
                case "xdigit" -> "\\p{XDigit}";
                default -> "\\p{" + Character.toUpperCase(m.group(2).charAt(0)) + m.group(2).substring(1) + "}";
            };
            if (!m.group(1).isEmpty()) {
                cls = cls.startsWith("\\w") ? "\\W" : "\\P" + cls.substring(2);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(cls));
        }
        m.appendTail(sb);
        try {
            return Pattern.compile(sb.toString());
        } catch (PatternSyntaxException e) {
            throw ctx.error("pattern '" + re2 + "' is not supported by Java regular expressions: " + e.getDescription());
        }
    }
}
