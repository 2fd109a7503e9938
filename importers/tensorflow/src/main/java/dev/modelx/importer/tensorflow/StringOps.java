package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/**
 * StringJoin (a chain of ONNX StringConcat with the separator between inputs; TF only lets scalars
 * broadcast, which StringConcat's numpy broadcasting covers) and RegexFullMatch (ONNX's op of that name,
 * RE2 as in TF; the pattern must be a constant). StringLower/StringUpper stay unsupported: TF maps case
 * ASCII-only (encoding "") or one code point at a time (utf-8), ONNX StringNormalizer by locale with
 * multi-character mappings, and only on [C] / [1, C] inputs.
 */
final class StringOps {

    private StringOps() {
    }

    static void register(OpRegistry r) {
        r.register(StringOps::join, "StringJoin");
        r.register(StringOps::regexFullMatch, "RegexFullMatch");
    }

    private static String string(Scope s, TfNode n, int i) {
        String v = s.in(n, i);
        s.setType(v, DataType.STRING);
        return v;
    }

    private static String concat(Scope s, String a, String b) {
        s.session.requireOpset(20);
        String out = s.op("StringConcat", a, b);
        s.setType(out, DataType.STRING);
        return out;
    }

    private static void join(TfNode n, Scope s) {
        if (n.inputCount() == 0) {
            throw new TfImportException(n.describe() + ": StringJoin needs at least one input");
        }
        String separator = n.s("separator", "");
        String sep = separator.isEmpty() ? null : s.constant(Tensor.ofStrings(new long[0], separator), "separator");
        String acc = string(s, n, 0);
        if (n.inputCount() == 1) {
            s.out(n, 0, s.op("Identity", acc));
            return;
        }
        for (int i = 1; i < n.inputCount(); i++) {
            if (sep != null) {
                acc = concat(s, acc, sep);
            }
            acc = concat(s, acc, string(s, n, i));
        }
        s.out(n, 0, acc);
    }

    private static void regexFullMatch(TfNode n, Scope s) {
        Tensor pattern = s.requireConstant(n, 1, "the pattern");
        if (pattern.type() != DataType.STRING || pattern.size() != 1) {
            throw new TfImportException(n.describe() + ": the pattern must be one string, got a " + pattern.type().displayName()
                    + " tensor of " + pattern.size() + " elements");
        }
        s.session.requireOpset(20);
        String out = s.add(s.node("RegexFullMatch", string(s, n, 0)).attr("pattern", pattern.strings()[0])).output(0);
        s.setType(out, DataType.BOOL);
        s.out(n, 0, out);
    }
}
