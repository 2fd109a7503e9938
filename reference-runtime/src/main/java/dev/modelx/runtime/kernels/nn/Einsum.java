package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Einsum (op set 12): explicit or implicit output, ellipsis (broadcast, right-aligned), repeated labels
 * within a term (diagonals). Labels are ints: letters by their char code, ellipsis dims 0..E-1.
 */
public final class Einsum {

    private static final int ELLIPSIS = -1;

    private Einsum() {
    }

    public static void v12(OpContext c) {
        String eq = c.requireAttr("equation").asString().replaceAll("\\s", "");
        int nIn = c.inputCount();
        if (nIn == 0) {
            throw c.error("Einsum needs at least one input");
        }
        Tensor[] in = new Tensor[nIn];
        for (int i = 0; i < nIn; i++) {
            in[i] = c.input(i);
            Nn.requireNumeric(c, in[i], "input " + i);
            if (in[i].type() != in[0].type()) {
                throw c.error("inputs must share one type, got " + in[0].type().displayName() + " and " + in[i].type().displayName());
            }
        }
        int arrow = eq.indexOf("->");
        String lhs = arrow < 0 ? eq : eq.substring(0, arrow);
        String[] terms = lhs.split(",", -1);
        if (terms.length != nIn) {
            throw c.error("equation '" + eq + "' has " + terms.length + " operand terms for " + nIn + " inputs");
        }
        List<int[]> termLabels = new ArrayList<>();
        int ellRank = 0;
        for (int i = 0; i < nIn; i++) {
            int[] raw = parseTerm(c, terms[i], eq);
            int letters = 0;
            boolean hasEll = false;
            for (int l : raw) {
                if (l == ELLIPSIS) {
                    hasEll = true;
                } else {
                    letters++;
                }
            }
            int r = in[i].rank();
            int e = r - letters;
            if (hasEll ? e < 0 : e != 0) {
                throw c.error("term '" + terms[i] + "' of '" + eq + "' does not match input " + i + " of rank " + r);
            }
            ellRank = Math.max(ellRank, hasEll ? e : 0);
            termLabels.add(raw);
        }
        // expand ellipses into labels 0..E-1, right-aligned
        Map<Integer, Long> sizes = new LinkedHashMap<>();
        List<int[]> dims = new ArrayList<>();
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        for (int i = 0; i < nIn; i++) {
            int[] raw = termLabels.get(i);
            int e = in[i].rank() - (int) Arrays.stream(raw).filter(l -> l != ELLIPSIS).count();
            int[] lab = new int[in[i].rank()];
            int p = 0;
            for (int l : raw) {
                if (l == ELLIPSIS) {
                    for (int k = 0; k < e; k++) {
                        lab[p++] = ellRank - e + k;
                    }
                } else {
                    lab[p++] = l;
                    counts.merge(l, 1, Integer::sum);
                }
            }
            for (int d = 0; d < lab.length; d++) {
                long s = in[i].dim(d);
                Long prev = sizes.get(lab[d]);
                if (prev == null || prev == 1) {
                    sizes.put(lab[d], s);
                } else if (s != prev && s != 1) {
                    throw c.error("label " + name(lab[d]) + " has sizes " + prev + " and " + s + " in '" + eq + "'");
                }
            }
            dims.add(lab);
        }
        for (int k = 0; k < ellRank; k++) {
            sizes.putIfAbsent(k, 1L);
        }
        List<Integer> outLabels = new ArrayList<>();
        if (arrow >= 0) {
            for (int l : parseTerm(c, eq.substring(arrow + 2), eq)) {
                if (l == ELLIPSIS) {
                    for (int k = 0; k < ellRank; k++) {
                        outLabels.add(k);
                    }
                } else {
                    if (!sizes.containsKey(l) || outLabels.contains(l)) {
                        throw c.error("output label " + name(l) + " of '" + eq + "' is unknown or repeated");
                    }
                    outLabels.add(l);
                }
            }
        } else {
            for (int k = 0; k < ellRank; k++) {
                outLabels.add(k);
            }
            counts.forEach((l, n) -> {
                if (n == 1) {
                    outLabels.add(l);
                }
            });
        }
        List<Integer> all = new ArrayList<>(outLabels);
        for (Integer l : sizes.keySet()) {
            if (!all.contains(l)) {
                all.add(l);
            }
        }
        int nl = all.size();
        long[] sz = new long[nl];
        long[] outShape = new long[outLabels.size()];
        for (int j = 0; j < nl; j++) {
            sz[j] = sizes.get(all.get(j));
            if (j < outShape.length) {
                outShape[j] = sz[j];
            }
        }
        long outSize = Tensor.elementCount(outShape);
        Tensor.checkAllocatable(outSize, DataType.DOUBLE);
        long[][] st = new long[nIn][nl];
        for (int i = 0; i < nIn; i++) {
            int[] lab = dims.get(i);
            long[] s = dev.modelx.runtime.Shapes.strides(in[i].shape());
            for (int d = 0; d < lab.length; d++) {
                if (in[i].dim(d) != 1) {
                    st[i][all.indexOf(lab[d])] += s[d];
                }
            }
        }
        long inner = 1;
        for (int j = outShape.length; j < nl; j++) {
            inner *= sz[j];
        }
        DataType t = in[0].type();
        if (t.isFloatingPoint()) {
            double[][] v = new double[nIn][];
            for (int i = 0; i < nIn; i++) {
                v[i] = Nn.doubles(in[i]);
            }
            double[] out = new double[(int) outSize];
            contract(sz, st, inner, outSize, (offs, o) -> {
                double p = 1;
                for (int i = 0; i < nIn; i++) {
                    p *= v[i][(int) offs[i]];
                }
                out[o] += p;
            });
            c.output(0, Tensors.fromDoubles(t, outShape, out));
        } else {
            long[][] v = new long[nIn][];
            for (int i = 0; i < nIn; i++) {
                v[i] = in[i].toLongArray();
            }
            long[] out = new long[(int) outSize];
            contract(sz, st, inner, outSize, (offs, o) -> {
                long p = 1;
                for (int i = 0; i < nIn; i++) {
                    p *= v[i][(int) offs[i]];
                }
                out[o] += p;
            });
            c.output(0, Tensors.fromLongs(t, outShape, out));
        }
    }

