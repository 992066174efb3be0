package dev.nnc.compiler.codegen;

import dev.nnc.compiler.autodiff.BackwardOp;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Parameter;
import java.util.List;
import java.util.Optional;

/**
 * Dense layers whose weight gradient the Java trainer computes inside its update: {@code backward(n, true)} leaves it
 * out, and the model's {@code <weight>Gradient(sink)} hands it to the optimizer a block at a time, while the product's
 * buffer holds it in L2 ({@code Gemm.tnInto}), so that it never passes through memory whole. A dense layer's weight
 * gradient is its one product with k = the batch: the product writes an array as large as the weights, and the update
 * reads it back (CNN fc1: 12.8 MB each way, every step). The gradient's array stays for {@code backward(n)} and for the
 * shapes the runtime computes whole first.
 */
final class FusedUpdate {
    private FusedUpdate() {}

    /**
     * Weights from which on the gradient goes straight into the update: 1 MB of floats, a core's L2 here. A smaller one
     * stays in the caches between the product and the update anyway (the MLP's 784 × 128), and its update is then a
     * plain loop, which needs no warm-up: the Vector API's interpreted in the first steps took the MLP's first epoch
     * 0.6 → 0.77 s.
     */
    static final int MIN_WEIGHTS = 1 << 18;

    /** The dense layers whose weight gradient goes straight into the update: those in float with large weights. */
    static List<Node> layers(Layout l) {
        if (l.precision != Precision.FLOAT) {
            return List.of();
        }
        return l.gradients.ops().stream().filter(op -> op instanceof BackwardOp.Dense).map(op -> l.node(op.node()))
                .filter(n -> n.params().get(0).size() >= MIN_WEIGHTS).toList();
    }

    /** The dense layer whose weight is {@code p}, when its gradient goes straight into the update. */
    static Optional<Node> layerOf(Layout l, Parameter p) {
        return layers(l).stream().filter(n -> n.params().get(0).equals(p)).findFirst();
    }

    /** Whether dense layer {@code n}'s weight gradient goes straight into the update. */
    static boolean applies(Layout l, Node n) {
        return layers(l).contains(n);
    }

    /** The model's method that hands weight {@code p}'s gradient to a sink. */
    static String method(Layout l, Parameter p) {
        return l.param(p) + "Gradient";
    }

    /** Whether {@code backward(n, true)} leaves anything to the update: an l2 term's share or a weight gradient. */
    static boolean leavesAnything(Layout l) {
        return !LossEmitter.decayed(l).isEmpty() || !layers(l).isEmpty();
    }
}
