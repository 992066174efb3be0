package dev.nnc.compiler.codegen;

import dev.nnc.compiler.ir.Node;
import java.util.Optional;

/**
 * A convolution whose input needs no gradient (the model's input), read only by a max pooling ({@link BiasPool#maxPooled}),
 * on the Java backend: its output's gradient is zero but where the pooling sends each window's gradient, so its weight
 * gradient is summed from what the pooling sent and where ({@code Gemm.ntWindowsPooled}), and the pooling neither zeroes
 * that gradient nor scatters into it. For 2 × 2 pooling that reads a quarter of the values. The MNIST CNN's conv1 (layer probe,
 * ms a step): the pooling's backward 0.38 → 0.04, the weight gradient 0.67 → 0.48; whole steps 18.9–20.2 → 17.9–18.2
 * (four alternating runs each, one of them in a slow phase). The gradient's array stays, unwritten: the
 * OpenCL kernel class, which computes it, uses the model's arrays as its own.
 */
final class PooledGradient {
    private PooledGradient() {}

    /** Whether convolution {@code n}'s weight gradient is summed from what the max pooling after it sent back. */
    static boolean applies(Layout l, Node n) {
        return BiasPool.maxPooled(l, n) && !l.needsGradient(n.inputs().get(0));
    }

    /** The convolution whose weight gradient reads max pooling {@code pool}'s gradient and arg-max, if any. */
    static Optional<Node> from(Layout l, Node pool) {
        return BiasPool.source(l, pool).filter(conv -> applies(l, conv));
    }
}
