package dev.modelx.importer.tensorflow;

import static dev.modelx.graph.DataType.FLOAT;

import dev.modelx.graph.Tensor;

/** String ops: StringJoin (with a scalar broadcast), RegexFullMatch, StringSplitV2; and SparseToDense. */
final class StringOracleCases {

    private StringOracleCases() {
    }

    static void add(OracleCases c) {
        c.add("StringJoin", "three inputs, separator, scalar broadcast", g -> g.fetch(g.op("StringJoin").list(
                g.in(Tensor.ofStrings(new long[]{2, 2}, "a", "", "héllo", "x y")),
                g.in(Tensor.ofStrings(new long[0], "-mid-")),
                g.in(Tensor.ofStrings(new long[]{2, 2}, "1", "22", "", "zzz"))).attr("separator", ", ")));
        c.add("StringJoin", "two inputs, no separator", g -> g.fetch(g.op("StringJoin").list(
                g.in(Tensor.ofStrings(new long[]{3}, "ab", "", "c")),
                g.in(Tensor.ofStrings(new long[]{3}, "", "de", "f")))));
        c.add("StringJoin", "single input", g -> g.fetch(g.op("StringJoin").list(
                g.in(Tensor.ofStrings(new long[]{2}, "only", "one"))).attr("separator", "+")));
        c.add("RegexFullMatch", "digits and anchors", g -> g.fetch(g.op("RegexFullMatch",
                g.in(Tensor.ofStrings(new long[]{2, 3}, "123", "12a", "", "a1", "007", "1234567")),
                g.konst(Tensor.ofStrings(new long[0], "[0-9]{1,4}")))));
        c.add("RegexFullMatch", "alternation, whole string only", g -> g.fetch(g.op("RegexFullMatch",
                g.in(Tensor.ofStrings(new long[]{5}, "cat", "dog", "cats", "a dog", "")),
                g.konst(Tensor.ofStrings(new long[0], "cat|dog|")))));
            c.add("StringSplitV2", "comma, empty pieces kept", g -> {
            var sp = g.op("StringSplitV2", g.in(Tensor.ofStrings(new long[]{4}, "a,b,,c", "", ",x", "one")),
                    g.konst(Tensor.ofStrings(new long[0], ","))).build();
            g.fetch(sp.output(0), sp.output(1), sp.output(2));
        });
        c.add("StringSplitV2", "multi-char separator, maxsplit 1", g -> {
            var sp = g.op("StringSplitV2", g.in(Tensor.ofStrings(new long[]{3}, "a::b::c", "::", "x")),
                    g.konst(Tensor.ofStrings(new long[0], "::"))).attr("maxsplit", 1L).build();
            g.fetch(sp.output(0), sp.output(1), sp.output(2));
        });
        c.add("SparseToDense", "2-d indices, float values", g -> g.fetch(g.op("SparseToDense",
                g.konst(Tensor.ofLongs(new long[]{3, 2}, 0, 1, 1, 0, 2, 3)), g.i64(3, 4), g.in(FLOAT, 3), g.f32s(-1f))));
        c.add("SparseToDense", "1-d int32 indices, scalar value", g -> g.fetch(g.op("SparseToDense",
                g.i32(1, 4, 5), g.i32(7), g.f32s(2.5f), g.f32s(0f))));
        c.add("SparseToDense", "split strings densified", g -> {
            var sp = g.op("StringSplitV2", g.in(Tensor.ofStrings(new long[]{3}, "a b c", "d", " e ")),
                    g.konst(Tensor.ofStrings(new long[0], " "))).build();
            g.fetch(g.op("SparseToDense", sp.output(0), sp.output(2), sp.output(1), g.konst(Tensor.ofStrings(new long[0], "")))
                    .out());
        });
    }
}
