package dev.modelx.runtime.kernels;

import dev.modelx.runtime.KernelRegistry;
import dev.modelx.runtime.kernels.control.ConcatFromSequence;
import dev.modelx.runtime.kernels.control.If;
import dev.modelx.runtime.kernels.control.Loop;
import dev.modelx.runtime.kernels.control.Optionals;
import dev.modelx.runtime.kernels.control.Scan;
import dev.modelx.runtime.kernels.control.SequenceMap;
import dev.modelx.runtime.kernels.control.Sequences;
import dev.modelx.runtime.kernels.control.SplitToSequence;

/** Registers this family's kernels: control flow (If, Loop, Scan), sequences and optionals. */
public final class ControlFlowKernels {

    /** Versions at which If and Loop only widened the value types they carry. */
    private static final int[] CONTROL_VERSIONS = {1, 11, 13, 16, 19, 21, 23, 24, 25};
    private static final int[] SCAN_VERSIONS = {9, 11, 16, 19, 21, 23, 24, 25};

    private ControlFlowKernels() {
    }

    public static void register(KernelRegistry r) {
        for (int v : CONTROL_VERSIONS) {
            r.add("If", v, If::v1);
            r.add("Loop", v, Loop::v1);
        }
        r.add("Scan", 8, Scan::v8);
        for (int v : SCAN_VERSIONS) {
            r.add("Scan", v, Scan::v9);
        }

        r.add("SequenceEmpty", 11, Sequences::empty);
        r.add("SequenceConstruct", 11, Sequences::construct);
        r.add("SequenceAt", 11, Sequences::at);
        r.add("SequenceInsert", 11, Sequences::insert);
        r.add("SequenceErase", 11, Sequences::erase);
        r.add("SequenceLength", 11, Sequences::length);
        r.add("SplitToSequence", 11, SplitToSequence::v11);
        r.add("SplitToSequence", 24, SplitToSequence::v11);
        r.add("ConcatFromSequence", 11, ConcatFromSequence::v11);
        r.add("SequenceMap", 17, SequenceMap::v17);

        r.add("Optional", 15, Optionals::optional);
        r.add("OptionalHasElement", 15, Optionals::hasElementV15);
        r.add("OptionalHasElement", 18, Optionals::hasElementV18);
        r.add("OptionalGetElement", 15, Optionals::getElementV15);
        r.add("OptionalGetElement", 18, Optionals::getElementV18);
    }
}
