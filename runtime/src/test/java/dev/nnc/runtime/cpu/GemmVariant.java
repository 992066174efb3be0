package dev.nnc.runtime.cpu;

/** The three products of {@link Gemm}, for parameterised tests. */
enum GemmVariant {
    NN, NT, TN;

    /** A is stored k×m. */
    boolean aTransposed() {
        return this == TN;
    }

    /** B is stored n×k. */
    boolean bTransposed() {
        return this == NT;
    }
}
