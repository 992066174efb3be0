package dev.nnc.compiler.autodiff;

import dev.nnc.compiler.ir.ScalarExpr;

/**
 * One op of the gradient graph: it reads the gradient of forward node {@code node}'s output and adds
 * to the gradients of the node's inputs (those that need one) and writes its parameters' gradients.
 * Kernels for these ops are generated beside the forward ones, from the same IR.
 */
public sealed interface BackwardOp {

    /** The forward node whose output gradient this op propagates. */
    int node();

    /** dW = Σ dY ⋆ X (correlation), db = Σ dY, dX = dY convolved with the flipped kernel (when the input needs it). */
    record Conv2d(int node, boolean inputGradient) implements BackwardOp {}

    /** Max pooling routes dY to each window's arg-max; average pooling spreads it over the window's in-bounds cells. */
    record Pool(int node) implements BackwardOp {}

    /** dX = dY · W (when the input needs it), dW = dYᵀ · X, db = Σ_batch dY. */
    record Dense(int node, boolean inputGradient) implements BackwardOp {}

    /** dX = dY · f'(x), with f' derived symbolically. */
    record Map(int node, ScalarExpr derivative) implements BackwardOp {}

    /** dX_i = y_i (dY_i - Σ_j dY_j y_j), per example. */
    record Softmax(int node) implements BackwardOp {}

    /** dX = dY · mask, the mask the forward pass drew. */
    record Dropout(int node) implements BackwardOp {}

    /** The same numbers under another shape: dX = dY. */
    record Reshape(int node) implements BackwardOp {}

    /** dA = dY and dB = dY. */
    record Add(int node) implements BackwardOp {}

    /** Each input gets its slice of dY along dimension 0. */
    record Concat(int node) implements BackwardOp {}

    /** dX = dY · (x > 0 ? 1 : alpha_c), dAlpha_c = Σ dY · min(x, 0). */
    record Prelu(int node, boolean inputGradient) implements BackwardOp {}

    /** dY goes to the unit that won each group. */
    record Maxout(int node) implements BackwardOp {}
}
