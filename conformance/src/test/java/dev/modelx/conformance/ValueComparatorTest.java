package dev.modelx.conformance;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.runtime.value.MapValue;
import dev.modelx.runtime.value.OptionalValue;
import dev.modelx.runtime.value.SequenceValue;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueComparatorTest {

    private static final Tolerance T = Tolerance.DEFAULT;

    private static Value f(long[] shape, float... v) {
        return new TensorValue(Tensor.ofFloats(shape, v));
    }

    private static Value d(double... v) {
        return new TensorValue(Tensor.ofDoubles(new long[] {v.length}, v));
    }

    private static ValueComparator.Result cmp(Value expected, Value actual) {
        return ValueComparator.compare("output 0 'y'", expected, actual, T);
    }

    @Test
    void equalFloatsMatchWithZeroError() {
        ValueComparator.Result r = cmp(f(new long[] {3}, 1, 2, 3), f(new long[] {3}, 1, 2, 3));
        assertTrue(r.matches());
        assertNull(r.mismatch());
        assertEquals(0, r.maxAbsErr());
        assertEquals(0, r.maxRelErr());
    }

    @Test
    void reasonNamesWorstElementWithIndexAndValues() {
        ValueComparator.Result r = cmp(f(new long[] {2, 3}, 0, 0, 0, 0, 0, 1.5f), f(new long[] {2, 3}, 0, 0, 0, 0, 0, 1.2f));
        assertFalse(r.matches());
        assertEquals("output 0 'y': max abs err 0.3 at index [1, 2] (expected 1.5, got 1.2)", r.mismatch());
        assertEquals(0.3, r.maxAbsErr(), 1e-6);
        assertEquals(0.2, r.maxRelErr(), 1e-6);
    }

    @Test
    void countsDifferingElements() {
        ValueComparator.Result r = cmp(d(1, 2, 3, 4), d(1.5, 2, 3.1, 4));
        assertEquals("output 0 'y': max abs err 0.5 at index [0] (expected 1, got 1.5); 2 of 4 elements differ", r.mismatch());
    }

    @Test
    void toleranceBoundaryIsInclusive() {
        Tolerance t = new Tolerance(1e-3, 0);
        // |a - e| <= atol + rtol * |e|: 1000 +- 1 is exactly on the boundary
        assertTrue(ValueComparator.compare("y", d(1000), d(1001), t).matches());
        assertTrue(ValueComparator.compare("y", d(-1000), d(-999), t).matches());
        assertFalse(ValueComparator.compare("y", d(1000), d(1001.000001), t).matches());
        // atol alone near zero
        Tolerance abs = new Tolerance(0, 1e-7);
        assertTrue(ValueComparator.compare("y", d(0), d(1e-7), abs).matches());
        assertFalse(ValueComparator.compare("y", d(0), d(1.1e-7), abs).matches());
        // the relative part scales with the expected value, not the actual one
        assertFalse(ValueComparator.compare("y", d(1), d(2), new Tolerance(0.6, 0)).matches());
        assertTrue(ValueComparator.compare("y", d(2), d(1), new Tolerance(0.6, 0)).matches());
    }

    @Test
    void nanMatchesOnlyNan() {
        assertTrue(cmp(d(Double.NaN, 1), d(Double.NaN, 1)).matches());
        ValueComparator.Result r = cmp(d(Double.NaN, 1), d(0, 1));
        assertEquals("output 0 'y': expected NaN at index [0], got 0", r.mismatch());
        assertFalse(cmp(d(1), d(Double.NaN)).matches());
    }

    @Test
    void infinityMustMatchExactly() {
        assertTrue(cmp(d(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY), d(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)).matches());
        assertEquals("output 0 'y': expected Inf at index [0], got -Inf",
                cmp(d(Double.POSITIVE_INFINITY), d(Double.NEGATIVE_INFINITY)).mismatch());
        assertFalse(cmp(d(Double.POSITIVE_INFINITY), d(Double.MAX_VALUE)).matches());
        assertFalse(cmp(d(Double.MAX_VALUE), d(Double.POSITIVE_INFINITY)).matches());
    }

    @Test
    void shapeAndTypeMustMatchExactly() {
        assertEquals("output 0 'y': expected float[2, 3], got float[3, 2]",
                cmp(f(new long[] {2, 3}, 1, 2, 3, 4, 5, 6), f(new long[] {3, 2}, 1, 2, 3, 4, 5, 6)).mismatch());
        assertEquals("output 0 'y': expected float[1], got double[1]", cmp(f(new long[] {1}, 1), d(1)).mismatch());
        assertEquals("output 0 'y': expected float[], got float[1]",
                cmp(new TensorValue(Tensor.scalar(1f)), f(new long[] {1}, 1)).mismatch());
    }

    @Test
    void integersAndBoolsCompareExactly() {
        Value e = new TensorValue(Tensor.ofLongs(new long[] {2}, 1, Long.MAX_VALUE));
        assertTrue(cmp(e, new TensorValue(Tensor.ofLongs(new long[] {2}, 1, Long.MAX_VALUE))).matches());
        // differs by 1 in a value a double cannot resolve
        ValueComparator.Result r = cmp(e, new TensorValue(Tensor.ofLongs(new long[] {2}, 1, Long.MAX_VALUE - 1)));
        assertFalse(r.matches());
        assertTrue(r.mismatch().contains("at index [1]"), r.mismatch());
        assertFalse(cmp(new TensorValue(Tensor.ofInts(new long[] {1}, 1000)), new TensorValue(Tensor.ofInts(new long[] {1}, 1001))).matches());
        assertEquals("output 0 'y': max abs err 1 at index [1] (expected true, got false)",
                cmp(new TensorValue(Tensor.ofBooleans(new long[] {2}, true, true)),
                        new TensorValue(Tensor.ofBooleans(new long[] {2}, true, false))).mismatch());
    }

    @Test
    void stringsCompareExactly() {
        Value e = new TensorValue(Tensor.ofStrings(new long[] {2}, "monday", "tuesday"));
        assertTrue(cmp(e, new TensorValue(Tensor.ofStrings(new long[] {2}, "monday", "tuesday"))).matches());
        assertEquals("output 0 'y': string differs at index [1] (expected \"tuesday\", got \"Tuesday\")",
                cmp(e, new TensorValue(Tensor.ofStrings(new long[] {2}, "monday", "Tuesday"))).mismatch());
    }

    @Test
    void sequencesCompareElementwise() {
        Type ft = Type.tensor(DataType.FLOAT, 1);
        Value e = new SequenceValue(ft, List.of(f(new long[] {1}, 1), f(new long[] {1}, 2)));
        assertTrue(cmp(e, new SequenceValue(null, List.of(f(new long[] {1}, 1), f(new long[] {1}, 2)))).matches());
        assertEquals("output 0 'y'[1]: max abs err 1 at index [0] (expected 2, got 3)",
                cmp(e, new SequenceValue(ft, List.of(f(new long[] {1}, 1), f(new long[] {1}, 3)))).mismatch());
        assertEquals("output 0 'y': expected a sequence of 2 values, got 1",
                cmp(e, new SequenceValue(ft, List.of(f(new long[] {1}, 1)))).mismatch());
        assertTrue(cmp(new SequenceValue(ft, List.of()), new SequenceValue(null, List.of())).matches());
        assertFalse(cmp(e, f(new long[] {1}, 1)).matches());
    }

    @Test
    void optionalsCompareEmptinessThenValue() {
        Type ft = Type.tensor(DataType.FLOAT, 1);
        assertTrue(cmp(OptionalValue.empty(ft), OptionalValue.empty(null)).matches());
        assertEquals("output 0 'y': expected optional(empty), got optional(float[1])",
                cmp(OptionalValue.empty(ft), new OptionalValue(ft, f(new long[] {1}, 1))).mismatch());
        assertFalse(cmp(new OptionalValue(ft, f(new long[] {1}, 1)), OptionalValue.empty(ft)).matches());
        assertTrue(cmp(new OptionalValue(ft, f(new long[] {1}, 1)), new OptionalValue(ft, f(new long[] {1}, 1))).matches());
        assertFalse(cmp(new OptionalValue(ft, f(new long[] {1}, 1)), new OptionalValue(ft, f(new long[] {1}, 2))).matches());
    }

    @Test
    void mapsCompareByKey() {
        Value e = new MapValue(Tensor.ofLongs(new long[] {2}, 1, 2),
                new SequenceValue(null, List.of(f(new long[] {1}, 10), f(new long[] {1}, 20))));
        // same entries in another order, values held as one tensor with a row per key
        Value a = new MapValue(Tensor.ofLongs(new long[] {2}, 2, 1), f(new long[] {2, 1}, 20, 10));
        assertTrue(cmp(e, a).matches());
        Value wrong = new MapValue(Tensor.ofLongs(new long[] {2}, 1, 3), f(new long[] {2, 1}, 10, 20));
        assertEquals("output 0 'y': key 2 is missing", cmp(e, wrong).mismatch());
    }

    @Test
    void halfPrecisionAndComplexUseTheTolerance() {
        Value e = new TensorValue(Tensor.of(DataType.FLOAT16, new long[] {1}, new short[] {0x3c00})); // 1.0
        Value a = new TensorValue(Tensor.of(DataType.FLOAT16, new long[] {1}, new short[] {0x3c01})); // 1.000977
        assertTrue(ValueComparator.compare("y", e, a, new Tolerance(1e-3, 0)).matches());
        assertFalse(ValueComparator.compare("y", e, a, new Tolerance(1e-4, 0)).matches());
        Value ce = new TensorValue(Tensor.of(DataType.COMPLEX64, new long[] {1}, new float[] {1, 2}));
        Value ca = new TensorValue(Tensor.of(DataType.COMPLEX64, new long[] {1}, new float[] {1, 2.5f}));
        assertEquals("output 0 'y': max abs err 0.5 at index [0] (expected 2 (imaginary part), got 2.5 (imaginary part))",
                cmp(ce, ca).mismatch());
    }

    @Test
    void formatsNumbersShortly() {
        assertEquals("0.3", ValueComparator.fmt(0.30000001192092896));
        assertEquals("1.5", ValueComparator.fmt(1.5));
        assertEquals("2", ValueComparator.fmt(2.0));
        assertEquals("1.90735e-07", ValueComparator.fmt(1.9073486328125e-7));
        assertEquals("NaN", ValueComparator.fmt(Double.NaN));
    }
}
