package dev.modelx.runtime.kernels.control;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.Type;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.value.OptionalValue;
import dev.modelx.runtime.value.Value;

/** Optional (15), OptionalHasElement (15, 18), OptionalGetElement (15, 18). */
public final class Optionals {

    private Optionals() {
    }

    /** Optional: wraps its input, or makes an empty optional of the 'type' attribute when there is none. */
    public static void optional(OpContext ctx) {
        Value v = ctx.value(0);
        Attribute typeAttr = ctx.attr("type");
        Type declared = typeAttr == null ? null : typeAttr.asType();
        if (v == null) {
            if (declared == null) {
                throw ctx.error("an Optional without input needs the 'type' attribute");
            }
            ctx.output(0, OptionalValue.empty(declared));
            return;
        }
        if (v instanceof OptionalValue) {
            throw ctx.error("input must be a tensor or a sequence, got " + v.describe());
        }
        ctx.output(0, new OptionalValue(declared != null ? declared : Values.typeOf(v), v));
    }

    /** Op set 15: the input must be an optional. */
    public static void hasElementV15(OpContext ctx) {
        Value v = ctx.value(0);
        if (!(v instanceof OptionalValue o)) {
            throw ctx.error("input must be an optional, got " + (v == null ? "nothing" : v.describe()));
        }
        ctx.output(0, dev.modelx.graph.Tensor.ofBooleans(new long[0], o.isPresent()));
    }

    /** Op set 18: the input may be omitted (false), an optional, or a plain tensor/sequence (true). */
    public static void hasElementV18(OpContext ctx) {
        Value v = ctx.value(0);
        boolean present = v != null && (!(v instanceof OptionalValue o) || o.isPresent());
        ctx.output(0, dev.modelx.graph.Tensor.ofBooleans(new long[0], present));
    }

    /** Op set 15: the input must be a non-empty optional. */
    public static void getElementV15(OpContext ctx) {
        Value v = ctx.value(0);
        if (!(v instanceof OptionalValue o)) {
            throw ctx.error("input must be an optional, got " + (v == null ? "nothing" : v.describe()));
        }
        ctx.output(0, element(ctx, o));
    }

    /** Op set 18: a plain tensor or sequence passes through; an optional must hold a value. */
    public static void getElementV18(OpContext ctx) {
        Value v = ctx.value(0);
        if (v == null) {
            throw ctx.error("input is required but missing");
        }
        ctx.output(0, v instanceof OptionalValue o ? element(ctx, o) : v);
    }

    private static Value element(OpContext ctx, OptionalValue o) {
        if (!o.isPresent()) {
            throw ctx.error("the optional input is empty");
        }
        return o.value();
    }
}
