package dev.modelx.importer.tflite;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The TFLite builtins whose semantics a test method checks against values worked out from TFLite's kernel
 * definition (not from this importer's output). {@link BuiltinCoverageTest} requires one for every converter.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Covers {
    String[] value();
}
