package dev.nnc.compiler.ir;

/** How a parameter is initialised before training. */
public sealed interface Init {
    record Zeros() implements Init {}

    record Constant(double value) implements Init {}

    record Uniform(double low, double high) implements Init {}

    record Normal(double mean, double std) implements Init {}

    /** Normal with values beyond two standard deviations redrawn, as TensorFlow's truncated_normal. */
    record TruncatedNormal(double std) implements Init {}

    /** Glorot uniform: U(-a, a) with a = sqrt(6 / (fanIn + fanOut)). */
    record Xavier() implements Init {}

    /** Kaiming normal: N(0, 2 / fanIn). */
    record He() implements Init {}
}
