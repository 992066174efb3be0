package dev.nnc.runtime.cpu;

/**
 * The optimizers' element-wise updates, as {@code dev.nnc.runtime.train.Optimizers} defines them: elements [from, to) of a
 * parameter {@code w} and its state, the gradient read from {@code grad[gradFrom]} on (the parameter's own gradient array,
 * or a block of a {@link Gemm#tnInto} product's buffer). The Vector API implementation exists because C2 does not vectorise
 * the plain loop when the gradient lies at another index than the weights: it cannot rule out that the two arrays are one.
 * Adam over CNN fc1's 3.2 M weights, two threads: 3.9 ms as a plain loop from another index, 1.1 ms at the same index.
 * Both implementations compute the same floats: the same operations in the same order, no fused multiply-adds.
 */
public interface Updates {

    void sgd(float[] w, float[] grad, int gradFrom, int from, int to, float decay, float lr);

    void momentum(float[] w, float[] grad, int gradFrom, float[] velocity, int from, int to, float decay, float beta, float lr);

    void adagrad(float[] w, float[] grad, int gradFrom, float[] squareSum, int from, int to, float decay, float lr, float eps);

    void adam(float[] w, float[] grad, int gradFrom, float[] mean, float[] variance, int from, int to, float decay, float beta1,
              float oneMinusBeta1, float beta2, float oneMinusBeta2, float stepSize, float correction, float eps);

    /** The Vector API implementation when the JVM has its module (as {@link Gemm#get()} decides), else the plain loops. */
    static Updates get() {
        return GemmProvider.updates();
    }

    /** The plain loops. */
    static Updates scalar() {
        return ScalarUpdates.INSTANCE;
    }
}
