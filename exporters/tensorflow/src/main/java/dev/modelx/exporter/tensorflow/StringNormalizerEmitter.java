package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.List;
import java.util.Locale;

/**
 * StringNormalizer: stop words are matched against the (StringLower-ed, unless case-sensitive) strings
 * with an Equal against the constant word list, the survivors gathered, an empty result padded to one ""
 * and the case changed with StringLower/StringUpper (UTF-8, character by character: Java's few
 * multi-character mappings such as upper-case "ß" to "SS" are not reproduced). Locales other than
 * en_US/unset are refused since TF's case mapping knows none.
 */
final class StringNormalizerEmitter {

    private StringNormalizerEmitter() {
    }

    static void register(Emitters r) {
        r.register(StringNormalizerEmitter::emit, "StringNormalizer");
    }

    private static void emit(EmitContext c) {
        Val x = c.require(0, "X");
        int rank = c.rank(x, "X");
        if (x.type() != DataType.STRING || !(rank == 1 || rank == 2 && x.dim(0) == 1)) {
            throw c.error("StringNormalizer needs a string tensor of shape [C] or [1, C], got " + x);
        }
        String action = c.node.attrString("case_change_action", "NONE");
        if (!List.of("NONE", "LOWER", "UPPER").contains(action)) {
            throw c.error("case_change_action must be NONE, LOWER or UPPER, got '" + action + "'");
        }
        String locale = c.node.attrString("locale", "");
        if (!locale.isEmpty() && !locale.equals("en_US") && !locale.equals("en-US")) {
            throw c.error("StringNormalizer locale '" + locale + "' has no TensorFlow case mapping");
        }
        boolean caseSensitive = c.node.attrLong("is_case_sensitive", 0) != 0;
        DataType s = DataType.STRING;
        String flat = Ops.reshape(c, c.t(x), s, c.longs(-1));
        String kept = flat;
        List<String> stop = c.node.hasAttribute("stopwords") ? c.node.attribute("stopwords").asStrings() : List.of();
        if (!stop.isEmpty()) {
            String[] words = stop.stream().map(w -> caseSensitive ? w : w.toLowerCase(Locale.US)).toArray(String[]::new);
            String key = caseSensitive ? flat : lower(c, flat, "StringLower");
            String hits = Ops.bin(c, "Equal", Ops.expandDims(c, key, s, 1),
                    c.constant(Tensor.ofStrings(new long[]{words.length}, words)), s);
            String stopped = c.op("Any", "stopped").in(hits).in(c.longs(1)).type("Tidx", DataType.INT64).b("keep_dims", false).out();
            String where = c.op("Where", "kept").in(c.op("LogicalNot", "keep").in(stopped).out()).type("T", DataType.BOOL).out();
            kept = c.op("GatherNd", "gather").in(flat).in(where).type("Tparams", s).type("Tindices", DataType.INT64).out();
            kept = nonEmpty(c, kept);
        } else if (x.dim(-1) == 0 || x.dim(-1) < 0) {
            kept = nonEmpty(c, kept);
        }
        if (action.equals("LOWER")) {
            kept = lower(c, kept, "StringLower");
        } else if (action.equals("UPPER")) {
            kept = lower(c, kept, "StringUpper");
        }
        long count = stop.isEmpty() && x.dim(-1) > 0 ? x.dim(-1) : -1;
        if (rank == 2) {
            kept = Ops.reshape(c, kept, s, c.longs(1, -1));
        }
        c.out(0, c.val(kept, s, rank == 2 ? new long[]{1, count} : new long[]{count}));
    }

    /** {@code x}, or [""] when it has no elements. */
    private static String nonEmpty(EmitContext c, String x) {
        DataType s = DataType.STRING;
        String n = c.op("Size", "count").in(x).type("T", s).type("out_type", DataType.INT64).out();
        String take = Ops.reshape(c, Ops.bin(c, "Maximum", n, c.constant(Tensor.scalar(1L)), DataType.INT64), DataType.INT64, c.longs(1));
        String padded = Ops.concat(c, s, 0, x, c.constant(Tensor.ofStrings(new long[]{1}, "")));
        return c.op("Slice", "nonempty").in(padded).in(c.longs(0)).in(take).type("T", s).type("Index", DataType.INT64).out();
    }

    private static String lower(EmitContext c, String x, String op) {
        return c.op(op, op.toLowerCase(Locale.ROOT)).in(x).s("encoding", "utf-8").out();
    }
}
