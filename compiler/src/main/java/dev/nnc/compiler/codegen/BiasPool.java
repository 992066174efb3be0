package dev.nnc.compiler.codegen;

import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import java.util.List;
import java.util.Optional;

/**
 * A convolution's bias added by the max pooling after it, on the Java backend: the pooling reads the convolution's
 * output directly or through a ReLU that it computes ({@link ReluPool}). A bias is one value per channel and pooling
 * windows lie within a channel, so max(x + b) = max(x) + b, rounding included (adding b to a float is monotonic), and
 * the arg-max is one of the same window's. So the pooling adds the bias to each window's maximum, and the pass that
 * added it to every output of the convolution is gone (conv1's: 5 MB each way at a batch of 50). The convolution's
 * array then holds its outputs less the bias: only that pooling reads it.
 */
final class BiasPool {
    private BiasPool() {}

    /** Whether convolution {@code n}'s bias is added by the max pooling after it. */
    static boolean deferred(Layout l, Node n) {
        return n.params().size() > 1 && maxPooled(l, n);
    }

    /**
     * Whether node {@code n} is a convolution that only a max pooling reads, directly or through a ReLU the pooling
     * computes ({@link ReluPool}).
     */
    static boolean maxPooled(Layout l, Node n) {
        if (!(n.op() instanceof Op.Conv2d) || !l.live(n.id()) || l.lossNode(n.id())) {
            return false;
        }
        List<Node> uses = l.uses(n.id());
        if (uses.size() != 1) {
            return false;
        }
        Node use = uses.get(0);
        return ReluPool.fused(l, use) || maxPool(use);
    }

    /** The max pooling that reads convolution {@code conv}, which {@link #maxPooled} holds for. */
    static Node pooling(Layout l, Node conv) {
        Node use = l.uses(conv.id()).get(0);
        return ReluPool.fused(l, use) ? l.uses(use.id()).get(0) : use;
    }

    /** The convolution that max pooling {@code pool} reads, directly or through a ReLU it computes, if any. */
    static Optional<Node> source(Layout l, Node pool) {
        if (!maxPool(pool)) {
            return Optional.empty();
        }
        Node input = l.node(pool.inputs().get(0));
        Node conv = ReluPool.fused(l, input) ? l.node(input.inputs().get(0)) : input;
        return maxPooled(l, conv) ? Optional.of(conv) : Optional.empty();
    }

    /** The convolution whose bias max pooling {@code pool} adds, if any. */
    static Optional<Node> into(Layout l, Node pool) {
        return source(l, pool).filter(conv -> deferred(l, conv));
    }

    private static boolean maxPool(Node n) {
        return n.op() instanceof Op.Pool p && p.pool() == Op.PoolKind.MAX && n.inputs().size() == 1;
    }
}
