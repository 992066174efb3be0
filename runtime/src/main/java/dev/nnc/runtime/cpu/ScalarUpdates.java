package dev.nnc.runtime.cpu;

/** {@link Updates} as plain loops; the Vector API implementation finishes its last partial vector with them. */
final class ScalarUpdates implements Updates {
    static final ScalarUpdates INSTANCE = new ScalarUpdates();

    private ScalarUpdates() {}

    @Override
    public void sgd(float[] w, float[] grad, int gradFrom, int from, int to, float decay, float lr) {
        final int shift = gradFrom - from;
        for (int i = from; i < to; i++) {
            final float g = grad[i + shift] + decay * w[i];
            w[i] -= lr * g;
        }
    }

    @Override
    public void momentum(float[] w, float[] grad, int gradFrom, float[] velocity, int from, int to, float decay, float beta, float lr) {
        final int shift = gradFrom - from;
        for (int i = from; i < to; i++) {
            final float g = grad[i + shift] + decay * w[i];
            final float v = velocity[i] = beta * velocity[i] + g;
            w[i] -= lr * v;
        }
    }

    @Override
    public void adagrad(float[] w, float[] grad, int gradFrom, float[] squareSum, int from, int to, float decay, float lr, float eps) {
        final int shift = gradFrom - from;
        for (int i = from; i < to; i++) {
            final float g = grad[i + shift] + decay * w[i];
            final float s = squareSum[i] += g * g;
            w[i] -= lr * g / ((float) Math.sqrt(s) + eps);
        }
    }

    @Override
    public void adam(float[] w, float[] grad, int gradFrom, float[] mean, float[] variance, int from, int to, float decay, float beta1,
                     float oneMinusBeta1, float beta2, float oneMinusBeta2, float stepSize, float correction, float eps) {
        final int shift = gradFrom - from;
        for (int i = from; i < to; i++) {
            final float g = grad[i + shift] + decay * w[i];
            final float m = mean[i] = beta1 * mean[i] + oneMinusBeta1 * g;
            final float v = variance[i] = beta2 * variance[i] + oneMinusBeta2 * g * g;
            w[i] -= stepSize * m / ((float) Math.sqrt(v) * correction + eps);
        }
    }
}
