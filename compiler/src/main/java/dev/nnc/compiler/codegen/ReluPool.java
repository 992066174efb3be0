package dev.nnc.compiler.codegen;

import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import dev.nnc.compiler.ir.ScalarExpr;
import java.util.List;
import java.util.Optional;

/**
 * A ReLU whose one use is a max pooling, computed by the pooling on the Java backend: maxpool(relu(x)) is
 * relu(maxpool(x)), with the same arg-max where the maximum is positive, and where it is not both send no gradient
 * back. So the pooling reads the ReLU's input, applies the ReLU to each window's maximum, and sends its gradient
 * through the arg-max times the ReLU's derivative there: the ReLU's activations and gradient are never computed, two
 * passes over a convolution's output fewer each way (conv1's: 5 MB each at a batch of 50). The arrays stay: the OpenCL
 * kernel class, which keeps both layers, uses the model's arrays as its own. {@code firstNonFinite} skips them.
 */
final class ReluPool {
    private static final ScalarExpr RELU = new ScalarExpr.Call(ScalarExpr.Builtin.RELU, List.of(new ScalarExpr.X()));

    private ReluPool() {}

    /** Whether node {@code n} is a ReLU that the max pooling after it computes. */
    static boolean fused(Layout l, Node n) {
        if (!(n.op() instanceof Op.Elementwise e) || !e.function().equals(RELU) || n.inputs().size() != 1 || !l.live(n.id())) {
            return false;
        }
        if (l.lossNode(n.id())) {
            return false;
        }
        List<Node> uses = l.uses(n.id());
        return uses.size() == 1 && uses.get(0).inputs().size() == 1 && uses.get(0).op() instanceof Op.Pool p
                && p.pool() == Op.PoolKind.MAX;
    }

    /** The ReLU that max pooling {@code pool} computes, if any. */
    static Optional<Node> into(Layout l, Node pool) {
        if (!(pool.op() instanceof Op.Pool) || pool.inputs().size() != 1) {
            return Optional.empty();
        }
        Node input = l.node(pool.inputs().get(0));
        return fused(l, input) ? Optional.of(input) : Optional.empty();
    }
}
