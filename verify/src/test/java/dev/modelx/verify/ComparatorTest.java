package dev.modelx.verify;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.value.SequenceValue;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ComparatorTest {

    private static Tensor f(float... v) {
        return Tensor.ofFloats(new long[] {v.length}, v);
    }

    @Test
    void measuresAbsRelUlpAndShare() {
        Comparison c = Comparator.compare(f(1f, 2f, 0f, 4f), f(Math.nextUp(1f), 2f, 1e-6f, 4.1f), ToleranceSpec.DEFAULTS);
        assertFalse(c.passed());
        assertEquals(4, c.elements());
        assertEquals(1, c.outside());
        assertEquals(0.25, c.shareOutside());
        assertEquals(0.1, c.maxAbsErr(), 1e-6);
        assertEquals(0.025, c.maxRelErr(), 1e-6);
        assertTrue(c.maxUlp() > 1000, "4 vs 4.1 is many ULPs; 1 vs nextUp(1) is one");
        assertEquals("[3]", c.worstIndex());
        assertTrue(c.reason().startsWith("1 of 4 elements (25.0%) outside rtol 1e-4 atol 1e-5"), c.reason());
        assertEquals(1, Comparator.compare(f(1f), f(Math.nextUp(1f)), ToleranceSpec.DEFAULTS).maxUlp());
    }

    @Test
    void nanMatchesNanAndInfinitiesMustAgree() {
        assertTrue(Comparator.compare(f(Float.NaN, Float.POSITIVE_INFINITY), f(Float.NaN, Float.POSITIVE_INFINITY), ToleranceSpec.DEFAULTS).passed());
        Comparison c = Comparator.compare(f(Float.NaN, 1f), f(0f, 1f), ToleranceSpec.DEFAULTS);
        assertFalse(c.passed());
        assertEquals(1, c.nonFiniteMismatches());
    }

    @Test
    void userTolerancesReplaceTheDefaultsForFloatsOnly() {
        ToleranceSpec loose = ToleranceSpec.of(0.1, 0.1);
        assertTrue(Comparator.compare(f(4f), f(4.1f), loose).passed());
        Tensor i1 = Tensor.ofLongs(new long[] {2}, 5, 6), i2 = Tensor.ofLongs(new long[] {2}, 5, 7);
        Comparison ints = Comparator.compare(i1, i2, loose);
        assertFalse(ints.passed(), "integers are always exact");
        assertEquals(1, ints.maxUlp());
        assertEquals(Tolerance.of(1e-2, 1e-3), ToleranceSpec.DEFAULTS.forType(DataType.FLOAT16));
        assertTrue(Tolerance.defaultFor(DataType.INT32).exact());
    }

    @Test
    void typesOfOneFamilyCompareByValueWithANote() {
        Comparison c = Comparator.compare(Tensor.ofLongs(new long[] {2}, 5, 6), Tensor.ofInts(new long[] {2}, 5, 6), ToleranceSpec.DEFAULTS);
        assertTrue(c.passed());
        assertTrue(c.note().contains("int64 vs int32"), c.note());
        Comparison mixed = Comparator.compare(f(1f), Tensor.ofLongs(new long[] {1}, 1), ToleranceSpec.DEFAULTS);
        assertFalse(mixed.passed());
        assertNotNull(mixed.mismatch());
    }

    @Test
    void shapesMustAgreeExceptWhenLiningUpLayouts() {
        Tensor nchw = Tensor.ofFloats(new long[] {1, 2, 1, 3}, 1, 2, 3, 4, 5, 6);
        Tensor nhwc = Comparator.transpose(nchw, new int[] {0, 2, 3, 1});
        assertArrayEquals(new long[] {1, 1, 3, 2}, nhwc.shape());
        assertFalse(Comparator.compare(nchw, nhwc, ToleranceSpec.DEFAULTS).passed());
        Comparison aligned = Comparator.compare(new TensorValue(nchw), new TensorValue(nhwc), ToleranceSpec.DEFAULTS, true);
        assertTrue(aligned.passed(), aligned.summary());
        assertTrue(aligned.note().contains("transposing"), aligned.note());
        Comparison squeezed = Comparator.compare(new TensorValue(f(1, 2)), new TensorValue(nchw.reshape(6).reshape(1, 6)),
                ToleranceSpec.DEFAULTS, true);
        assertFalse(squeezed.passed(), "different element counts never line up");
    }

    @Test
    void intermediatesScaleTheRelativeTermByTheTypicalMagnitude() {
        Tensor a = f(10f, -10f, 5f, 1e-6f, -8f);
        Tensor noise = f(10.0001f, -10f, 5f, 3e-5f, -8f);
        assertFalse(Comparator.compare(a, noise, ToleranceSpec.DEFAULTS).passed(), "strict: 3e-5 near zero is beyond atol 1e-5");
        assertTrue(Comparator.compareIntermediate(new TensorValue(a), new TensorValue(noise), ToleranceSpec.DEFAULTS).passed(),
                "scaled: within 1e-4 of the median magnitude 8");
        Tensor wrong = f(10f, -10f, 5f, 0.5f, -8f);
        assertFalse(Comparator.compareIntermediate(new TensorValue(a), new TensorValue(wrong), ToleranceSpec.DEFAULTS).passed());
    }

    @Test
    void sequencesArePooled() {
        Value a = new SequenceValue(null, List.of(new TensorValue(f(1f)), new TensorValue(f(2f))));
        Value b = new SequenceValue(null, List.of(new TensorValue(f(1f)), new TensorValue(f(3f))));
        Comparison c = Comparator.compare(a, b, ToleranceSpec.DEFAULTS);
        assertEquals(2, c.elements());
        assertEquals(1, c.outside());
        assertEquals(1, c.maxAbsErr());
    }

    @Test
    void histogramCountsDecades() {
        Comparison c = Comparator.compare(f(0f, 0f, 0f), f(0f, 1e-7f, 2f), ToleranceSpec.DEFAULTS);
        assertEquals(1, c.histogram()[0]);
        assertEquals(1, c.histogram()[Comparison.bin(1e-7)]);
        assertEquals("1e-7", Comparison.binLabel(Comparison.bin(1e-7)));
        assertEquals(1, c.histogram()[Comparison.BINS - 1]);
    }
}
