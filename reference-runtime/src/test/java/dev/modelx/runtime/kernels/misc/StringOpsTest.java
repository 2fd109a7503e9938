package dev.modelx.runtime.kernels.misc;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;
import dev.modelx.runtime.value.Value;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.modelx.runtime.kernels.control.Graphs.runNode;
import static dev.modelx.runtime.kernels.control.Graphs.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StringOpsTest {

    private static Tensor s(long[] shape, String... v) {
        return Tensor.ofStrings(shape, v);
    }

    @Test
    void concatBroadcasts() {
        Tensor y = tensor(runNode(Node.of("StringConcat").inputs("a", "b").outputs("y"), 20,
                s(new long[]{2}, "a", "b"), s(new long[0], "!")).get("y"));
        assertArrayEquals(new String[]{"a!", "b!"}, y.strings());
    }

    @Test
    void splitOnDelimiterKeepsEmptyPartsAndPads() {
        Map<String, Value> r = runNode(Node.of("StringSplit").inputs("x").outputs("y", "z").attr("delimiter", ","), 20,
                s(new long[]{2}, "a,,b", "c"));
        assertArrayEquals(new long[]{2, 3}, tensor(r.get("y")).shape());
        assertArrayEquals(new String[]{"a", "", "b", "c", "", ""}, tensor(r.get("y")).strings());
        assertArrayEquals(new long[]{3, 1}, tensor(r.get("z")).longs());
    }

    @Test
    void splitOnWhitespaceWithMaxsplit() {
        Map<String, Value> r = runNode(Node.of("StringSplit").inputs("x").outputs("y", "z").attr("maxsplit", 1L), 20,
                s(new long[]{1}, "  one two  three "));
        assertArrayEquals(new String[]{"one", "two  three "}, tensor(r.get("y")).strings());
        assertArrayEquals(new long[]{2}, tensor(r.get("z")).longs());
    }

    @Test
    void normalizerDropsStopwordsCaseInsensitivelyThenUppercases() {
        Node n = Node.of("StringNormalizer").inputs("x").outputs("y").attr("case_change_action", "UPPER")
                .attr(Attribute.strings("stopwords", List.of("the")));
        Tensor y = tensor(runNode(n, 10, s(new long[]{1, 3}, "The", "cat", "sat")).get("y"));
        assertArrayEquals(new long[]{1, 2}, y.shape());
        assertArrayEquals(new String[]{"CAT", "SAT"}, y.strings());
    }

    @Test
    void normalizerAllDroppedGivesOneEmptyString() {
        Node n = Node.of("StringNormalizer").inputs("x").outputs("y").attr("is_case_sensitive", 1L)
                .attr(Attribute.strings("stopwords", List.of("a")));
        Tensor y = tensor(runNode(n, 10, s(new long[]{2}, "a", "a")).get("y"));
        assertArrayEquals(new long[]{1}, y.shape());
        assertArrayEquals(new String[]{""}, y.strings());
    }

    @Test
    void normalizerRejectsBadShape() {
        KernelException e = assertThrows(KernelException.class, () -> runNode(
                Node.of("StringNormalizer").name("norm").inputs("x").outputs("y"), 10, s(new long[]{2, 1}, "a", "b")));
        assertTrue(e.getMessage().contains("norm") && e.getMessage().contains("[1, C]"), e.getMessage());
    }

    @Test
    void regexFullMatchNeedsWholeString() {
        Node n = Node.of("RegexFullMatch").inputs("x").outputs("y").attr("pattern", "[a-z]+@[[:alpha:]]+\\.com");
        Tensor y = tensor(runNode(n, 20, s(new long[]{3}, "bob@site.com", "bob@site.com.au", "x@1.com")).get("y"));
        assertArrayEquals(new byte[]{1, 0, 0}, y.bytes());
    }

    @Test
    void regexNamedGroupsInRe2SyntaxAreAccepted() {
        Node n = Node.of("RegexFullMatch").inputs("x").outputs("y").attr("pattern", "(?P<word>ab)+");
        assertArrayEquals(new byte[]{1}, tensor(runNode(n, 20, s(new long[]{1}, "abab")).get("y")).bytes());
    }

    @Test
    void regexSyntaxErrorNamesNode() {
        Node n = Node.of("RegexFullMatch").name("re").inputs("x").outputs("y").attr("pattern", "(unclosed");
        KernelException e = assertThrows(KernelException.class, () -> runNode(n, 20, s(new long[]{1}, "a")));
        assertTrue(e.getMessage().contains("re") && e.getMessage().contains("(unclosed"), e.getMessage());
    }

    @Test
    void tfIdfCountsUnigramsOnceAndSkipGrams() {
        // pool: 1-grams {2, 3}, 2-grams {(2,3)}; input [2, 3, 2, 4, 3]
        Node n = Node.of("TfIdfVectorizer").inputs("x").outputs("y").attr("mode", "TF").attr("min_gram_length", 1L)
                .attr("max_gram_length", 2L).attr("max_skip_count", 1L).ints("ngram_counts", 0, 2)
                .ints("ngram_indexes", 0, 1, 2).ints("pool_int64s", 2, 3, 2, 3);
        Tensor y = tensor(runNode(n, 9, Tensor.ofInts(new long[]{5}, 2, 3, 2, 4, 3)).get("y"));
        // unigrams: 2 twice, 3 twice; bigrams (2,3): skip0 at (0,1); skip1 at (2,4) -> 2
        assertArrayEquals(new float[]{2, 2, 2}, y.floats());
    }

    @Test
    void tfIdfWeightsInIdfMode() {
        Node n = Node.of("TfIdfVectorizer").inputs("x").outputs("y").attr("mode", "IDF").attr("min_gram_length", 1L)
                .attr("max_gram_length", 1L).attr("max_skip_count", 0L).ints("ngram_counts", 0)
                .ints("ngram_indexes", 1, 0).ints("pool_int64s", 7, 8).floats("weights", 0.5f, 3f);
        Tensor y = tensor(runNode(n, 9, Tensor.ofLongs(new long[]{2, 2}, 7, 7, 8, 9)).get("y"));
        assertArrayEquals(new long[]{2, 2}, y.shape());
        assertArrayEquals(new float[]{0, 0.5f, 3, 0}, y.floats());
    }
}
