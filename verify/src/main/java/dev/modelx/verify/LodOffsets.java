package dev.modelx.verify;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generated LoD offsets that agree with their data. The Paddle importer gives a LoD tensor {@code X} one int64 input
 * {@code X.lod0}, ..., {@code X.lod{L-1}} per level, outermost first (docs/paddle-lod.md): each starts at 0, never
 * decreases and ends at the number of items of the next finer level, the finest ending at X's row count. Random
 * integers would not; this rewrites the generated ones (given inputs are left as they are) into offsets that split
 * the items as evenly as possible, with at least one sequence per level.
 */
final class LodOffsets {

    private static final Pattern LOD = Pattern.compile("(.+)\\.lod(\\d+)");

    private LodOffsets() {
    }

    static void makeConsistent(List<InputSynthesizer.Input> inputs) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            index.put(inputs.get(i).name(), i);
        }
        Map<String, List<Integer>> levelsByData = new LinkedHashMap<>();
        for (InputSynthesizer.Input in : inputs) {
            Matcher m = LOD.matcher(in.name());
            if (m.matches() && index.containsKey(m.group(1)) && in.tensor().type() == DataType.INT64 && in.tensor().shape().length == 1) {
                levelsByData.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Integer.parseInt(m.group(2)));
            }
        }
        levelsByData.forEach((data, levels) -> {
            long[] dataShape = inputs.get(index.get(data)).tensor().shape();
            long items = dataShape.length == 0 ? 1 : dataShape[0];
            for (int level = levels.stream().mapToInt(Integer::intValue).max().orElse(-1); level >= 0; level--) {
                Integer at = index.get(data + ".lod" + level);
                if (at == null) {
                    return; // a gap in the levels: leave the rest as generated
                }
                InputSynthesizer.Input in = inputs.get(at);
                if (in.given()) {
                    items = in.tensor().shape()[0] - 1;
                    continue;
                }
                long[] offsets = evenSplit(items, Math.max(2, in.tensor().shape()[0]));
                inputs.set(at, new InputSynthesizer.Input(in.name(), Tensor.ofLongs(new long[] {offsets.length}, offsets), false,
                        "LoD offsets over " + items + (level == levels.size() - 1 ? " rows of " + data : " sequences of level " + (level + 1))));
                items = offsets.length - 1;
            }
        });
    }

    /** {@code count} offsets from 0 to {@code items}, as even as integers allow. */
    static long[] evenSplit(long items, long count) {
        long[] o = new long[(int) count];
        for (int i = 0; i < count; i++) {
            o[i] = items * i / (count - 1);
        }
        return o;
    }
}
