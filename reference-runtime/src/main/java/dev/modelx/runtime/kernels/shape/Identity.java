package dev.modelx.runtime.kernels.shape;

import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.value.Value;

/** Identity: passes any value through (tensor, sequence or optional since op set 14/16). */
final class Identity {

    private Identity() {
    }

    static void v1(OpContext c) {
        Value v = c.value(0);
        if (v == null) {
            throw c.error("input 0 is required but missing");
        }
        c.output(0, v);
    }
}