    private interface Step {
        void add(long[] offsets, int outIndex);
    }

    /** Walks every combination of label values, output labels outermost, with running offsets per input. */
    private static void contract(long[] sz, long[][] st, long inner, long outSize, Step step) {
        long total = outSize * inner;
        if (total == 0) {
            return;
        }
        int nl = sz.length;
        int nIn = st.length;
        long[] offs = new long[nIn];
        long[] ctr = new long[nl];
        for (long it = 0; it < total; it++) {
            step.add(offs, (int) (it / inner));
            for (int j = nl - 1; j >= 0; j--) {
                ctr[j]++;
                for (int i = 0; i < nIn; i++) {
                    offs[i] += st[i][j];
                }
                if (ctr[j] < sz[j]) {
                    break;
                }
                for (int i = 0; i < nIn; i++) {
                    offs[i] -= st[i][j] * ctr[j];
                }
                ctr[j] = 0;
            }
        }
    }

    private static int[] parseTerm(OpContext c, String term, String eq) {
        List<Integer> out = new ArrayList<>();
        boolean ell = false;
        for (int i = 0; i < term.length(); i++) {
            char ch = term.charAt(i);
            if (ch == '.') {
                if (ell || !term.startsWith("...", i)) {
                    throw c.error("malformed ellipsis in '" + eq + "'");
                }
                ell = true;
                out.add(ELLIPSIS);
                i += 2;
            } else if (ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z') {
                out.add((int) ch);
            } else {
                throw c.error("unexpected character '" + ch + "' in equation '" + eq + "'");
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String name(int label) {
        return label >= 'A' ? "'" + (char) label + "'" : "of ellipsis dim " + label;
    }
}
