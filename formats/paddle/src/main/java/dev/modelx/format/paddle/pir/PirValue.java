package dev.modelx.format.paddle.pir;

/** A value defined by an op result (id counting up from 1) or a block argument (id counting down from -1). */
public record PirValue(long id, PirType type) {
}
