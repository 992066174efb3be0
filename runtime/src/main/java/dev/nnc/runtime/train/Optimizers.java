package dev.nnc.runtime.train;

import dev.nnc.runtime.cpu.Updates;

/**
 * The optimizers' updates over elements [from, to) of one parameter, as PyTorch's optimizers define them, called by every
 * generated trainer for each of its parameters. One loop each, shared by all parameters and models, so that HotSpot
 * compiles it once rather than once a parameter: a loop per parameter cost C2 an on-stack and a whole compilation
 * apiece (15–45 ms each, the CNN's eight 0.24 s, while its first steps waited on the compiler). Each updates elements
 * [from, to) of the parameter {@code w} and its state, with the gradient from {@code grad[gradFrom]} on: the parameter's
 * own gradient array at the same index, in these plain loops, which C2 vectorises; or a block of a large layer's weight
 * gradient that {@link dev.nnc.runtime.cpu.Gemm#tnInto} hands over, at another index, through {@link Updates} (the Vector
 * API's, where present: C2 does not vectorise a loop that reads one array at another index than it writes another, as
 * they might be one). The gradient of element i is {@code g + decay · w[i]}, decay being an l2 term's share, which
 * {@code backward(n, true)} leaves to the update, or 0. Every path computes the same floats.
 */
public final class Optimizers {
    private Optimizers() {}

    /** The block updates, looked up on first use: a model without large layers never loads them. */
    private static final class Blocks {
        static final Updates UPDATES = Updates.get();
    }

    /** Plain SGD: w −= lr · g. */
    public static void sgd(float[] w, float[] grad, int gradFrom, int from, int to, float decay, float lr) {
        if (gradFrom != from) {
            Blocks.UPDATES.sgd(w, grad, gradFrom, from, to, decay, lr);
            return;
        }
        for (int i = from; i < to; i++) {
            final float g = grad[i] + decay * w[i];
            w[i] -= lr * g;
        }
    }

    /** Momentum: v = β·v + g, w −= lr · v. */
    public static void momentum(float[] w, float[] grad, int gradFrom, float[] velocity, int from, int to, float decay, float beta, float lr) {
        if (gradFrom != from) {
            Blocks.UPDATES.momentum(w, grad, gradFrom, velocity, from, to, decay, beta, lr);
            return;
        }
        for (int i = from; i < to; i++) {
            final float g = grad[i] + decay * w[i];
            final float v = velocity[i] = beta * velocity[i] + g;
            w[i] -= lr * v;
        }
    }

    /** AdaGrad: s += g², w −= lr · g / (√s + ε). */
    public static void adagrad(float[] w, float[] grad, int gradFrom, float[] squareSum, int from, int to, float decay, float lr, float eps) {
        if (gradFrom != from) {
            Blocks.UPDATES.adagrad(w, grad, gradFrom, squareSum, from, to, decay, lr, eps);
            return;
        }
        for (int i = from; i < to; i++) {
            final float g = grad[i] + decay * w[i];
            final float s = squareSum[i] += g * g;
            w[i] -= lr * g / ((float) Math.sqrt(s) + eps);
        }
    }

    /**
     * Adam: m = β₁·m + (1 − β₁)·g, v = β₂·v + (1 − β₂)·g², w −= stepSize · m / (√v · correction + ε), where stepSize is
     * lr / (1 − β₁ᵗ) and correction 1 / √(1 − β₂ᵗ) at step t (the bias corrections). 1 − β₁ and 1 − β₂ come rounded
     * from double, as the caller computes them (in float, 1 − 0.9 is not the float nearest 0.1).
     */
    public static void adam(float[] w, float[] grad, int gradFrom, float[] mean, float[] variance, int from, int to, float decay, float beta1,
                            float oneMinusBeta1, float beta2, float oneMinusBeta2, float stepSize, float correction, float eps) {
        if (gradFrom != from) {
            Blocks.UPDATES.adam(w, grad, gradFrom, mean, variance, from, to, decay, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize,
                    correction, eps);
            return;
        }
        for (int i = from; i < to; i++) {
            final float g = grad[i] + decay * w[i];
            final float m = mean[i] = beta1 * mean[i] + oneMinusBeta1 * g;
            final float v = variance[i] = beta2 * variance[i] + oneMinusBeta2 * g * g;
            w[i] -= stepSize * m / ((float) Math.sqrt(v) * correction + eps);
        }
    }
}
