package dev.modelx.passes.precision;

import dev.modelx.graph.Model;
import dev.modelx.passes.BasePass;
import dev.modelx.passes.Changes;
import dev.modelx.passes.PassOptions;
import dev.modelx.passes.Preservation;

/**
 * {@link PrecisionConverter} as a pass: named {@code fp16} or {@code bf16} in pipelines (default settings:
 * inputs and outputs converted too, the default block list), or built with any {@link PrecisionOptions}.
 * It rewrites the model in place and reports the converted and kept nodes and the Casts it added.
 * <p>
 * Its {@link #preservation()} is {@link Preservation#FLOAT_TOLERANCE}, the loosest promise the framework
 * has, but the outputs it gives differ from float32 by float16/bfloat16 rounding, far beyond
 * {@link Preservation#RELATIVE_TOLERANCE}: see {@link PrecisionOptions#FP16_RTOL} and {@link PrecisionOptions#BF16_RTOL}.
 */
public final class PrecisionPass extends BasePass {

    private final PrecisionOptions precision;
    private PrecisionReport last;

    public PrecisionPass(PrecisionOptions precision) {
        this(precision, PassOptions.defaults());
    }

    public PrecisionPass(PrecisionOptions precision, PassOptions options) {
        super(options);
        this.precision = precision.copy();
        if (this.precision.dims().isEmpty()) {
            this.precision.dims(this.options.dims());
        }
    }

    /** The {@code fp16} pass with default settings. */
    public static PrecisionPass fp16(PassOptions options) {
        return new PrecisionPass(PrecisionOptions.fp16(), options);
    }

    /** The {@code bf16} pass with default settings. */
    public static PrecisionPass bf16(PassOptions options) {
        return new PrecisionPass(PrecisionOptions.bf16(), options);
    }

    @Override
    public String name() {
        return precision.targetName();
    }

    @Override
    public String description() {
        return "converts float32 weights and computation to " + precision.target().displayName()
                + ", keeping ops that cannot or must not be converted in float32 with Casts at the boundaries";
    }

    @Override
    public Preservation preservation() {
        return Preservation.FLOAT_TOLERANCE;
    }

    /** The report of the last run, or null. */
    public PrecisionReport lastReport() {
        return last;
    }

    @Override
    protected void apply(Model model, Changes changes) {
        PrecisionReport r = PrecisionConverter.convert(model, precision);
        Model out = r.model();
        model.graph(out.graph());
        model.irVersion(out.irVersion());
        changes.added(r.castsInserted());
        changes.rewritten(r.nodesConverted());
        changes.note(r.summary());
        for (KeptNode k : r.keptForAReason()) {
            changes.note("kept " + k);
        }
        last = r;
    }
}
